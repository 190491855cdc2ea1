"""Every public page costs a fixed number of SQL queries, however many items it lists."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chancery.masthead.factories import DayCounterFactory
from chancery.newsroom import keyset
from chancery.newsroom.factories import PublicationPageFactory
from chancery.pagecache import memo

UTC = dt.UTC

# The most queries each page may make with the page cache off (it is off in tests), when it
# is the first page rendered in its process since the content last changed (the memo of
# chancery/pagecache/memo.py is empty). The language switcher costs 2 on every page (the
# translations of the page and of the pages above it in one query, and Wagtail's
# view-restriction check); the archive's filters 1 (the archive's locale).
BUDGET = {
    "front": 16,
    "archive": 17,
    "archive_deep": 17,
    "month": 17,
    "year": 17,
    "item": 17,
}


# The same pages read again in the same content generation: what every page reads (site,
# mission, route, translations, masthead, lists) comes from the process's memo. Lists are
# memoised too, so only the search (not here) and per-reader parameters reach the database.
WARM_BUDGET = {
    "front": 0,
    "archive": 0,
    "archive_deep": 0,
    "month": 0,
    "year": 0,
    "item": 0,
}


def count_queries(client, url, warm=False):
    """Queries of a render of `url`: the first in a generation (default), or a repeat."""
    client.get(url)  # the first request fills Wagtail's own lookups (site root paths)
    if not warm:
        memo.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), [q["sql"] for q in queries.captured_queries]


def add_items(news, kind, count, start):
    for n in range(count):
        PublicationPageFactory(
            parent=news,
            kind=kind,
            published_at=start + dt.timedelta(hours=n),
            pinned=n == 0,
        )


@pytest.fixture
def counters(site):
    DayCounterFactory(site=site, event="the harbour fire")
    DayCounterFactory(site=site, event="the bridge closure")


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("front", "/en/"),
        ("archive", "/en/news/"),
        ("archive_deep", "/en/news/?page=3"),
        ("month", "/en/news/2022/01/"),
        ("year", "/en/news/2022/"),
    ],
)
def test_list_pages_make_a_fixed_number_of_queries(
    client, news, statement_kind, counters, monkeypatch, name, url
):
    """Listing 30 items costs the same queries as listing 60, within the page's budget."""
    # Every page past the first counts as deep, so the keyset path is what is measured.
    monkeypatch.setattr(keyset, "SHALLOW_ITEMS", 0)
    add_items(news, statement_kind, 30, dt.datetime(2022, 1, 1, tzinfo=UTC))
    few, _ = count_queries(client, url)
    add_items(news, statement_kind, 30, dt.datetime(2022, 1, 10, tzinfo=UTC))
    many, sql = count_queries(client, url)
    assert many == few, "\n".join(sql)

    assert many <= BUDGET[name], "\n".join(sql)

    warm, sql = count_queries(client, url, warm=True)
    assert warm <= WARM_BUDGET[name], "\n".join(sql)


def test_item_page_makes_a_fixed_number_of_queries(client, news, statement_kind, counters):
    """An item page costs the same queries whatever the size of the archive."""
    item = PublicationPageFactory(parent=news, kind=statement_kind, slug="the-item")
    url = item.url
    few, _ = count_queries(client, url)
    add_items(news, statement_kind, 20, dt.datetime(2022, 1, 1, tzinfo=UTC))
    many, sql = count_queries(client, url)
    assert many == few, "\n".join(sql)

    assert many <= BUDGET["item"], "\n".join(sql)

    warm, sql = count_queries(client, url, warm=True)
    assert warm <= WARM_BUDGET["item"], "\n".join(sql)


def test_a_change_empties_the_memo(client, news, statement_kind):
    """A repeat read costs no query, but a saved change is read fresh by the next reader."""
    item = PublicationPageFactory(parent=news, kind=statement_kind, title="Before")
    client.get(item.url)
    warm, _ = count_queries(client, item.url, warm=True)
    assert warm == 0
    item.title = "After the change"
    item.save_revision().publish()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(item.url)
    assert len(queries) > 0
    assert "After the change" in response.content.decode()


def test_deep_archive_page_uses_no_offset(client, news, statement_kind):
    """Page 30 of a 300-item archive is found by key: no query carries an OFFSET."""
    call_command("make_dataset", 300, "--no-search-index", stdout=io.StringIO())
    client.get("/en/news/?page=30")
    memo.clear()  # measure a render, not the memo
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/news/?page=30")
    assert response.status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "OFFSET" in q["sql"].upper()]


def test_keyset_pages_match_offset_pages(news, statement_kind, monkeypatch):
    """Every page found by key holds exactly the items OFFSET would give, ties included."""
    monkeypatch.setattr(keyset, "SHALLOW_ITEMS", 0)
    same_moment = dt.datetime(2022, 1, 5, 12, tzinfo=UTC)
    for n in range(23):
        PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            published_at=same_moment if n % 3 else same_moment + dt.timedelta(hours=n),
        )
    items = news.publications()
    expected = list(items.newest_first().values_list("pk", flat=True))
    directory = keyset.ArchiveDirectory(items, 4)
    assert directory.count() == 23
    pages = [[row.pk for row in directory.page(number)] for number in range(1, 7)]
    assert pages == [expected[i : i + 4] for i in range(0, 23, 4)]
    assert directory.page(7) == []
