"""What a reader typed, made safe for the search backend, and their words marked in results.

Plain functions without the database: the view calls them, the tests call them directly.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Longer queries are refused with a 400 before any work is done on them: no reader types
# this much, and a bounded input keeps every later step bounded.
MAX_QUERY_CHARS = 500
# Only words reach the backend: quotes, brackets and operators are dropped, and at most
# this many distinct words of at most this length are searched for.
MAX_TERMS = 10
MAX_TERM_CHARS = 40

_WORD = re.compile(r"\w+")


class QueryTooLong(ValueError):
    """The query is longer than MAX_QUERY_CHARS."""


@dataclass(frozen=True)
class SearchQuery:
    terms: tuple[str, ...]

    @property
    def text(self) -> str:
        """The words as the backend receives them."""
        return " ".join(self.terms)

    def __bool__(self):
        return bool(self.terms)


def parse_query(raw: str | None) -> SearchQuery:
    """The distinct words of `raw`, in order, lower-cased and capped.

    Raises QueryTooLong for input over MAX_QUERY_CHARS characters.
    """
    raw = raw or ""
    if len(raw) > MAX_QUERY_CHARS:
        raise QueryTooLong
    terms = []
    for match in _WORD.finditer(raw):
        # "_" is a word character for regular expressions but not for readers.
        word = match.group().strip("_").lower()[:MAX_TERM_CHARS]
        if word and word not in terms:
            terms.append(word)
            if len(terms) == MAX_TERMS:
                break
    return SearchQuery(tuple(terms))


def highlight(text: str, query: SearchQuery) -> SafeString:
    """`text` escaped for HTML, with every word that starts with a search term in <mark>."""
    if not query:
        return escape(text)
    alternatives = "|".join(re.escape(t) for t in sorted(query.terms, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)
    parts = []
    position = 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 -- every piece of text above is escaped
