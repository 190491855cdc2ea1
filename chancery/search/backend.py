"""Which publications contain the reader's words: Wagtail's search index, asked efficiently.

Both databases are asked the same way: the index entries whose title or body has every word
(SQLite's FTS5 table, or PostgreSQL's text-search vectors through the GIN index on
`title || body`), then the publications those entries belong to, newest first. Wagtail's
own backends join the entries to the publications and leave the order of work to the
database, which is slow one way or the other: SQLite ran the MATCH once per indexed object,
and PostgreSQL, guessing a rare word to be common, walked 100,000 publications newest first
to find none (half a second). Here the number of matching entries decides:
- a few (FEW_ENTRIES or fewer): the index picks them, the database orders them, and the
  count is exact;
- many: the publications are walked newest first, each checked against its own entry, so
  the first pages come at once; the count stops at COUNT_CAP ("more than 500"): counting
  tens of thousands of matches would cost more than the search itself.
"""

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from .query import SearchQuery

FEW_ENTRIES = 2000
COUNT_CAP = 500


@dataclass(frozen=True)
class Matches:
    """What a search found: the publications (a queryset, newest first), how many, and
    whether there are more than `count` (the count stopped at COUNT_CAP)."""

    publications: object
    count: int
    more: bool


class TextMatches(Func):
    """`(title || body) @@ to_tsquery(words)`: the expression PostgreSQL's GIN index serves,
    with the default text-search configuration, as Wagtail's backend writes it."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        (title, title_params), (body, body_params), (words, word_params) = (
            compiler.compile(expression) for expression in self.source_expressions
        )
        return (
            f"(({title} || {body}) @@ to_tsquery({words}))",
            [*title_params, *body_params, *word_params],
        )


def fts5_match(query: SearchQuery) -> str:
    """An FTS5 query for entries whose title or body has every word.

    The words are letters and digits only (see `parse_query`), so quoting them is enough. No
    word is a prefix (Wagtail's SQLite backend makes the last one one): PostgreSQL's backend
    has no prefixes, and both databases should find the same items.
    """
    quoted = [f'"{term}"' for term in query.terms]
    return "{title body} : (" + " AND ".join(quoted) + ")"


def tsquery(query: SearchQuery) -> str:
    """A to_tsquery() text for entries that have every word (letters and digits only)."""
    return " & ".join(f"'{term}'" for term in query.terms)


def matching_entries(model, query: SearchQuery):
    """The index entries of `model` (and its subclasses) whose text has every word."""
    entries = IndexEntry.objects.filter(
        content_type_id__in=get_descendants_content_types_pks(model)
    )
    # The SQLite backend's module can only be imported where SQLite is the database.
    if type(get_search_backend()).__name__ != "SQLiteSearchBackend":
        words = Value(tsquery(query))
        return entries.alias(hit=TextMatches(F("title"), F("body"), words)).filter(hit=True)
    from wagtail.search.models import SQLiteFTSIndexEntry

    fts_table = SQLiteFTSIndexEntry._meta.db_table
    return entries.filter(
        # The table name is Wagtail's own model's; the reader's words go in as a parameter.
        id__in=RawSQL(  # noqa: S611
            f"SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH %s",  # noqa: S608
            [fts5_match(query)],
        )
    )


def matching(queryset, query: SearchQuery):
    """The objects of `queryset` whose indexed text contains every word of `query`.

    Keeps the queryset's order; the result can be counted and sliced.
    """
    # object_id is text in Wagtail's index: cast to meet the publication's integer key.
    keys = matching_entries(queryset.model, query).values(key=Cast("object_id", IntegerField()))
    return queryset.filter(pk__in=keys)


def search(queryset, query: SearchQuery) -> Matches:
    """The publications of `queryset` (ordered newest first) with every word of `query`."""
    entries = matching_entries(queryset.model, query)
    if entries[: FEW_ENTRIES + 1].count() <= FEW_ENTRIES:
        found = matching(queryset, query)
        return Matches(found, found.count(), more=False)
    own_entry = entries.filter(object_id=Cast(OuterRef("pk"), CharField()))
    found = queryset.filter(Exists(own_entry))
    count = found[: COUNT_CAP + 1].count()
    if count == 0:
        # Many entries, none of them this list's (another language's word): walk no more.
        found = queryset.none()
    return Matches(found, min(count, COUNT_CAP), more=count > COUNT_CAP)
