"""Changing a live item: "minor" or a public note, shown as "Updated …" lines, newest first."""

import datetime as dt

import pytest
import time_machine
from wagtail.models import PageLogEntry

from chancery.editorial.enums import LogAction
from chancery.newsroom.models import PublicationPage
from tests.editorial_helpers import approve, edit_url, publication_data, submit_new


def the_item():
    return PublicationPage.objects.get(slug="statement-on-the-harbour")


@pytest.fixture
def live_item(client_for, author, press_secretary, news, statement_kind):
    with time_machine.travel(dt.datetime(2022, 1, 9, 7, 0, tzinfo=dt.UTC), tick=False):
        submit_new(client_for(author), news, statement_kind)
        approve(client_for(press_secretary), the_item())
    assert the_item().live
    return the_item()


def change(client, page, kind, **fields):
    return client.post(
        edit_url(page),
        {**publication_data(kind, title="Harbour reopens", **fields), "action-submit": "1"},
    )


def test_change_to_live_item_needs_minor_or_note(client_for, author, live_item, statement_kind):
    """Submitting a change to a live item with neither is refused with a form error."""
    response = change(client_for(author), live_item, statement_kind)
    assert response.status_code == 200
    assert "This item is already live" in response.content.decode()
    assert not the_item().workflow_in_progress


def test_minor_and_note_together_are_refused(client_for, author, live_item, statement_kind):
    """A minor change has no public note."""
    response = change(
        client_for(author), live_item, statement_kind, minor_change="on", change_note="Fixed."
    )
    assert response.status_code == 200
    assert "A minor change has no public note" in response.content.decode()


def test_draft_save_of_live_item_needs_nothing(client_for, author, live_item, statement_kind):
    """Saving a draft is not publishing: no note needed yet."""
    response = client_for(author).post(
        edit_url(live_item), publication_data(statement_kind, title="Work in progress")
    )
    assert response.status_code == 302


def test_noted_change_shows_updated_line(
    client_for, author, press_secretary, live_item, statement_kind, client
):
    """After approval the item shows "Updated DD.MM.YYYY HH:MM: note" in the mission's zone."""
    with time_machine.travel(dt.datetime(2022, 1, 10, 9, 30, tzinfo=dt.UTC), tick=False):
        change(client_for(author), live_item, statement_kind, change_note="Corrected the date.")
        approve(client_for(press_secretary), the_item())
    html = client.get(the_item().url).content.decode()
    # The mission fixture's reference zone is Europe/Moscow (UTC+3).
    assert (
        'Updated <time datetime="2022-01-10T12:30+03:00">10.01.2022 12:30</time>: '
        "Corrected the date." in html
    )
    page = the_item()
    assert page.last_updated_at == dt.datetime(2022, 1, 10, 9, 30, tzinfo=dt.UTC)
    assert page.updated_at == page.last_updated_at
    assert PageLogEntry.objects.filter(page=page, action=LogAction.CORRECTION).exists()


def test_minor_change_shows_nothing(
    client_for, author, press_secretary, live_item, statement_kind, client
):
    """A minor change is published without an "Updated" line, and logged as minor."""
    change(client_for(author), live_item, statement_kind, minor_change="on")
    approve(client_for(press_secretary), the_item())
    page = the_item()
    assert page.title == "Harbour reopens"
    assert "Updated" not in client.get(page.url).content.decode()
    assert page.last_updated_at is None and page.updated_at == page.published_at
    assert PageLogEntry.objects.filter(page=page, action=LogAction.MINOR_CHANGE).exists()


def test_updates_are_newest_first(
    client_for, author, press_secretary, live_item, statement_kind, client
):
    """Two corrections are listed newest first; the form offers an empty note each time."""
    for day, note in ((10, "First fix."), (11, "Second fix.")):
        with time_machine.travel(dt.datetime(2022, 1, day, 9, 0, tzinfo=dt.UTC), tick=False):
            change(client_for(author), the_item(), statement_kind, change_note=note)
            approve(client_for(press_secretary), the_item())
    html = client.get(the_item().url).content.decode()
    assert html.index("Second fix.") < html.index("First fix.")
    form_html = client_for(author).get(edit_url(the_item())).content.decode()
    assert "Second fix.</textarea>" not in form_html


def test_first_publication_is_not_an_update(live_item, client):
    """A new item has no "Updated" line."""
    assert live_item.updates.count() == 0
    assert "Updated" not in client.get(live_item.url).content.decode()
