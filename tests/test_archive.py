"""The archive, its numbered pages and the month and year archives."""

import datetime as dt
import re

import pytest

from chancery.newsroom.factories import PublicationPageFactory

UTC = dt.UTC


@pytest.fixture
def items(news, statement_kind):
    """25 items, one a day from 1 January 2022 at noon UTC."""
    return [
        PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            title=f"Item {n:02d}",
            published_at=dt.datetime(2022, 1, 1, 12, tzinfo=UTC) + dt.timedelta(days=n - 1),
        )
        for n in range(1, 26)
    ]


def titles(html):
    return re.findall(r">(Item \d\d)</a>", html)


def test_archive_first_page(client, items):
    """Page 1 lists the 10 newest items, newest first, as `DD.MM.YYYY - Title`."""
    response = client.get("/en/news/")
    html = response.content.decode()
    assert titles(html) == [f"Item {n:02d}" for n in range(25, 15, -1)]
    assert re.search(r">25\.01\.2022</time> - <a href=\"/en/news/[^\"]+/\">Item 25</a>", html)


def test_archive_last_page(client, items):
    """Page 3 has the 5 oldest items."""
    html = client.get("/en/news/?page=3").content.decode()
    assert titles(html) == [f"Item {n:02d}" for n in range(5, 0, -1)]


def test_pagination_links(client, items):
    """`Pages: ««« :: 1 2 3 :: »»»` with the current page not a link."""
    html = client.get("/en/news/?page=2").content.decode()
    assert '<a href="?page=1">1</a>' in html
    assert '<span aria-current="page">2</span>' in html
    assert '<a href="?page=2">' not in html
    assert '<a href="?page=3">3</a>' in html
    assert "Pages:" in html and "«««" in html and "»»»" in html


@pytest.mark.parametrize("page", ["0", "-1", "abc", "4", "1e3", "%00"])
def test_bad_page_numbers_are_404(client, items, page):
    """Zero, negative, non-numeric and past-the-end page numbers give a 404 page."""
    response = client.get(f"/en/news/?page={page}")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_month_archive_lists_the_whole_month(client, news, statement_kind):
    """`/en/news/2022/01/` lists every item of January 2022 and nothing else."""
    for day, title in [(1, "New year"), (31, "End of January")]:
        PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            title=title,
            published_at=dt.datetime(2022, 1, day, 12, tzinfo=UTC),
        )
    PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        title="February item",
        published_at=dt.datetime(2022, 2, 1, 12, tzinfo=UTC),
    )
    html = client.get("/en/news/2022/01/").content.decode()
    assert "New year" in html and "End of January" in html
    assert "February item" not in html
    assert "January 2022" in html


def test_month_archive_uses_reference_zone(client, news, statement_kind):
    """An item at 22:00 UTC on 31 January is 1 February in Moscow: it belongs to February."""
    PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        title="Late item",
        published_at=dt.datetime(2022, 1, 31, 22, tzinfo=UTC),
    )
    assert "Late item" not in client.get("/en/news/2022/01/").content.decode()
    assert "Late item" in client.get("/en/news/2022/02/").content.decode()


def test_month_archive_does_not_shift_when_new_items_are_published(client, news, statement_kind):
    """Publishing a new item leaves an earlier month's archive exactly as it was."""
    PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        title="January item",
        published_at=dt.datetime(2022, 1, 10, tzinfo=UTC),
    )
    before = titles(client.get("/en/news/2022/01/").content.decode())
    PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        title="Item 99",
        published_at=dt.datetime(2022, 2, 10, tzinfo=UTC),
    )
    assert titles(client.get("/en/news/2022/01/").content.decode()) == before


def test_year_archive(client, news, statement_kind):
    """`/en/news/2022/` lists the items of 2022 only."""
    PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        title="In 2022",
        published_at=dt.datetime(2022, 6, 1, tzinfo=UTC),
    )
    PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        title="In 2021",
        published_at=dt.datetime(2021, 6, 1, tzinfo=UTC),
    )
    html = client.get("/en/news/2022/").content.decode()
    assert "In 2022" in html and "In 2021" not in html


@pytest.mark.parametrize(
    "path", ["/en/news/2022/13/", "/en/news/2022/00/", "/en/news/0000/", "/en/news/9999/12/"]
)
def test_impossible_periods_are_404(client, news, path):
    """Month 13, month 0 and out-of-range years are 404, never 500."""
    assert client.get(path).status_code == 404


def test_empty_month_says_so(client, news):
    """A month with nothing in it answers 200 with a clear message."""
    response = client.get("/en/news/2021/05/")
    assert response.status_code == 200
    assert "Nothing was published in this period." in response.content.decode()
