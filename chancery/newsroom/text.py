"""Plain-text helpers for publication listings."""

from html import unescape
from html.parser import HTMLParser

_BLOCK_TAGS = {"p", "h2", "h3", "h4", "li", "blockquote"}


class _ParagraphCollector(HTMLParser):
    """Collects the text of each <p> element in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self._current = []
        elif tag == "br" and self._current is not None:
            self._current.append(" ")

    def handle_endtag(self, tag):
        if tag == "p" and self._current is not None:
            self.paragraphs.append(_squash("".join(self._current)))
            self._current = None

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)


def _squash(text: str) -> str:
    return " ".join(text.split())


def first_paragraph(html: str) -> str:
    """The text of the first non-empty <p> in `html`, without markup; "" if there is none."""
    collector = _ParagraphCollector()
    collector.feed(html or "")
    collector.close()
    if collector._current is not None:
        # An unclosed last paragraph still counts.
        collector.paragraphs.append(_squash("".join(collector._current)))
    return next((p for p in collector.paragraphs if p), "")


def plain_text(html: str) -> str:
    """All the text of `html` without markup, whitespace folded."""

    class _All(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts = []

        def handle_data(self, data):
            self.parts.append(data)

        def handle_endtag(self, tag):
            if tag in _BLOCK_TAGS:
                self.parts.append(" ")

    parser = _All()
    parser.feed(html or "")
    parser.close()
    return _squash(unescape("".join(parser.parts)))
