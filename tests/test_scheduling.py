"""Scheduled go-live and expiry: what the worker publishes, when, and only once."""

import datetime as dt
import threading

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.checks import Error
from django.core.management import CommandError, call_command
from django.db import connections
from wagtail.models import PageLogEntry, Revision

from chancery.newsroom.factories import PublicationPageFactory
from chancery.newsroom.models import PublicationPage
from chancery.scheduling import jobs
from chancery.scheduling.checks import check_sqlite_transactions_serialise
from chancery.scheduling.management.commands.run_worker import Command, run_jobs
from chancery.scheduling.publishing import fire_due, next_due_at
from tests.accounts_helpers import sign_in
from tests.editorial_helpers import approve
from tests.test_admin import publication_form

UTC = dt.UTC
NOON = dt.datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def schedule(page, go_live_at):
    """Publish `page` as an editor would with a go-live time in the future."""
    page.go_live_at = go_live_at
    with time_machine.travel(go_live_at - dt.timedelta(hours=1), tick=False):
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def scheduled_publish_count(page):
    return PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled").count()


def test_publishing_schedules_instead_of_going_live(news, statement_kind):
    """Publishing with a future go-live leaves the item unpublished and its revision approved."""
    page = schedule(PublicationPageFactory(parent=news, live=False), NOON)
    assert not page.live
    assert Revision.objects.get(object_id=str(page.pk)).approved_go_live_at == NOON


def test_nothing_is_published_before_its_minute(news, statement_kind):
    """A second before the go-live time the worker publishes nothing."""
    page = schedule(PublicationPageFactory(parent=news, live=False), NOON)
    assert fire_due(NOON - dt.timedelta(seconds=1)) == []
    page.refresh_from_db()
    assert not page.live


def test_item_goes_live_at_its_minute(news, statement_kind):
    """At the go-live time the item becomes live, logged as a scheduled publish."""
    page = schedule(PublicationPageFactory(parent=news, live=False), NOON)
    with time_machine.travel(NOON + dt.timedelta(seconds=2), tick=False):
        fired = fire_due()
    assert [f.action for f in fired] == ["published"]
    page.refresh_from_db()
    assert page.live
    assert page.first_published_at == NOON + dt.timedelta(seconds=2)
    assert scheduled_publish_count(page) == 1
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()


def test_go_live_fires_once(news, statement_kind):
    """Checking again after a go-live publishes nothing more."""
    page = schedule(PublicationPageFactory(parent=news, live=False), NOON)
    with time_machine.travel(NOON + dt.timedelta(seconds=1), tick=False):
        fire_due()
        assert fire_due() == []
    assert scheduled_publish_count(page) == 1


def test_scheduled_change_to_a_live_item(news, statement_kind):
    """A new version of a live item scheduled for later replaces the live one at its minute."""
    page = PublicationPageFactory(parent=news, title="Old title")
    with time_machine.travel(NOON - dt.timedelta(days=1), tick=False):
        page.save_revision().publish()
    page.refresh_from_db()
    page.title = "New title"
    schedule(page, NOON)
    assert PublicationPage.objects.get(pk=page.pk).title == "Old title"
    with time_machine.travel(NOON, tick=False):
        fire_due()
    assert PublicationPage.objects.get(pk=page.pk).title == "New title"


def test_item_expires_at_its_minute(news, statement_kind):
    """A live item whose expiry time has come is unpublished and marked expired."""
    page = PublicationPageFactory(parent=news, expire_at=NOON)
    assert fire_due(NOON - dt.timedelta(seconds=1)) == []
    with time_machine.travel(NOON, tick=False):
        fired = fire_due()
    assert [f.action for f in fired] == ["expired"]
    page.refresh_from_db()
    assert not page.live
    assert page.expired


