"""Every admin form field answers the hostile-input corpus without a 500 or an injection.

The forms are discovered, not hand-listed: every admin URL pattern whose view is a form view
(tests/authorisation.py lists them from the resolver), the add and edit form of every page
type, and the press office's own admin views. Each is opened as a superuser; its fields come
from the rendered HTML form, and its StreamField keys (which the admin's scripts write) from
the block definitions. Each payload of tests/hostile.py goes into every text field at once;
if the form refuses it, nothing may have been written to the database, and the payload goes
again into the fields that did not complain, so that it is stored and shown. Forms with the
same fields (an add and an edit form) share the corpus: each payload goes to one of them in
turn, and to any form with a field the first lacks, so every field still gets every payload
(report() checks it). Once per group of forms the listing, history, edit pages, choosers,
admin API and public pages are read back. Speed is measured by `make drills`
(scripts/hostile_bench.py), not here.
"""

import contextlib
import json
import re
from inspect import getsource
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Model
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import Collection, Locale, Page, get_page_models

from chancery.core.stream_fields import GuardedBlockField

from . import hostile
from .admin_forms import (
    WritesRecorder,
    block_values,
    contentstate,
    flatten,
    post_forms,
)
from .authorisation import admin_and_api_routes, concrete_url
from .urlspace import public_urls

# Signing in and out are tested in tests/test_accounts.py and tests/test_sessions.py; posting
# the corpus there would sign the sweeping browser out. Previews and deletions carry no text.
NOT_FORMS = ("wagtailadmin_login", "accounts:", "wagtailadmin_password_reset", "wagtailcore_login")
# Copy views send their form to the add view, which is swept already.
NOT_FORM_ACTIONS = (":delete", ":disable", ":disable_task", "preview_on_", ":preview", ":copy")


