"""RSS 2.0, Atom and JSON Feed 1.1 of publications.

The archive page serves them (`/en/news/feeds/atom/` …, see `NewsIndexPage.feed`); this module
turns a list of publications into a feed document. Items carry their lead as the summary and,
unless the reader asked for `?content=lead`, their whole body as HTML with absolute links.
"""

import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import feedgenerator
from django.utils.html import escape
from django.utils.translation import gettext as _

FEED_SIZE = 30
FORMATS = ("rss", "atom", "json")
CONTENT_MODES = ("full", "lead")

# Characters XML 1.0 forbids; an editor can paste them, and they would break the document.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Root-relative links and images in rendered bodies; feed readers need absolute URLs.
_RELATIVE_URL = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')


def xml_safe(text: str | None) -> str:
    return _XML_INVALID.sub("", text or "")


def absolute_links(html: str, root_url: str) -> str:
    """`href="/en/…"` and `src="/media/…"` made absolute against the site's root URL."""
    return _RELATIVE_URL.sub(lambda m: f'{m.group(1)}{root_url}{m.group(2)}"', html)


@dataclass(frozen=True)
class FeedLink:
    """One `<link rel="alternate">` for feed autodiscovery."""

    media_type: str
    title: str
    href: str


MEDIA_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


def feed_links(feeds_url: str, title: str, params: dict | None = None) -> list[FeedLink]:
    """Autodiscovery links for the three formats of the feed at `feeds_url` (`…/feeds/`)."""
    query = f"?{urlencode(params)}" if params else ""
    return [
        FeedLink(MEDIA_TYPES[fmt], f"{title} ({LABELS[fmt]})", f"{feeds_url}{fmt}/{query}")
        for fmt in FORMATS
    ]


class RssFeed(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with the whole body in `content:encoded` next to the lead in `description`."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class AtomFeed(feedgenerator.Atom1Feed):
    """Atom 1.0 (RFC 4287) with the whole body in `<content type="html">`."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class JsonFeed(feedgenerator.SyndicationFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = self.feed
        document = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "authors": [{"name": feed["author_name"]}] if feed["author_name"] else [],
            "items": [self._item(item) for item in self.items],
        }
        json.dump(document, outfile, ensure_ascii=False, indent=1)

    @staticmethod
    def _item(item):
        entry = {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "summary": item["summary_text"],
            "date_published": item["pubdate"].isoformat(),
            "date_modified": item["updateddate"].isoformat(),
            "authors": [{"name": item["author_name"]}] if item["author_name"] else [],
            "tags": item["categories"],
        }
        if item.get("content_html"):
            entry["content_html"] = item["content_html"]
        else:
            entry["content_text"] = item["summary_text"]
        if item.get("external_url"):
            entry["external_url"] = item["external_url"]
        return entry


GENERATORS = {"rss": RssFeed, "atom": AtomFeed, "json": JsonFeed}


@dataclass(frozen=True)
class FeedChannel:
    """What a feed is about: its title, the page it describes, its own URL, its language."""

    title: str
    link: str
    feed_url: str
    description: str
    language: str
    author: str
    host: str


def build_feed(fmt: str, channel: FeedChannel, entries, full: bool, request):
    """The feed document of `entries` (publications, newest first) in format `fmt`."""
    generator = GENERATORS[fmt](
        title=xml_safe(channel.title),
        link=channel.link,
        description=xml_safe(channel.description),
        language=channel.language,
        author_name=xml_safe(channel.author),
        feed_url=channel.feed_url,
        feed_guid=channel.feed_url,
    )
    root_url = "/".join(channel.link.split("/", 3)[:3])
    for item in entries:
        link = item.get_full_url(request)
        lead = xml_safe(item.lead)
        content_html = None
        if full:
            content_html = xml_safe(absolute_links(str(item.body.render_as_block()), root_url))
        generator.add_item(
            title=xml_safe(item.title),
            link=link,
            description=escape(lead),
            summary_text=lead,
            content_html=content_html,
            author_name=xml_safe(item.source_name or channel.author),
            pubdate=item.published_at,
            updateddate=item.updated_at,
            unique_id=item.tag_uri(channel.host),
            unique_id_is_permalink=False,
            categories=[xml_safe(item.kind.name)],
            external_url=item.source_url or None,
        )
    return generator


def feed_title(site_title: str, kind=None) -> str:
    if kind is not None:
        return _("%(site)s: %(kind)s") % {"site": site_title, "kind": kind.plural_name}
    return site_title
