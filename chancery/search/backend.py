"""Which publications contain the reader's words: Wagtail's search index, asked efficiently.

On PostgreSQL this is Wagtail's database backend as it is. On SQLite, Wagtail's backend joins
the FTS5 table so that SQLite runs the MATCH once per indexed object (its query plan puts the
index entries outside and the full-text table inside), which grows with the archive; here the
FTS5 table is asked once, in a subquery, and its row ids pick the index entries.
"""

from django.db.models.expressions import RawSQL
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from .query import SearchQuery


def fts5_match(query: SearchQuery) -> str:
    """An FTS5 query for entries whose title or body has every word.

    The words are letters and digits only (see `parse_query`), so quoting them is enough. No
    word is a prefix (Wagtail's SQLite backend makes the last one one): PostgreSQL's backend
    has no prefixes, and both databases should find the same items.
    """
    quoted = [f'"{term}"' for term in query.terms]
    return "{title body} : (" + " AND ".join(quoted) + ")"


def matching(queryset, query: SearchQuery):
    """The objects of `queryset` whose indexed text contains every word of `query`.

    Keeps the queryset's order; the result can be counted and sliced.
    """
    # The SQLite backend's module can only be imported where SQLite is the database.
    if type(get_search_backend()).__name__ != "SQLiteSearchBackend":
        return queryset.search(query.text, operator="and", order_by_relevance=False)
    from wagtail.search.models import SQLiteFTSIndexEntry

    fts_table = SQLiteFTSIndexEntry._meta.db_table
    entries = IndexEntry.objects.filter(
        content_type_id__in=get_descendants_content_types_pks(queryset.model),
        # The table name is Wagtail's own model's; the reader's words go in as a parameter.
        id__in=RawSQL(  # noqa: S611
            f"SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH %s",  # noqa: S608
            [fts5_match(query)],
        ),
    ).values("object_id")
    return queryset.filter(pk__in=entries)
