"""Feeds and search take the archive's filters: a filtered list's feeds list what it lists."""

import datetime as dt
import json
import re
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest

from chancery.newsroom.factories import PublicationKindFactory, PublicationPageFactory
from tests.conftest import translate

UTC = dt.UTC
FEED_TYPES = {
    "application/rss+xml": "rss20",
    "application/atom+xml": "atom10",
    "application/feed+json": "json",
}


@pytest.fixture
def comment_kind(locale):
    return PublicationKindFactory(
        name="Comment", plural_name="comments", slug="comment", locale=locale
    )


@pytest.fixture
def items(news, statement_kind, comment_kind):
    def make(slug, title, kind, day, tags=()):
        page = PublicationPageFactory(
            parent=news,
            kind=kind,
            slug=slug,
            title=title,
            published_at=day.replace(tzinfo=UTC),
            body=[("paragraph", f"<p>{title}: the harbour agreement.</p>")],
        )
        if tags:
            page.tags.add(*tags)
            page.save_revision().publish()
        return page

    return {
        "jan-statement": make(
            "jan-s", "Jan statement", statement_kind, dt.datetime(2022, 1, 5, 12), ["culture"]
        ),
        "jan-comment": make(
            "jan-c", "Jan comment", comment_kind, dt.datetime(2022, 1, 7, 12), ["culture"]
        ),
        "feb-statement": make(
            "feb-s", "Feb statement", statement_kind, dt.datetime(2022, 2, 3, 12), ["visas"]
        ),
        "old-statement": make(
            "old-s", "Old statement", statement_kind, dt.datetime(2021, 6, 1, 12)
        ),
    }


@pytest.fixture
def russian_item(items, ru_news):
    return translate(items["jan-statement"], "ru", title="Январское заявление")


def listed_links(client, url):
    """Absolute URLs of the items a list page shows."""
    html = client.get(url).content.decode()
    paths = re.findall(r'<p class="publication-list__heading">.*?<a href="([^"]+)"', html)
    return {f"http://testserver{path}" for path in paths}


def autodiscovery(client, url):
    html = client.get(url).content.decode()
    found = re.findall(
        r'<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">', html
    )
    return [(media_type, title, href.replace("&amp;", "&")) for media_type, title, href in found]


def feed_entries(client, href, version):
    """The item URLs of a feed; RSS and Atom through feedparser, JSON Feed as JSON (feedparser
    6.0, the release on PyPI, does not read JSON Feed; test_feeds checks its spec)."""
    response = client.get(href)
    assert response.status_code == 200, href
    if version == "json":
        document = json.loads(response.content)
        assert document["version"] == "https://jsonfeed.org/version/1.1"
        return {item["url"] for item in document["items"]}
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (href, parsed.get("bozo_exception"))
    assert parsed.version == version
    return {entry.link for entry in parsed.entries}


def query(href):
    return {name: values[0] for name, values in parse_qs(urlsplit(href).query).items()}


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/en/news/?kind=statement", {"kind": "statement"}),
        ("/en/news/?topic=culture", {"topic": "culture"}),
        ("/en/news/?kind=statement&topic=culture", {"kind": "statement", "topic": "culture"}),
        ("/en/news/?language=ru", {"language": "ru"}),
        ("/en/news/2022/", {"year": "2022"}),
        ("/en/news/2022/01/?kind=statement", {"kind": "statement", "year": "2022", "month": "1"}),
        ("/en/news/2022/01/?topic=culture", {"topic": "culture", "year": "2022", "month": "1"}),
    ],
)
def test_filtered_list_links_feeds_of_exactly_its_items(client, items, russian_item, url, params):
    """Each filtered list's first autodiscovery links carry its filter, and each of the three
    feeds (parsed by feedparser without a bozo flag) holds exactly the listed items."""
    expected = listed_links(client, url)
    assert expected
    links = autodiscovery(client, url)[:3]
    assert [media_type for media_type, _title, _href in links] == list(FEED_TYPES)
    for media_type, _title, href in links:
        assert query(href) == params, href
        assert feed_entries(client, href, FEED_TYPES[media_type]) == expected, href


