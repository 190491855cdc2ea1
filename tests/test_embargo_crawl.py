"""Before its go-live an embargoed item is on no public page, feed, sitemap, search or API.

Rather than a list of today's URLs, this crawls what a reader (or a robot) can reach: every
link and `src` from the front page, `<link rel="alternate">` feeds, robots.txt and sitemaps,
GET forms such as search (submitted with words from the item), and the API's usual roots,
following URLs found in XML and JSON answers too. Nothing it reaches may mention the item
or its photo; after the go-live the same crawl must find it, which shows the crawl looks
where the item would be.
"""

import datetime as dt
import json
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
import time_machine

from chancery.core.models import MissionImage
from chancery.newsroom.factories import PublicationPageFactory, paragraphs
from chancery.scheduling.publishing import fire_due
from tests.test_embargo import png
from tests.test_scheduling import schedule

UTC = dt.UTC
GO_LIVE = dt.datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
TITLE = "Statement on the summit"
SLUG = "summit-statement"
START = [
    "/",
    "/en/",
    "/robots.txt",
    "/sitemap.xml",
    "/en/sitemap.xml",
    "/api/v2/pages/",
    "/api/v2/images/",
    "/api/v2/documents/",
    "/api/",
    "/en/api/",
    "/en/feed/",
    "/en/news/feed/",
    "/feed/",
    "/en/search/?q=summit",
    "/search/?q=summit",
]
MAX_URLS = 300


class LinkParser(HTMLParser):
    """Every href/src, and every GET form with its text inputs."""

    def __init__(self):
        super().__init__()
        self.urls = []
        self.forms = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src", "action"):
            if attrs.get(name) and tag != "form":
                self.urls.append(attrs[name])
        if attrs.get("srcset"):
            self.urls += [part.split()[0] for part in attrs["srcset"].split(",") if part.strip()]
        if tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._form = {"action": attrs.get("action") or "", "fields": []}
            self.forms.append(self._form)
        is_text = (attrs.get("type") or "text") in ("text", "search")
        if tag == "input" and self._form is not None and attrs.get("name") and is_text:
            self._form["fields"].append(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def urls_in_data(text):
    """URLs in XML (<loc>, href="…") and JSON answers."""
    found = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", text)
    found += re.findall(r'href="([^"]+)"', text)
    try:
        data = json.loads(text)
    except ValueError:
        return found
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and (item.startswith("/") or item.startswith("http")):
            found.append(item)
    return found


def crawl(client):
    """Every answer reachable from the starting points: {path: body}."""
    seen, bodies = set(), {}
    queue = deque(START)
    while queue and len(seen) < MAX_URLS:
        url = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != "testserver":
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not parts.path.startswith("/") or path in seen:
            continue
        if parts.path.startswith(("/admin/", "/static/", "/embargo/", "/en/embargo/")):
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code in (301, 302, 303, 307, 308):
            queue.append(urljoin(path, response["Location"]))
            continue
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        content_type = response.get("Content-Type", "")
        if not any(kind in content_type for kind in ("html", "xml", "json", "text/plain")):
            bodies[path] = ""
            continue
        body = response.content.decode("utf-8", "replace")
        bodies[path] = body
        links = urls_in_data(body)
        if "html" in content_type:
            parser = LinkParser()
            parser.feed(body)
            links += parser.urls
            for form in parser.forms:
                if form["fields"]:
                    query = urlencode(dict.fromkeys(form["fields"], "summit"))
                    links.append(urljoin(path, form["action"] or path) + "?" + query)
        if path == "/robots.txt":
            links += re.findall(r"(?im)^sitemap:\s*(\S+)", body)
        queue.extend(urljoin(path, link) for link in links)
    return bodies


@pytest.fixture
def embargoed_with_photo(news, statement_kind, mission):
    with time_machine.travel(GO_LIVE - dt.timedelta(hours=3), tick=False):
        PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            title="Earlier statement",
            slug="earlier",
            published_at=GO_LIVE - dt.timedelta(days=1),
        )
        photo = MissionImage.objects.create(title="Summit photo", file=png("summit-photo.png"))
        page = PublicationPageFactory(
            parent=news,
            live=False,
            kind=statement_kind,
            slug=SLUG,
            title=TITLE,
            published_at=GO_LIVE,
            body=[
                *paragraphs("The ministers agreed on the summit communique."),
                ("image", {"image": photo, "caption": "At the summit"}),
            ],
        )
        schedule(page, GO_LIVE)
    return page, photo


def test_nothing_public_shows_the_item_before_go_live(client, embargoed_with_photo):
    """No page, feed, sitemap, search result or API answer reaches the item before go-live."""
    page, photo = embargoed_with_photo
    secret_folder = photo.file.name.split("/")[1]
    with time_machine.travel(GO_LIVE - dt.timedelta(minutes=1), tick=False):
        before = crawl(client)
    assert "/en/news/earlier/" in before  # the crawl does reach items
    for path, body in before.items():
        assert TITLE not in body, path
        assert f"/{SLUG}/" not in path and SLUG not in body, path
        assert secret_folder not in path and secret_folder not in body, path
        assert "communique" not in body, path

    with time_machine.travel(GO_LIVE, tick=False):
        fire_due()
        after = crawl(client)
    assert any(TITLE in body for body in after.values())
    assert f"/en/news/{SLUG}/" in after
