"""Turning a feed entry's remote HTML into our rich text, safely.

Two steps, each doing one job:

1. nh3 (the Python binding of the Rust sanitiser Ammonia, which parses like a browser with
   html5ever) keeps only an allow-list of tags, only `href` on links, and only http(s) and
   mailto links; script and style elements lose their content too. A browser-grade parser
   matters here: sanitisers that parse differently from browsers are how hostile markup
   slips through.
2. Wagtail's own contentstate converter, with the features of our paragraph block, then
   rewrites the safe HTML exactly as the rich-text editor would store it (strong → b,
   headings we do not offer → paragraphs), so an editor can open and edit the item
   without anything being lost or changed on the next save.

`hostile_markup()` lists what an entry tried that had to be removed, so the feed can say so.
"""

import re
from html import escape
from html.parser import HTMLParser

import nh3
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from chancery.core.blocks import RICH_TEXT_FEATURES

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Inline formatting and lists the paragraph block offers, plus block elements whose text
# should stay a paragraph of its own (the converter turns them into paragraphs).
ALLOWED_TAGS = frozenset(
    {"p", "br", "h2", "h3", "b", "strong", "i", "em", "a", "ul", "ol", "li"}
    | {"div", "blockquote", "h1", "h4", "h5", "h6", "pre", "figcaption", "section", "article"}
)
DANGEROUS_ELEMENTS = frozenset(
    {"script", "style", "iframe", "frame", "object", "embed", "applet", "form", "base", "meta"}
)
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster"})


def _cleaner(base_url: str) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes={"a": {"href"}},
        url_schemes=set(LINK_SCHEMES),
        # Relative links are made absolute against the original item; without a base they
        # would point into our own site, so they are dropped.
        url_relative=("rewrite_with_base", base_url) if base_url else "deny",
        link_rel=None,
        strip_comments=True,
    )


def _is_safe_url(value: str) -> bool:
    scheme, colon, _rest = value.strip().partition(":")
    return bool(colon) and scheme.lower() in LINK_SCHEMES


def sanitise(html: str, base_url: str = "") -> str:
    """`html` with everything outside the allow-list removed (text of removed tags kept).

    `base_url` (an http(s) address) resolves relative links; without it they are dropped.
    """
    return _cleaner(base_url).clean(html or "")


def to_rich_text(html: str, base_url: str = "") -> str:
    """Remote HTML as the database HTML of our paragraph block; "" when no text is left."""
    # The converter's parser does not know <br> is a void element; give it the XHTML form.
    safe = sanitise(html, base_url).replace("<br>", "<br/>")
    converter = ContentstateConverter(RICH_TEXT_FEATURES)
    result = converter.to_database_format(converter.from_database_format(safe))
    return result if plain_text_present(result) else ""


def text_to_rich_text(text: str) -> str:
    """Plain text as paragraphs, one per blank-line-separated block."""
    blocks = [" ".join(block.split()) for block in (text or "").split("\n\n")]
    return "".join(f"<p>{escape(block)}</p>" for block in blocks if block)


def plain_text_present(html: str) -> bool:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return bool("".join(collector.parts).strip())


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


class _HostileFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = set()

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_ELEMENTS:
            self.found.add(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.add(f"{name}=")
            elif name in URL_ATTRIBUTES and value and ":" in value and not _is_safe_url(value):
                # Browsers ignore tabs and newlines inside a scheme ("java\tscript:").
                scheme = re.sub(r"[^a-z0-9+.-]", "", value.partition(":")[0].lower())
                self.found.add(f"{scheme}:")

    handle_startendtag = handle_starttag


def hostile_markup(html: str) -> list[str]:
    """What in `html` would run code or load something if shown as is, e.g. ["<script>"]."""
    finder = _HostileFinder()
    finder.feed(html or "")
    finder.close()
    return sorted(finder.found)
