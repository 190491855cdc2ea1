"""The admin and API URL space, discovered from the URL resolver, with real objects' ids.

`admin_and_api_routes()` lists every URL pattern under /admin/ and the API; `concrete_url()`
fills a pattern's parameters with the ids of the objects `World` creates (a page, its
revisions, a snippet, an image, a document, a user, a locale …), chosen by parameter name and,
for a bare `pk`, by the URL's namespace.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection, Locale, Site, Task, Workflow

from chancery.core.models import MissionDocument, MissionImage
from chancery.editorial.models import ForcedPublication
from chancery.embargo.models import EmbargoLink
from chancery.masthead.factories import DayCounterFactory
from chancery.newsroom.factories import PublicationPageFactory
from chancery.syndication.factories import FeedFactory

from .media import png_bytes


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = f"{namespace}{pattern.name}" if pattern.name else f"{namespace}(unnamed)"
            yield Route(prefix + str(pattern.pattern), name)


def admin_and_api_routes():
    """Every pattern under /admin/ and under the public API (/en/api/), named."""
    routes = []
    for route in _walk(get_resolver().url_patterns):
        text = route.pattern.lstrip("^")
        if text.startswith("admin/") or re.match(r"[a-z]{2}/api/", text):
            routes.append(route)
    return routes


# Which object a bare `pk` means, by the start of the URL's name.
PK_BY_NAMESPACE = [
    ("wagtailadmin_api:pages", "page"),
    ("wagtailadmin_api:documents", "document"),
    ("wagtailadmin_api:images", "image"),
    ("chancery_api:publications", "page"),
    ("wagtailadmin_pages", "page"),
    ("wagtailadmin_collections", "collection"),
    ("wagtailadmin_workflows:edit_task", "task"),
    ("wagtailadmin_workflows:disable_task", "task"),
    ("wagtailadmin_workflows:enable_task", "task"),
    ("wagtailadmin_workflows", "workflow"),
    ("wagtailsnippets_masthead_daycounter", "counter"),
    ("wagtailsnippetchoosers_masthead_daycounter", "counter"),
    ("wagtailsnippets_newsroom_publicationkind", "kind"),
    ("wagtailsnippetchoosers_newsroom_publicationkind", "kind"),
    ("wagtailsnippets_syndication_feed", "feed"),
    ("wagtailsnippetchoosers_syndication_feed", "feed"),
    ("wagtailsites", "site"),
    ("wagtailsettings", "site"),
    ("wagtailusers_users", "user"),
    ("wagtailusers_groups", "group"),
    ("wagtaildocs", "document"),
    ("wagtailimages", "image"),
    ("wagtaillocales", "locale"),
    ("editorial:confirm", "forced"),
    ("simple_translation:submit_snippet_translation", "kind"),
]

# Parameters by name, whatever the URL.
BY_PARAMETER = {
    "page_id": "page",
    "page_pk": "page",
    "page_to_move_id": "page",
    "source_id": "page",
    "parent_page_id": "news",
    "destination_id": "news",
    "revision_id": "revision",
    "revision_id_a": "earlier_revision",
    "revision_id_b": "revision",
    "task_state_id": "task_state",
    "workflow_state_id": "workflow_state",
    "task_id": "task",
    "workflow_pk": "workflow",
    "image_id": "image",
    "document_id": "document",
    "doc_id": "document",
    "collection_id": "collection",
    "redirect_id": "redirect",
    "link_id": "link",
    "language_code": "ru",
    "filter_spec": "original",
    "action_name": "approve",
    "action": "delete",
    "app_label": "newsroom",
    "content_type_app_name": "newsroom",
    "app_name": "newsroom",
    "model_name": "publicationpage",
    "content_type_model_name": "publicationpage",
    "object_id": "page",
    "uploaded_file_id": "missing",
    "session_id": "missing",
}
# Settings and tag URLs name their own model.
MODEL_BY_NAMESPACE = {
    "wagtailsettings": ("core", "missionsettings"),
    "wagtail_bulk_action": ("wagtailcore", "page"),
}
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


class World:
    """One of each kind of object the admin shows, so every URL can name a real one."""

    def __init__(self, *, news, kind, press_secretary, author):
        self.values = {}
        page = PublicationPageFactory(parent=news, kind=kind, title="Matrix item", slug="matrix")
        earlier = page.save_revision(user=author)
        page.title = "Matrix item, revised"
        revision = page.save_revision(user=author)
        revision.publish()
        page.refresh_from_db()
        workflow = Workflow.objects.get(name="Two-person approval")
        workflow_state = workflow.start(page, author)
        page.refresh_from_db()
        task_state = page.current_workflow_task_state
        from tests.conftest import translate

        translate(news.get_parent().specific, "ru", title="Главная")
        translate(news.specific, "ru", title="Новости")
        image = MissionImage.objects.create(
            title="Matrix image", file=ContentFile(png_bytes(), name="matrix.png")
        )
        document = MissionDocument.objects.create(
            title="Matrix document", file=ContentFile(b"text", name="matrix.txt")
        )
        link, _ = EmbargoLink.issue(
            page=page,
            expires_at=timezone.now() + dt.timedelta(days=1),
            recipient_name="Ada Reporter",
            recipient_organisation="The Daily Record",
        )
        forced = ForcedPublication.objects.create(
            page=page,
            revision=revision,
            reason="Matrix",
            forced_by=press_secretary,
            forced_at=timezone.now(),
        )
        self.values = {
            "page": page.pk,
            "news": news.pk,
            "revision": revision.pk,
            "earlier_revision": earlier.pk,
            "workflow_state": workflow_state.pk,
            "task_state": task_state.pk,
            "task": Task.objects.filter(name="Second pair of eyes").first().pk,
            "workflow": workflow.pk,
            "image": image.pk,
            "document": document.pk,
            "collection": Collection.get_first_root_node().pk,
            "redirect": Redirect.objects.create(old_path="/old", redirect_link="/en/").pk,
            "link": link.pk,
            "forced": forced.pk,
            "counter": DayCounterFactory(site=Site.objects.get(is_default_site=True)).pk,
            "kind": kind.pk,
            "feed": FeedFactory(news_index=news, kind=kind).pk,
            "site": Site.objects.get(is_default_site=True).pk,
            "user": author.pk,
            "group": Group.objects.get(name="Authors").pk,
            "locale": Locale.objects.get(language_code="ru").pk,
            "missing": 999999,
        }

    def value(self, route, parameter):
        if parameter == "pk":
            for prefix, key in PK_BY_NAMESPACE:
                if route.name.startswith(prefix):
                    return str(self.values[key])
            return str(self.values["missing"])
        key = BY_PARAMETER.get(parameter)
        for prefix, (app, model) in MODEL_BY_NAMESPACE.items():
            if route.name.startswith(prefix) and parameter in ("app_name", "app_label"):
                return app
            if route.name.startswith(prefix) and parameter == "model_name":
                return model
        if key is None:
            return None
        return str(self.values.get(key, key))


def concrete_url(route, world):
    """The pattern with its parameters filled in, or None if one has no meaningful value
    (password-reset tokens: those pages are open to everyone anyway)."""
    missing = []

    def fill(match):
        parameter = match.group(2) or match.group(3)
        value = world.value(route, parameter)
        if value is None:
            missing.append(parameter)
            return ""
        return value

    text = PARAMETER.sub(fill, route.pattern)
    if missing:
        return None
    text = text.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\.", ".")
    return "/" + text