def test_period_archive_also_links_the_live_feed(client, items):
    """A month archive also offers the feed of its other filters, without the period."""
    links = autodiscovery(client, "/en/news/2022/01/?kind=statement")
    hrefs = [href for _type, _title, href in links]
    assert hrefs[3:] == [
        "/en/news/feeds/rss/?kind=statement",
        "/en/news/feeds/atom/?kind=statement",
        "/en/news/feeds/json/?kind=statement",
    ]
    assert "January 2022" in links[0][1]


def test_feed_filters_combine_like_the_archive(client, items):
    """kind, year and month together give January's statements only."""
    entries = feed_entries(
        client, "/en/news/feeds/atom/?kind=statement&year=2022&month=1", "atom10"
    )
    assert entries == {"http://testserver/en/news/jan-s/"}


def test_language_filtered_feed_is_in_that_language(client, items, russian_item):
    """?language=ru lists the Russian items and says so in the feed's language."""
    response = client.get("/en/news/feeds/rss/?language=ru")
    parsed = feedparser.parse(response.content)
    assert [entry.title for entry in parsed.entries] == ["Январское заявление"]
    assert parsed.feed.language == "ru"


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"month": "13", "year": "2022"}, 400),
        ({"month": "1"}, 400),
        ({"year": "abc"}, 400),
        ({"kind": "no-such-kind"}, 404),
        ({"topic": "no-such-topic"}, 404),
        ({"language": "xx"}, 404),
    ],
)
def test_bad_feed_filters_are_refused_like_the_archive(client, items, params, status):
    """A malformed filter is a 400 and one naming nothing a 404, as on the archive."""
    assert client.get("/en/news/feeds/rss/", params).status_code == status
    assert client.get("/en/news/", params).status_code == status


def result_links(client, params):
    response = client.get("/en/search/", {"q": "harbour", **params})
    assert response.status_code == 200
    html = response.content.decode()
    paths = re.findall(r'<p class="publication-list__heading">.*?<a href="([^"]+)"', html)
    return set(paths)


@pytest.mark.parametrize(
    ("params", "slugs"),
    [
        ({}, {"jan-s", "jan-c", "feb-s", "old-s"}),
        ({"kind": "statement"}, {"jan-s", "feb-s", "old-s"}),
        ({"year": "2022"}, {"jan-s", "jan-c", "feb-s"}),
        ({"year": "2022", "month": "1"}, {"jan-s", "jan-c"}),
        ({"topic": "culture"}, {"jan-s", "jan-c"}),
        ({"topic": "culture", "kind": "comment"}, {"jan-c"}),
    ],
)
def test_search_takes_the_archive_filters(client, items, params, slugs):
    """Search results narrow by kind, year, month and topic like the archive."""
    assert result_links(client, params) == {f"/en/news/{slug}/" for slug in slugs}


def test_search_in_another_language(client, items, russian_item):
    """?language=ru searches the Russian items from the English search page."""
    assert result_links(client, {"language": "ru"}) == {f"{russian_item.url}"}


def test_search_keeps_filters_in_its_form_and_feeds(client, items):
    """The search form carries the other filters; its feed links carry them all."""
    html = client.get("/en/search/", {"q": "harbour", "topic": "culture", "year": "2022"})
    html = html.content.decode()
    assert '<input type="hidden" name="topic" value="culture">' in html
    assert '<input type="hidden" name="year" value="2022">' in html
    assert "/en/news/feeds/rss/?year=2022&amp;topic=culture" in html


def test_search_refuses_bad_filters(client, items):
    """month=13 is a 400 on search as on the archive."""
    assert client.get("/en/search/", {"q": "x", "year": "2022", "month": "13"}).status_code == 400