def _callbacks(patterns, prefix=""):
    """(pattern, view) of every URL pattern, the pattern written as tests/authorisation.py does."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _callbacks(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


CALLBACKS = dict(_callbacks(get_resolver().url_patterns))


def is_form_view(callback) -> bool:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return any(hasattr(view_class, a) for a in ("get_form", "get_form_class", "form_class"))
    # The press office's own admin views are functions: those that read a POST have a form.
    return callback.__module__.startswith("chancery.") and "request.POST" in getsource(callback)


def form_routes():
    """The admin routes that show a form, from the resolver; page forms are listed per type."""
    routes = []
    for route in admin_and_api_routes():
        name = route.name
        if not route.pattern.startswith("admin/") or name.startswith(NOT_FORMS):
            continue
        if any(action in name for action in NOT_FORM_ACTIONS) or name.startswith(
            "wagtailadmin_pages:"
        ):
            continue
        if is_form_view(CALLBACKS[route.pattern]):
            routes.append(route)
    return routes


def form_groups():
    """The form routes by URL namespace: an add and an edit form share their fields."""
    groups = {}
    for route in form_routes():
        groups.setdefault(route.name.rsplit(":", 1)[0], []).append(route)
    return groups


FORM_GROUPS = form_groups()
PAGE_MODELS = [model._meta.label for model in get_page_models() if model.is_creatable]


def stream_fields(form_class):
    return {
        name: field.block
        for name, field in form_class.base_fields.items()
        if isinstance(field, GuardedBlockField)
    }


def encode(pairs) -> str:
    """A urlencoded body that can carry lone surrogates (as the invalid UTF-8 they encode to)."""
    return urlencode([(k, str(v).encode("utf-8", "surrogatepass")) for k, v in pairs])


INVALID = re.compile(r"<(?:input|textarea|select)\b[^>]*\baria-invalid=\"true\"[^>]*>", re.I)
NAME = re.compile(r"\bname=\"([^\"]+)\"")


def invalid_fields(html):
    """Names of the inputs Django marked aria-invalid (Django 5 marks fields with errors)."""
    return {m.group(1) for tag in INVALID.findall(html) for m in [NAME.search(tag)] if m}


def refused(response) -> bool:
    """A form shown again with its errors (a 400 also counts: nothing may have been saved)."""
    if response.status_code == 400:
        return True
    if response.status_code != 200:
        return False
    body = response.content.decode(errors="replace")
    if "json" in response.get("Content-Type", ""):
        return '"success": false' in body or '"step": "' in body or '"is_valid": false' in body
    return 'aria-invalid="true"' in body or "error-message" in body or "errorlist" in body


class Sweep:
    """Sends the corpus to one form and keeps what every answer must satisfy."""

    def __init__(self, client, url, model=None, extra=None, text_extra=()):
        self.client, self.url, self.model = client, url, model
        self.extra, self.text_extra = dict(extra or {}), set(text_extra)
        self.problems, self.requests, self.accepted = [], 0, []
        self.strict, self.sent = set(), []

    def check(self, response, label, before=""):
        self.requests += 1
        if response.status_code >= 500:
            self.problems.append(f"{label}: {response.status_code}")
        for problem in hostile.check_body(response, before=before):
            self.problems.append(f"{label}: {problem}")

    def open(self):
        response = self.client.get(self.url)
        self.check(response, f"GET {self.url}")
        assert response.status_code == 200, (self.url, response.status_code)
        self.baseline_html = response.content.decode(errors="replace")
        if "json" in response.get("Content-Type", ""):
            # A chooser modal's step: its HTML comes inside the JSON.
            self.baseline_html = json.loads(response.content).get("html", "")
        forms = [
            f for f in post_forms(self.baseline_html) if f["action"] in (None, "", self.url)
        ] or post_forms(self.baseline_html)
        assert forms, f"{self.url}: no POST form"
        form = max(forms, key=lambda f: len(f["text"]))
        self.base = [(k, v) for k, v in form["fields"]]
        self.text = (form["text"] | self.text_extra) - {"csrfmiddlewaretoken"}
        return self

    def post(self, payload, fields, label):
        pairs = [(k, payload if k in fields else v) for k, v in self.base if k not in self.extra]
        for key, value in self.extra.items():
            pairs.append((key, value(payload) if key in fields else value("Plain text")))
        writes = WritesRecorder()
        with connection.execute_wrapper(writes):
            response = self.client.post(
                self.url, encode(pairs), content_type="application/x-www-form-urlencoded"
            )
        self.check(response, f"{label} {payload[:40]!r}", self.baseline_html)
        if refused(response) and writes.tables:
            self.problems.append(
                f"{label} {payload[:40]!r}: refused, but wrote to {sorted(set(writes.tables))}"
            )
        return response

    def send(self, payload):
        """The payload in every text field; if refused, again in the fields that did not
        complain (nor ever did), so that it is stored and shown."""
        response = self.post(payload, self.text, "all fields")
        self.sent.append(payload)
        fields = self.text
        if refused(response):
            self.strict |= invalid_fields(response.content.decode(errors="replace"))
            fields = self.text - self.strict
            if fields and self.strict:
                response = self.post(payload, fields, "quiet fields")
        if response.status_code in (301, 302) and fields:
            self.accepted.append(payload)

    def run(self, payloads=hostile.PAYLOADS):
        for payload in payloads:
            self.send(payload)
        return self

    def read_back(self, urls):
        """The pages where stored payloads show: listings, history, the form, public pages."""
        for url in urls:
            response = self.client.get(url)
            self.check(response, f"read back {url}")


def run_shared(sweeps, payloads=hostile.PAYLOADS):
    """Every payload into every field the forms have, sharing the work between forms with
    the same fields (an add and an edit form): each payload goes to the next form in turn,
    and to any other form with a field the first lacks."""
    for index, payload in enumerate(payloads):
        covered = set()
        for offset in range(len(sweeps)):
            sweep = sweeps[(index + offset) % len(sweeps)]
            if sweep.text - covered:
                sweep.send(payload)
                covered |= sweep.text


def listing_urls(route_name, world):
    """The index, history and chooser of the form's model, when it has them."""
    namespace = route_name.rsplit(":", 1)[0]
    urls = []
    for action in ("index", "list", "history", "choose", "usage"):
        for args in ((), (world.values.get(_pk_key(namespace), 0),)):
            try:
                urls.append(reverse(f"{namespace}:{action}", args=args))
                break
            except NoReverseMatch:
                continue
    chooser = namespace.replace("wagtailsnippets_", "wagtailsnippetchoosers_")
    if chooser != namespace:
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse(f"{chooser}:choose") + "?q=xss1337")
    return urls


def _pk_key(namespace):
    from .authorisation import PK_BY_NAMESPACE

    for prefix, key in PK_BY_NAMESPACE:
        if namespace.startswith(prefix):
            return key
    return "missing"


def common_read_back(world):
    return [
        "/admin/",
        "/admin/pages/search/?q=xss1337",
        "/admin/reports/site-history/",
        f"/admin/pages/{world.values['news']}/",
        "/admin/api/main/pages/?child_of=" + str(world.values["news"]),
        f"/admin/api/main/pages/{world.values['page']}/",
        "/admin/choose-page/search/?q=xss1337",
        *public_urls(),
    ]


@pytest.fixture
def world(world):
    """The authorisation matrix's world, with what some forms need before they open: a
    collection other than the root, a draft to force-publish, a language not yet added."""
    root = Collection.get_first_root_node()
    world.values["collection"] = root.add_child(name="Sweep collection").pk
    page = Page.objects.get(pk=world.values["page"]).specific
    page.title = "Matrix item, draft"
    page.save_revision()
    Locale.objects.filter(language_code="ar").delete()
    return world


