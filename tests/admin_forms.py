"""Admin forms as a browser sends them: the fields of a rendered form, StreamField keys.

`post_forms()` reads the POST forms of an admin page with the values a browser would send;
`block_values()` builds a StreamField's keys (which the admin's scripts write) from its block
definitions, with a given text in every text leaf and as every rich-text link's URL.
`database_state()` is what a refused post must leave as it was.
"""

import json
import re
from html.parser import HTMLParser

from django.apps import apps
from django.db import connection
from wagtail import blocks
from wagtail.images.models import AbstractRendition

# Rows any signed-in request may write: the session, sign-in records, editing sessions.
VOLATILE_TABLES = ("django_session", "axes_", "otp_", "wagtailadmin_editingsession")
TEXT_INPUTS = {"text", "email", "url", "search", "tel", "password", "hidden", "number", ""}


class _Forms(HTMLParser):
    """The POST forms of an admin page: their action and fields, as a browser would send them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "get").lower() == "post":
                self.forms.append({"action": a.get("action"), "fields": [], "text": set()})
            else:
                self.forms.append(None)
            return
        if not self.forms or self.forms[-1] is None or not a.get("name"):
            return
        form, name = self.forms[-1], a["name"]
        if tag == "input":
            kind = (a.get("type") or "").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    form["fields"].append([name, a.get("value") or "on"])
            elif kind in TEXT_INPUTS:
                form["fields"].append([name, a.get("value") or ""])
                if name != "csrfmiddlewaretoken" and not name.endswith("-TOTAL_FORMS"):
                    form["text"].add(name)
        elif tag == "textarea":
            self._textarea = [name, ""]
            form["fields"].append(self._textarea)
            form["text"].add(name)
        elif tag == "select":
            self._select = {"name": name, "first": None, "chosen": False}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None and value:
                self._select["first"] = value
            if "selected" in a:
                form["fields"].append([self._select["name"], value])
                self._select["chosen"] = True

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._select["chosen"] and self._select["first"] is not None:
                self.forms[-1]["fields"].append([self._select["name"], self._select["first"]])
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def post_forms(html: str):
    parser = _Forms()
    parser.feed(html)
    return [form for form in parser.forms if form is not None]


def block_values(block, payload, image_id):
    """Nested form data for one value of `block` with the payload in every text leaf."""
    if isinstance(block, blocks.StreamBlock):
        items = {}
        for index, (name, child) in enumerate(block.child_blocks.items()):
            items[str(index)] = {
                "type": name,
                "value": block_values(child, payload, image_id),
                "deleted": "",
                "order": str(index),
                "id": "",
            }
        items["count"] = str(len(block.child_blocks))
        return items
    if isinstance(block, blocks.ListBlock):
        child = block_values(block.child_block, payload, image_id)
        return {"count": "1", "0": {"value": child, "deleted": "", "order": "0", "id": ""}}
    if isinstance(block, blocks.StructBlock):
        return {
            name: block_values(child, payload, image_id)
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.RichTextBlock):
        return contentstate(payload)
    if isinstance(block, blocks.ChooserBlock):
        return str(image_id)
    return payload


def contentstate(payload):
    """Draftail JSON with the payload as text and as a link's URL, as a crafted post sends it
    (the editor itself would refuse a javascript: link)."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "text": payload + " link",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": 1, "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": payload}}},
        }
    )


def flatten(data, prefix):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from flatten(value, f"{prefix}-{key}")
    else:
        yield prefix, data


def stable_tables():
    """Every table a refused post must leave as it was."""
    return [
        m._meta.db_table
        for m in apps.get_models()
        if m._meta.managed
        and not m._meta.proxy
        and not m._meta.db_table.startswith(VOLATILE_TABLES)
        # Thumbnails are made while a form is drawn again: a cache, not what was posted.
        and not issubclass(m, AbstractRendition)
    ]


def database_state(tables, model=None):
    """Row counts of every table, and every value of the form's own table."""
    # Table names from the models, quoted: no outside text reaches the query.
    quoted = [connection.ops.quote_name(t) for t in tables]
    query = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {t})" for t in quoted)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(query)
        counts = cursor.fetchone()
    rows = sorted(map(repr, model._default_manager.values_list())) if model else []
    return counts, rows


WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


class WritesRecorder:
    """The tables written to while it is installed as an execute wrapper, volatile ones and
    thumbnails aside: what a refused post must leave empty. Cheaper than counting every
    table before and after each post, and it sees updates that keep the counts the same."""

    def __init__(self):
        self.tables = []
        self._stable = set(stable_tables())

    def __call__(self, execute, sql, params, many, context):
        match = WRITE.match(sql)
        if match and match.group(1) in self._stable:
            self.tables.append(match.group(1))
        return execute(sql, params, many, context)
