"""sitemap.xml, robots.txt, sharing tags and JSON-LD: what crawlers and link previews read."""

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pytest
from lxml import etree
from wagtail.models import PageViewRestriction

from chancery.newsroom.factories import PublicationPageFactory, paragraphs
from chancery.newsroom.models import PublicationPage
from chancery.seo.sitemaps import PublicationsSitemap
from chancery.seo.structured_data import json_ld

UTC = dt.UTC
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def items(news, statement_kind):
    own = PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        slug="own",
        title="Statement on the harbour",
        summary="The lead of the statement.",
        published_at=dt.datetime(2022, 1, 10, 9, tzinfo=UTC),
    )
    republished = PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        slug="republished",
        title="Ministry comment </script><script>alert(1)</script>",
        body=paragraphs("From the ministry."),
        source_name="Ministry of Foreign Affairs",
        source_url="https://ministry.example/comment/7",
        source_published_at=dt.datetime(2022, 1, 11, 6, tzinfo=UTC),
        published_at=dt.datetime(2022, 1, 11, 9, tzinfo=UTC),
    )
    draft = PublicationPageFactory(parent=news, kind=statement_kind, slug="draft")
    draft.unpublish()
    private = PublicationPageFactory(parent=news, kind=statement_kind, slug="private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    return {"own": own, "republished": republished}


def locations(xml):
    return [loc.text for loc in etree.fromstring(xml).findall(".//s:loc", SITEMAP_NS)]


def test_robots_txt_names_the_sitemaps(client, site):
    """robots.txt lets crawlers in, keeps them out of the admin, and names the sitemap."""
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text and "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/en/sitemap.xml" in text


def test_sitemap_index_lists_the_sections(client, items):
    """`/en/sitemap.xml` is a sitemap index of the pages and publications files."""
    response = client.get("/en/sitemap.xml")
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    assert locations(response.content) == [
        "http://testserver/en/sitemap-pages.xml",
        "http://testserver/en/sitemap-publications.xml",
    ]


def test_sitemaps_list_only_public_live_pages(client, items):
    """The files list the front page, the archive and the public live publications only."""
    pages = locations(client.get("/en/sitemap-pages.xml").content)
    assert pages == ["http://testserver/en/", "http://testserver/en/news/"]
    publications = locations(client.get("/en/sitemap-publications.xml").content)
    assert publications == [
        "http://testserver/en/news/own/",
        "http://testserver/en/news/republished/",
    ]


def test_publication_lastmod(client, items):
    """Each publication carries its updated time as lastmod."""
    xml = client.get("/en/sitemap-publications.xml").content.decode()
    assert "<lastmod>2022-01-10</lastmod>" in xml


def test_sitemap_files_hold_at_most_50000_urls(items):
    """Publications are split into files of the protocol's maximum of 50,000 URLs."""
    assert PublicationsSitemap.limit == 50_000


def test_sitemap_paging_splits_the_publications(client, items, monkeypatch):
    """With a limit of one URL a file, the index names one file per publication."""
    monkeypatch.setattr(PublicationsSitemap, "limit", 1)
    index = locations(client.get("/en/sitemap.xml").content)
    assert "http://testserver/en/sitemap-publications.xml?p=2" in index
    second = locations(client.get("/en/sitemap-publications.xml?p=2").content)
    assert second == ["http://testserver/en/news/republished/"]
    assert client.get("/en/sitemap-publications.xml?p=3").status_code == 404


def test_sitemap_locations_are_the_pages_own_urls(client, news, statement_kind):
    """The publications file builds URLs from paths; they are exactly Wagtail's URLs, in each
    language, and every lastmod is the item's updated date in the mission's zone."""
    from chancery.home.models import HomePage
    from tests.conftest import translate

    made = [
        PublicationPageFactory(parent=news, kind=statement_kind, slug=f"item-{n}") for n in range(3)
    ]
    translate(HomePage.objects.get(), "ru", title="Главная")
    translate(news, "ru", title="Новости")
    made.append(translate(made[0], "ru", title="Заявление", slug="zayavlenie"))
    for language in ("en", "ru"):
        xml = client.get(f"/{language}/sitemap-publications.xml").content
        expected = {
            page.get_full_url(): page.updated_at.astimezone(ZoneInfo("Europe/Moscow")).date()
            for page in PublicationPage.objects.live().filter(locale__language_code=language)
        }
        root = etree.fromstring(xml)
        found = {
            url.findtext("s:loc", namespaces=SITEMAP_NS): url.findtext(
                "s:lastmod", namespaces=SITEMAP_NS
            )
            for url in root.findall("s:url", SITEMAP_NS)
        }
        assert found == {url: f"{day:%Y-%m-%d}" for url, day in expected.items()}
        assert f"/{language}/news/" in next(iter(found))


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99", "10" * 20])
def test_bad_sitemap_page_is_404(client, items, page):
    assert client.get(f"/en/sitemap-publications.xml?p={page}").status_code == 404


def test_unknown_sitemap_section_is_404(client, items):
    """A section that does not exist is a 404."""
    assert client.get("/en/sitemap-nothing.xml").status_code == 404


def test_item_page_has_sharing_tags(client, items, mission):
    """OpenGraph and Twitter card tags describe the item."""
    html = client.get("/en/news/own/").content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Statement on the harbour">' in html
    assert '<meta property="og:description" content="The lead of the statement.">' in html
    assert '<meta property="og:url" content="http://testserver/en/news/own/">' in html
    assert f'<meta property="og:site_name" content="{mission.mission_name}">' in html
    assert '<meta property="article:published_time" content="2022-01-10T12:00:00+03:00">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_list_pages_have_sharing_tags(client, items):
    """Other pages say what they are too."""
    html = client.get("/en/news/").content.decode()
    assert '<meta property="og:type" content="website">' in html
    assert '<meta property="og:url" content="http://testserver/en/news/">' in html


def structured_data(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_item_page_has_news_article_json_ld(client, items, mission):
    """A NewsArticle with headline, dates, publisher and language."""
    data = structured_data(client.get("/en/news/own/").content.decode())
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Statement on the harbour"
    assert data["datePublished"] == "2022-01-10T09:00:00+00:00"
    assert data["dateModified"] == "2022-01-10T09:00:00+00:00"
    assert data["publisher"]["name"] == mission.mission_name
    assert data["inLanguage"] == "en"
    assert "isBasedOn" not in data


def test_republished_item_is_based_on_the_original(client, items):
    """A republished item names its original in isBasedOn."""
    data = structured_data(client.get("/en/news/republished/").content.decode())
    assert data["isBasedOn"]["url"] == "https://ministry.example/comment/7"
    assert data["isBasedOn"]["publisher"]["name"] == "Ministry of Foreign Affairs"
    assert data["isBasedOn"]["datePublished"] == "2022-01-11T06:00:00+00:00"


def test_json_ld_cannot_close_its_script_element(client, items):
    """A title with `</script>` stays inside the JSON-LD."""
    html = client.get("/en/news/republished/").content.decode()
    assert "</script><script>alert(1)" not in html
    assert structured_data(html)["headline"].endswith("</script><script>alert(1)</script>")


def test_json_ld_escapes_markup_characters():
    """<, > and & are written as JSON escapes."""
    assert json_ld({"a": "<&>"}) == (
        '<script type="application/ld+json">{"a":"\\u003C\\u0026\\u003E"}</script>'
    )