def test_next_due_is_the_earliest_go_live_or_expiry(news, statement_kind):
    """The worker wakes for the earliest go-live or expiry still to come."""
    assert next_due_at() is None
    schedule(PublicationPageFactory(parent=news, live=False), NOON)
    PublicationPageFactory(parent=news, expire_at=NOON - dt.timedelta(minutes=5))
    assert next_due_at() == NOON - dt.timedelta(minutes=5)


def test_worker_sleeps_until_the_next_go_live(news, statement_kind):
    """Between regular checks, the worker wakes exactly when the next item is due."""
    schedule(PublicationPageFactory(parent=news, live=False), NOON)
    with time_machine.travel(NOON - dt.timedelta(seconds=3), tick=False):
        assert Command().seconds_until_next_check(10) == 3
    with time_machine.travel(NOON - dt.timedelta(seconds=30), tick=False):
        assert Command().seconds_until_next_check(10) == 10


def test_worker_refuses_a_bad_interval(db):
    """An interval outside 1–60 seconds is refused with a clear error."""
    with pytest.raises(CommandError, match="between 1 and 60"):
        call_command("run_worker", "--interval", "0", "--once")


def test_registered_jobs_run_and_a_failing_one_does_not_stop_the_others(db):
    """Every registered job is called; one that raises does not keep the next from running."""
    calls = []

    def broken():
        raise RuntimeError("feed is down")

    jobs.register("test.broken", broken, every=dt.timedelta(seconds=30))
    jobs.register("test.counting", lambda: calls.append(1), every=dt.timedelta(seconds=30))
    try:
        run_jobs(threading.Event(), once=True)
    finally:
        jobs.unregister("test.broken")
        jobs.unregister("test.counting")
    assert calls == [1]


def test_job_interval_must_be_positive():
    """A job with a zero interval is refused when it is registered."""
    with pytest.raises(ValueError):
        jobs.register("test.zero", lambda: None, every=dt.timedelta(0))
    assert "test.zero" not in [job.name for job in jobs.registered_jobs()]


def test_sqlite_without_immediate_transactions_is_refused(settings):
    """SQLite with deferred transactions fails the system check (two workers could race)."""
    connection = connections["default"]
    original = connection.settings_dict.get("OPTIONS")
    connection.settings_dict["ENGINE"], engine = (
        "django.db.backends.sqlite3",
        connection.settings_dict["ENGINE"],
    )
    connection.settings_dict["OPTIONS"] = {"transaction_mode": "DEFERRED"}
    try:
        errors = check_sqlite_transactions_serialise(None)
    finally:
        connection.settings_dict["ENGINE"] = engine
        connection.settings_dict["OPTIONS"] = original
    assert [e.id for e in errors if isinstance(e, Error)] == ["scheduling.E001"]


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("press", "press@example.org", "pw-tests")
    return sign_in(client, user, "pw-tests")


def test_editor_schedules_an_item_in_the_admin(
    editor_client, news, statement_kind, client_for, second_press_secretary
):
    """Approving an item with a go-live time schedules it; its publication time follows the
    go-live, and the worker makes it live at that minute."""
    data = publication_form(statement_kind, published_at="2026-03-09 08:00")
    # Publications go out only through a second person's approval (chancery.editorial).
    data.update({"go_live_at": "2026-03-10 12:00", "expire_at": "", "action-submit": "1"})
    with time_machine.travel(NOON - dt.timedelta(days=1), tick=False):
        response = editor_client.post(f"/admin/pages/add/newsroom/publicationpage/{news.pk}/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
        page = PublicationPage.objects.get(slug="statement-from-the-admin")
        approve(client_for(second_press_secretary), page)
    assert not page.live
    go_live = page.scheduled_revision.approved_go_live_at
    assert page.get_scheduled_revision_as_object().published_at == go_live
    assert fire_due(go_live - dt.timedelta(seconds=1)) == []
    with time_machine.travel(go_live, tick=False):
        fire_due()
    page.refresh_from_db()
    assert page.live
    assert page.published_at == go_live
