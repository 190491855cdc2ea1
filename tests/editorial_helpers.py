"""Admin round-trips of the press office, posted as an editor's browser would."""

from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield


def publication_data(kind, **overrides):
    """The whole publication form, as the admin posts it."""
    data = {
        "title": "Statement on the harbour",
        "slug": "statement-on-the-harbour",
        "kind": kind.pk,
        "published_at": "2022-01-09 10:00",
        "summary": "",
        "body": streamfield([("paragraph", rich_text("<p>The harbour reopens.</p>"))]),
        "source_name": "",
        "source_url": "",
        "source_published_at": "",
        "pinned": "",
        "pinned_until": "",
        "minor_change": "",
        "change_note": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(news):
    return f"/admin/pages/add/newsroom/publicationpage/{news.pk}/"


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def submit_new(client, news, kind, **overrides):
    """Create an item and submit it for review; returns the response."""
    return client.post(add_url(news), {**publication_data(kind, **overrides), "action-submit": "1"})


def workflow_action_url(page, action="approve"):
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def approve(client, page):
    """Approve the current review task through the workflow action URL (the dashboard's button)."""
    return client.post(workflow_action_url(page), {"comment": ""})
