"""RSS 2.0, Atom and JSON Feed of publications, and their autodiscovery links."""

import datetime as dt
import json
import re
from pathlib import Path

import feedparser
import pytest
import time_machine
from lxml import etree
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from chancery.newsroom.factories import PublicationKindFactory, PublicationPageFactory, paragraphs
from chancery.newsroom.models import PublicationPage

UTC = dt.UTC
ATOM_SCHEMA = Path(__file__).parent / "fixtures" / "atom.rng"
ATOM_NS = {"a": "http://www.w3.org/2005/Atom"}


@pytest.fixture
def items(news, statement_kind):
    """Two statements and an interview, in January 2022, with markup and a republished one."""
    interview = PublicationKindFactory(
        slug="interview", name="Interview", plural_name="interviews", locale=statement_kind.locale
    )
    return [
        PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            slug="first",
            title="First & <foremost> statement",
            summary="A lead with <b>markup</b> & an ampersand.",
            body=[("paragraph", RichText('<p>Full text with a <a href="/en/news/">link</a>.</p>'))],
            published_at=dt.datetime(2022, 1, 3, 9, tzinfo=UTC),
        ),
        PublicationPageFactory(
            parent=news,
            kind=interview,
            slug="talk",
            title="Interview with the ambassador",
            body=paragraphs("Questions and answers."),
            published_at=dt.datetime(2022, 1, 5, 9, tzinfo=UTC),
        ),
        PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            slug="republished",
            title="Ministry statement",
            body=paragraphs("From the ministry."),
            source_name="Ministry of Foreign Affairs",
            source_url="https://ministry.example/statement/1",
            published_at=dt.datetime(2022, 1, 7, 9, tzinfo=UTC),
        ),
    ]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response, feedparser.parse(response.content)


@pytest.mark.parametrize(
    ("fmt", "media_type", "version"),
    [
        ("rss", "application/rss+xml", "rss20"),
        ("atom", "application/atom+xml", "atom10"),
    ],
)
def test_feeds_parse_without_bozo(client, items, fmt, media_type, version):
    """RSS and Atom parse cleanly with feedparser and list the items newest first."""
    response, parsed = parse(client, f"/en/news/feeds/{fmt}/")
    assert response["Content-Type"].startswith(media_type)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == version
    assert [e.title for e in parsed.entries] == [
        "Ministry statement",
        "Interview with the ambassador",
        "First & <foremost> statement",
    ]


