"""An admin form posted with text where a chooser's id belongs is refused, never a 500.

Choosers keep the chosen item's id in a hidden input; a crafted post can put anything there,
and the refused form is shown again with the chooser looking that value up
(chancery/core/choosers.py). Wagtail's own forms are covered as well as the press office's.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site, Workflow

from chancery.syndication.enums import ImportMode
from chancery.syndication.models import Feed

from .admin_forms import database_state, post_forms, stable_tables

NOT_IDS = {
    "script": "<script>alert('xss1337')</script>",
    "word": "abc",
    "decimal": "1.5",
    "huge": str(10**30),
    "5000 digits": "9" * 5000,
}


def workflow_task(value):
    """The first row of a workflow's task list, as the task chooser's script adds it."""
    return {
        "workflow_tasks-TOTAL_FORMS": "1",
        "workflow_tasks-0-task": value,
        "workflow_tasks-0-id": "",
        "workflow_tasks-0-ORDER": "1",
        "workflow_tasks-0-DELETE": "",
    }


def new_feed(world, **chosen):
    """A new feed's fields, valid but for what `chosen` puts in a chooser."""
    return {
        "source_name": "Chosen",
        "url": "https://ministry.example/chosen.xml",
        "mode": ImportMode.DRAFT,
        "kind": str(world.values["kind"]),
        "locale": str(Page.objects.get(pk=world.values["news"]).locale_id),
        "news_index": str(world.values["news"]),
        **chosen,
    }


# Each form with a chooser: its address, its model, and what it sends with `value` chosen
# (the other fields filled so that only the chooser can be wrong).
CHOOSER_FORMS = {
    "redirect add": (
        lambda w: reverse("wagtailredirects:add"),
        Redirect,
        lambda w, value: {"old_path": "/chosen", "redirect_page": value},
    ),
    "redirect edit": (
        lambda w: reverse("wagtailredirects:edit", args=[w.values["redirect"]]),
        Redirect,
        lambda w, value: {"redirect_page": value, "redirect_link": ""},
    ),
    "site add": (
        lambda w: reverse("wagtailsites:add"),
        Site,
        lambda w, value: {"hostname": "chosen.example", "port": "80", "root_page": value},
    ),
    "site edit": (
        lambda w: reverse("wagtailsites:edit", args=[w.values["site"]]),
        Site,
        lambda w, value: {"root_page": value},
    ),
    "workflow add": (
        lambda w: reverse("wagtailadmin_workflows:add"),
        Workflow,
        lambda w, value: {"name": "Chosen", **workflow_task(value)},
    ),
    "workflow edit": (
        lambda w: reverse("wagtailadmin_workflows:edit", args=[w.values["workflow"]]),
        Workflow,
        lambda w, value: {"workflow_tasks-0-task": value},
    ),
    "group edit": (
        lambda w: reverse("wagtailusers_groups:edit", args=[w.values["group"]]),
        Group,
        lambda w, value: {"page_permissions-0-page": value},
    ),
    "feed add": (
        lambda w: reverse(Feed.snippet_viewset.get_url_name("add")),
        Feed,
        lambda w, value: new_feed(w, news_index=value),
    ),
    "feed edit": (
        lambda w: reverse(Feed.snippet_viewset.get_url_name("edit"), args=[w.values["feed"]]),
        Feed,
        lambda w, value: {"news_index": value},
    ),
    "feed add, kind chooser": (
        lambda w: reverse(Feed.snippet_viewset.get_url_name("add")),
        Feed,
        lambda w, value: new_feed(w, kind=value),
    ),
}

# A valid id for each form's chooser: the control post that must be saved.
VALID_IDS = {
    "redirect add": lambda w: str(w.values["news"]),
    "site add": lambda w: str(w.values["news"]),
    "workflow add": lambda w: str(w.values["task"]),
    "feed add": lambda w: str(w.values["news"]),
}


def chooser_post(client, world, form_name, value):
    """The form as the browser shows it, with `value` in its chooser's hidden input."""
    address, model, fields = CHOOSER_FORMS[form_name]
    url = address(world)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    form = max(post_forms(response.content.decode()), key=lambda f: len(f["text"]))
    data = dict(form["fields"])
    data.update(fields(world, value))
    return url, model, data


@pytest.mark.parametrize("not_an_id", list(NOT_IDS))
@pytest.mark.parametrize("form_name", list(CHOOSER_FORMS))
def test_chooser_with_a_value_that_is_no_id_is_a_form_error(
    form_name, not_an_id, world, superuser_client
):
    """Text where a chooser's id belongs: the form is shown again with an error, nothing saved."""
    url, model, data = chooser_post(superuser_client, world, form_name, NOT_IDS[not_an_id])
    tables = stable_tables()
    before = database_state(tables, model)
    response = superuser_client.post(url, data)
    assert response.status_code == 200, response.status_code
    assert "Select a valid choice" in response.content.decode()
    assert database_state(tables, model) == before


@pytest.mark.parametrize("form_name", list(VALID_IDS))
def test_chooser_with_a_real_id_is_saved(form_name, world, superuser_client):
    """The same post with a real id is saved: the refusals above are about the value."""
    url, model, data = chooser_post(superuser_client, world, form_name, VALID_IDS[form_name](world))
    count = model.objects.count()
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.status_code
    assert model.objects.count() == count + 1


def test_page_chooser_still_shows_the_chosen_page(world, superuser_client):
    """A refused form shows the page that was chosen, by its title: ids are still looked up."""
    news = Page.objects.get(pk=world.values["news"])
    url, _model, data = chooser_post(superuser_client, world, "redirect add", str(news.pk))
    data["old_path"] = ""
    response = superuser_client.post(url, data)
    assert response.status_code == 200, response.status_code
    assert news.get_admin_display_title() in response.content.decode()
