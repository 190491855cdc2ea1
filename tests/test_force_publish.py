"""Publishing without a second approval: only with a written reason, and reviewed afterwards."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from chancery.editorial.enums import LogAction
from chancery.editorial.models import ForcedPublication
from chancery.newsroom.models import PublicationPage
from tests.editorial_helpers import add_url, publication_data


@pytest.fixture
def draft(client_for, press_secretary, news, statement_kind):
    """A draft written by the first press secretary."""
    client_for(press_secretary).post(add_url(news), publication_data(statement_kind))
    return PublicationPage.objects.get(slug="statement-on-the-harbour")


def force_url(page):
    return reverse("editorial:force_publish", args=[page.pk])


def test_forced_publication_with_reason_goes_live_and_is_queued(
    client_for, press_secretary, draft, client
):
    """With a reason the item is live, flagged, and in the audit log with that reason."""
    response = client_for(press_secretary).post(force_url(draft), {"reason": "Urgent: storm."})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    forced = ForcedPublication.objects.awaiting_review().get()
    assert forced.page_id == draft.pk and forced.forced_by == press_secretary
    entry = PageLogEntry.objects.get(page=draft, action=LogAction.FORCE_PUBLISH)
    assert entry.data["reason"] == "Urgent: storm." and entry.user == press_secretary
    assert "Statement on the harbour" in client.get("/en/").content.decode()


def test_forced_publication_needs_a_reason(client_for, press_secretary, draft):
    """An empty or blank reason is refused with a form error and nothing is published."""
    response = client_for(press_secretary).post(force_url(draft), {"reason": "   "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode() or (
        "Write the reason." in response.content.decode()
    )
    draft.refresh_from_db()
    assert not draft.live
    assert not ForcedPublication.objects.exists()


def test_author_cannot_force_publish(client_for, author, news, statement_kind):
    """Authors have no forced publishing, whatever they post."""
    client_for(author).post(add_url(news), publication_data(statement_kind))
    page = PublicationPage.objects.get(slug="statement-on-the-harbour")
    client_for(author).post(force_url(page), {"reason": "I am in a hurry."})
    page.refresh_from_db()
    assert not page.live
    assert not ForcedPublication.objects.exists()


def test_forcer_cannot_confirm_own_publication(client_for, press_secretary, draft):
    """Whoever forced a publication cannot take it off the review queue."""
    browser = client_for(press_secretary)
    browser.post(force_url(draft), {"reason": "Urgent."})
    forced = ForcedPublication.objects.get()
    listing = browser.get(reverse("editorial:needs_review")).content.decode()
    assert "Statement on the harbour" in listing and "Awaiting another press secretary" in listing
    browser.post(reverse("editorial:confirm", args=[forced.pk]))
    assert ForcedPublication.objects.awaiting_review().count() == 1


def test_second_press_secretary_confirms(
    client_for, press_secretary, second_press_secretary, draft
):
    """Another press secretary's confirmation empties the queue and is logged."""
    client_for(press_secretary).post(force_url(draft), {"reason": "Urgent."})
    forced = ForcedPublication.objects.get()
    reviewer = client_for(second_press_secretary)
    assert (
        'action="/admin/editorial/needs-review/'
        in reviewer.get(reverse("editorial:needs_review")).content.decode()
    )
    response = reviewer.post(reverse("editorial:confirm", args=[forced.pk]))
    assert response.status_code == 302
    forced.refresh_from_db()
    assert forced.confirmed_by == second_press_secretary
    assert not ForcedPublication.objects.awaiting_review().exists()
    assert PageLogEntry.objects.filter(
        page=draft, action=LogAction.FORCE_PUBLISH_CONFIRM, user=second_press_secretary
    ).exists()
    assert (
        "Nothing awaits review." in reviewer.get(reverse("editorial:needs_review")).content.decode()
    )


def test_forced_change_to_live_item_needs_note(
    client_for, press_secretary, second_press_secretary, draft, statement_kind
):
    """Forcing out a change to a live item still needs a change note or "minor"."""
    client_for(second_press_secretary).post(force_url(draft), {"reason": "Urgent."})
    browser = client_for(press_secretary)
    browser.post(
        f"/admin/pages/{draft.pk}/edit/", publication_data(statement_kind, title="Changed title")
    )
    response = browser.post(force_url(draft), {"reason": "Urgent again."})
    assert response.status_code == 200
    assert "This item is already live" in response.content.decode()
    assert PublicationPage.objects.get(pk=draft.pk).title == "Statement on the harbour"


def test_needs_review_listing_hidden_from_authors(client_for, author):
    """The review queue is for press secretaries."""
    response = client_for(author).get(reverse("editorial:needs_review"))
    assert response.status_code in (302, 403)
    assert b"Needs review after publishing" not in response.content