def test_json_feed_follows_the_1_1_spec(client, items):
    """JSON Feed 1.1: version, title, items with id, url, title, content and RFC 3339 dates.

    feedparser 6.0 (the release on PyPI) does not read JSON Feed, so the spec's requirements
    (https://www.jsonfeed.org/version/1.1/) are checked here one by one.
    """
    response = client.get("/en/news/feeds/json/")
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] and data["home_page_url"] == "http://testserver/en/news/"
    assert data["feed_url"] == "http://testserver/en/news/feeds/json/"
    assert data["language"] == "en"
    assert [item["title"] for item in data["items"]] == [
        "Ministry statement",
        "Interview with the ambassador",
        "First & <foremost> statement",
    ]
    for item in data["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item["url"].startswith("http://testserver/en/news/")
        assert item.get("content_html") or item.get("content_text")
        for key in ("date_published", "date_modified"):
            assert dt.datetime.fromisoformat(item[key]).tzinfo is not None
        assert all(author["name"] for author in item["authors"])
    assert data["items"][0]["external_url"] == "https://ministry.example/statement/1"


def test_atom_feed_validates_against_rfc4287_schema(client, items):
    """The Atom feed is valid against the RELAX NG schema of RFC 4287."""
    schema = etree.RelaxNG(etree.parse(str(ATOM_SCHEMA)))
    document = etree.fromstring(client.get("/en/news/feeds/atom/").content)
    assert schema.validate(document), schema.error_log
    # RFC 4287's Schematron rule, which RELAX NG cannot express: every entry has an author.
    entries = document.findall("a:entry", ATOM_NS)
    assert len(entries) == 3
    assert document.find("a:author", ATOM_NS) is not None or all(
        entry.find("a:author", ATOM_NS) is not None for entry in entries
    )


def test_atom_schema_rejects_an_invalid_feed():
    """The schema really checks: an Atom feed without an id is refused."""
    schema = etree.RelaxNG(etree.parse(str(ATOM_SCHEMA)))
    document = etree.fromstring(
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        b"<updated>2022-01-01T00:00:00Z</updated></feed>"
    )
    assert not schema.validate(document)


def test_full_content_with_absolute_links(client, items):
    """By default items carry the whole body, with links made absolute."""
    _, parsed = parse(client, "/en/news/feeds/atom/")
    first = parsed.entries[-1]
    assert "Full text with a" in first.content[0].value
    assert 'href="http://testserver/en/news/"' in first.content[0].value
    # The lead is text: its markup reaches readers escaped, as characters.
    assert first.summary == "A lead with &lt;b&gt;markup&lt;/b&gt; &amp; an ampersand."


def test_lead_only_content(client, items):
    """`?content=lead` gives the lead and no body."""
    response = client.get("/en/news/feeds/json/?content=lead")
    data = json.loads(response.content)
    first = data["items"][-1]
    assert "content_html" not in first
    assert first["content_text"] == "A lead with <b>markup</b> & an ampersand."
    assert "Full text" not in response.content.decode()


def test_bad_content_parameter_is_400(client, items):
    """An unknown content mode is a 400, not a 500."""
    assert client.get("/en/news/feeds/rss/?content=everything").status_code == 400


def test_kind_feed_has_only_that_kind(client, items):
    """`?kind=interview` lists interviews only."""
    _, parsed = parse(client, "/en/news/feeds/rss/?kind=interview")
    assert [e.title for e in parsed.entries] == ["Interview with the ambassador"]
    assert "interviews" in parsed.feed.title


def test_unknown_kind_is_404(client, items):
    """A feed of a kind that does not exist is a 404."""
    assert client.get("/en/news/feeds/atom/?kind=nonsense").status_code == 404


def test_author_is_source_or_mission(client, items, mission):
    """Republished items name their source as author; the mission's own items name it."""
    _, parsed = parse(client, "/en/news/feeds/atom/")
    authors = {e.title: e.author for e in parsed.entries}
    assert authors["Ministry statement"] == "Ministry of Foreign Affairs"
    assert authors["Interview with the ambassador"] == mission.mission_name


def test_dates_and_stable_ids(client, items):
    """Items carry published and updated times and an id that does not contain the slug."""
    _, parsed = parse(client, "/en/news/feeds/atom/")
    entry = parsed.entries[0]
    assert entry.published == "2022-01-07T09:00:00+00:00"
    assert entry.updated == "2022-01-07T09:00:00+00:00"
    assert entry.id == f"tag:testserver,2022-01-07:publication/{items[2].pk}"


def test_updated_time_follows_a_change_note(client, items):
    """Publishing a correction with a change note later moves the item's updated time."""
    page = items[0]
    with time_machine.travel(dt.datetime(2022, 1, 3, 9, tzinfo=UTC), tick=False):
        page.save_revision().publish()
    page = PublicationPage.objects.get(pk=page.pk)  # as an editor would open it again
    page.title = "First statement, corrected"
    page.change_note = "The title was corrected."
    with time_machine.travel(dt.datetime(2030, 1, 1, tzinfo=UTC), tick=False):
        page.save_revision().publish()
    _, parsed = parse(client, "/en/news/feeds/atom/")
    entry = next(e for e in parsed.entries if e.title == "First statement, corrected")
    assert entry.updated.startswith("2030-01-01T00:00:00")
    assert entry.published.startswith("2022-01-03T09:00:00")


def test_drafts_and_private_items_are_absent(client, items, news, statement_kind):
    """Only live, public items are in feeds."""
    draft = PublicationPageFactory(parent=news, kind=statement_kind, title="Secret draft")
    draft.unpublish()
    private = PublicationPageFactory(parent=news, kind=statement_kind, title="Private item")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    for fmt in ("rss", "atom", "json"):
        body = client.get(f"/en/news/feeds/{fmt}/").content.decode()
        assert "Secret draft" not in body
        assert "Private item" not in body
        assert "Ministry statement" in body


def test_control_characters_do_not_break_feeds(client, news, statement_kind):
    """A title with a character XML forbids still gives a well-formed feed."""
    PublicationPageFactory(parent=news, kind=statement_kind, title="Bell\x07 and tab\x0b")
    for fmt in ("rss", "atom"):
        response, parsed = parse(client, f"/en/news/feeds/{fmt}/")
        assert not parsed.bozo
        assert parsed.entries[0].title == "Bell and tab"


@pytest.mark.parametrize("url", ["/en/", "/en/news/", "/en/news/2022/", "/en/news/2022/01/"])
def test_list_pages_have_autodiscovery_links(client, items, url):
    """Every list page points feed readers to the three feeds."""
    html = client.get(url).content.decode()
    links = re.findall(r'<link rel="alternate" type="([^"]+)" title="[^"]+" href="([^"]+)">', html)
    assert ("application/rss+xml", "/en/news/feeds/rss/") in links
    assert ("application/atom+xml", "/en/news/feeds/atom/") in links
    assert ("application/feed+json", "/en/news/feeds/json/") in links
