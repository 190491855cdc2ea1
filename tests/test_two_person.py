"""The second pair of eyes: nobody publishes an item that only they have seen, by any route."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from chancery.editorial.enums import EditorialGroup
from chancery.newsroom.factories import PublicationPageFactory
from chancery.newsroom.models import PublicationPage
from tests.editorial_helpers import (
    add_url,
    approve,
    edit_url,
    publication_data,
    submit_new,
    workflow_action_url,
)


def the_item():
    return PublicationPage.objects.get(slug="statement-on-the-harbour")


def assert_still_in_review():
    # Wagtail's admin answers a refused action with a redirect and an error message, so what
    # counts is that nothing was approved or published.
    page = the_item()
    assert not page.live
    assert page.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS


@pytest.fixture
def submitted_by_author(client_for, author, news, statement_kind):
    response = submit_new(client_for(author), news, statement_kind)
    assert response.status_code == 302, response.content.decode()[:2000]
    return the_item()


@pytest.fixture
def submitted_by_press_secretary(client_for, press_secretary, news, statement_kind):
    response = submit_new(client_for(press_secretary), news, statement_kind)
    assert response.status_code == 302, response.content.decode()[:2000]
    return the_item()


def test_groups_are_created_with_their_names(db):
    """The four roles exist as groups after migrating."""
    names = set(Group.objects.values_list("name", flat=True))
    assert {choice.value for choice in EditorialGroup} <= names


def test_submitted_item_is_in_review_and_not_live(submitted_by_author):
    """Submitting starts the two-person workflow; nothing is public yet."""
    assert not submitted_by_author.live
    assert submitted_by_author.workflow_in_progress


def test_second_person_approval_publishes(client_for, submitted_by_author, press_secretary, client):
    """A press secretary approving an author's item puts it on the front page."""
    response = approve(client_for(press_secretary), submitted_by_author)
    assert response.status_code == 302
    page = the_item()
    assert page.live
    assert "Statement on the harbour" in client.get("/en/").content.decode()


def test_author_has_no_publish_button_route(client_for, author, news, statement_kind):
    """An author's crafted create-and-publish POST saves a draft, nothing more."""
    client_for(author).post(
        add_url(news), {**publication_data(statement_kind), "action-publish": "publish"}
    )
    assert not the_item().live


def test_author_cannot_approve_own_item(client_for, author, submitted_by_author):
    """The approve action URL refuses an author."""
    approve(client_for(author), submitted_by_author)
    assert_still_in_review()


def test_press_secretary_cannot_publish_own_item_with_publish_button(
    client_for, press_secretary, news, statement_kind
):
    """Even a press secretary's own create-and-publish POST only saves a draft."""
    browser = client_for(press_secretary)
    browser.post(add_url(news), {**publication_data(statement_kind), "action-publish": "publish"})
    page = the_item()
    assert not page.live
    browser.post(edit_url(page), {**publication_data(statement_kind), "action-publish": "publish"})
    assert not the_item().live


def test_last_editor_cannot_approve_through_workflow_url(
    client_for, press_secretary, submitted_by_press_secretary
):
    """The workflow action URL refuses the item's last editor."""
    approve(client_for(press_secretary), submitted_by_press_secretary)
    assert_still_in_review()


def test_last_editor_cannot_approve_in_editor(
    client_for, press_secretary, statement_kind, submitted_by_press_secretary
):
    """Approving from the edit view's action menu does nothing for the last editor."""
    page = submitted_by_press_secretary
    client_for(press_secretary).post(
        edit_url(page),
        {
            **publication_data(statement_kind),
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
        },
    )
    page = the_item()
    assert not page.live
    assert page.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS


def test_reviewer_who_rewrites_cannot_approve_own_rewrite(
    client_for,
    author,
    press_secretary,
    second_press_secretary,
    statement_kind,
    submitted_by_author,
):
    """A reviewer's edit-and-approve saves their version for someone else to approve."""
    response = client_for(press_secretary).post(
        edit_url(submitted_by_author),
        {
            **publication_data(statement_kind, title="Rewritten by the reviewer"),
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
        },
        follow=True,
    )
    assert "another press secretary must approve it" in response.content.decode()
    assert not the_item().live
    approve(client_for(second_press_secretary), the_item())
    page = the_item()
    assert page.live and page.title == "Rewritten by the reviewer"


def test_schedule_path_needs_second_person(
    client_for, press_secretary, second_press_secretary, news, statement_kind
):
    """Setting go-live and pressing publish schedules nothing; approval by another does."""
    go_live = (timezone.now() + dt.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    browser = client_for(press_secretary)
    browser.post(
        add_url(news),
        {**publication_data(statement_kind, go_live_at=go_live), "action-publish": "publish"},
    )
    page = the_item()
    assert not page.live
    assert not page.revisions.filter(approved_go_live_at__isnull=False).exists()

    browser.post(
        edit_url(page),
        {**publication_data(statement_kind, go_live_at=go_live), "action-submit": "1"},
    )
    approve(client_for(second_press_secretary), the_item())
    page = the_item()
    assert not page.live
    assert page.revisions.filter(approved_go_live_at__isnull=False).count() == 1


def test_bulk_publish_refused(client_for, site_administrator, news, statement_kind):
    """The explorer's bulk "Publish" action refuses publications, even to administrators."""
    page = PublicationPageFactory(parent=news, kind=statement_kind, live=False)
    page.save_revision(user=site_administrator)
    response = client_for(site_administrator).post(
        f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}", {"include_descendants": ""}
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert not page.live


def test_superuser_cannot_approve_own_item(client_for, news, statement_kind, django_user_model):
    """The rule holds for superusers too: they must not approve their own text."""
    boss = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw-test-1")
    browser = client_for(boss)
    submit_new(browser, news, statement_kind)
    approve(browser, the_item())
    assert_still_in_review()
    browser.post(
        edit_url(the_item()), {**publication_data(statement_kind), "action-publish": "publish"}
    )
    assert not the_item().live


def test_publishing_does_not_cancel_open_review(
    client_for, author, press_secretary, second_press_secretary, news, statement_kind
):
    """A live item whose change is under review stays under review when something publishes."""
    submit_new(client_for(author), news, statement_kind)
    approve(client_for(press_secretary), the_item())
    client_for(author).post(
        edit_url(the_item()),
        {**publication_data(statement_kind, change_note="Added a date."), "action-submit": "1"},
    )
    page = the_item()
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    page.get_latest_revision().publish()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_approval_url_refused_after_own_edit(
    client_for, author, press_secretary, statement_kind, submitted_by_author
):
    """Having saved a revision during review, a press secretary can no longer approve it."""
    url = workflow_action_url(submitted_by_author)
    submitted_by_author.specific.save_revision(user=press_secretary)
    client_for(press_secretary).post(url, {"comment": ""})
    assert_still_in_review()