# Routes whose arguments from the world lead elsewhere than to their form: a task type and a
# snippet model (the world names a page model for every `model_name`).
URL_OVERRIDES = {
    "wagtailadmin_workflows:add_task": lambda world: reverse(
        "wagtailadmin_workflows:add_task", args=["editorial", "twopersonapprovaltask"]
    ),
    "simple_translation:submit_snippet_translation": lambda world: reverse(
        "simple_translation:submit_snippet_translation",
        args=["newsroom", "publicationkind", world.values["kind"]],
    ),
}


def form_url(route, world):
    override = URL_OVERRIDES.get(route.name)
    return override(world) if override else concrete_url(route, world)


def report(sweeps, name):
    """Every field of the forms got every payload, and no answer had a problem."""
    for field in set().union(*(sweep.text for sweep in sweeps)):
        sent = {p for sweep in sweeps if field in sweep.text for p in sweep.sent}
        assert sent == set(hostile.PAYLOADS), (name, field, len(sent))
    problems = [problem for sweep in sweeps for problem in sweep.problems]
    assert not problems, f"{name}:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("group", list(FORM_GROUPS))
def test_admin_forms_with_every_payload(group, world, superuser_client):
    """Each payload in every text field of the group's forms: no 500, no injection, refusals
    save nothing; then the pages that show what was stored are read back."""
    sweeps = [
        Sweep(superuser_client, form_url(route, world), model=_model_of(route)).open()
        for route in FORM_GROUPS[group]
    ]
    run_shared(sweeps)
    urls = {sweep.url for sweep in sweeps}
    for route in FORM_GROUPS[group]:
        urls.update(listing_urls(route.name, world))
    sweeps[0].read_back([*sorted(urls), *common_read_back(world)])
    report(sweeps, group)


def _model_of(route):
    view_class = getattr(CALLBACKS[route.pattern], "view_class", None)
    model = getattr(view_class, "model", None) if view_class else None
    # Some views find their model per request (a cached_property on the class).
    return model if isinstance(model, type) and issubclass(model, Model) else None


def page_form_target(model, action, world):
    """The page to edit, or the parent to add under: the first in the tree that fits."""
    if action == "edit":
        page = model.objects.order_by("-depth").first()
        assert page is not None, model
        return reverse("wagtailadmin_pages:edit", args=[page.pk]), page
    for parent in Page.objects.order_by("path").specific():
        if model.can_create_at(parent):
            return (
                reverse(
                    "wagtailadmin_pages:add",
                    args=[model._meta.app_label, model._meta.model_name, parent.pk],
                ),
                parent,
            )
    # A page type limited in number (the archive: one per front page) has nowhere to go.
    return None, None


@pytest.mark.parametrize("label", PAGE_MODELS)
def test_page_forms_with_every_payload(label, world, superuser_client):
    """Each payload in every text field and every StreamField leaf (rich-text links included)
    of the page type's add and edit forms."""
    model = apps.get_model(label)
    form_class = model.get_edit_handler().get_form_class()
    extra = {}
    for name, block in stream_fields(form_class).items():
        for key, _value in flatten(block_values(block, "", world.values["image"]), name):
            extra[key] = _leaf_factory(block, name, key, world.values["image"])
    sweeps, read_back = [], set()
    for action in ("add", "edit"):
        url, target = page_form_target(model, action, world)
        if url is None:
            continue
        sweep = Sweep(superuser_client, url, model=Page, extra=extra, text_extra=extra).open()
        sweep.base.append(("action-publish", "action-publish"))
        sweeps.append(sweep)
        parent = target.get_parent() if action == "edit" else target
        read_back |= {
            url,
            reverse("wagtailadmin_pages:history", args=[target.pk]),
            reverse("wagtailadmin_explore", args=[parent.pk]),
        }
    run_shared(sweeps)
    sweeps[0].read_back([*sorted(read_back), *common_read_back(world)])
    report(sweeps, label)
    assert any(sweep.accepted for sweep in sweeps), f"{label}: no payload was ever saved"


def _leaf_factory(block, name, key, image_id):
    """The value of one StreamField key for a payload (structure keys keep their value)."""
    values = dict(flatten(block_values(block, "PAYLOAD", image_id), name))
    template = values[key]

    def value(payload):
        if template == "PAYLOAD":
            return payload
        if "PAYLOAD" in template:
            return contentstate(payload)
        return template

    return value


def test_writes_recorder_sees_inserts_updates_and_deletes(db, site):
    """The check behind "refused, but wrote to …" sees every kind of write."""
    from chancery.masthead.factories import DayCounterFactory

    writes = WritesRecorder()
    with connection.execute_wrapper(writes):
        counter = DayCounterFactory(site=site)
        counter.save()
        counter.delete()
    table = counter._meta.db_table
    assert writes.tables.count(table) >= 3
