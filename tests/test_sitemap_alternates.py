"""Sitemaps name each translated page's other languages as hreflang alternates."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree
from wagtail.models import Locale, PageViewRestriction

from chancery.newsroom.factories import PublicationPageFactory
from tests.conftest import translate

UTC = dt.UTC
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def alternates_by_location(client, url):
    """{location: {hreflang: href}} of a sitemap file."""
    response = client.get(url)
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    return {
        entry.findtext("s:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href")
            for link in entry.findall("x:link[@rel='alternate']", namespaces=NS)
        }
        for entry in root.findall("s:url", namespaces=NS)
    }


@pytest.fixture
def items(news, ru_news, statement_kind):
    translated = PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        slug="harbour",
        published_at=dt.datetime(2022, 1, 10, 12, tzinfo=UTC),
    )
    translate(translated, "ru", title="О гавани")
    lonely = PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        slug="lonely",
        published_at=dt.datetime(2022, 1, 11, 12, tzinfo=UTC),
    )
    return translated, lonely


def test_translated_publication_has_alternates_in_both_sitemaps(client, items):
    """Both languages' files give the item its en, ru and x-default versions."""
    pair = {
        "en": "http://testserver/en/news/harbour/",
        "ru": "http://testserver/ru/news/harbour/",
        "x-default": "http://testserver/en/news/harbour/",
    }
    english = alternates_by_location(client, "/en/sitemap-publications.xml")
    russian = alternates_by_location(client, "/ru/sitemap-publications.xml")
    assert english["http://testserver/en/news/harbour/"] == pair
    assert russian["http://testserver/ru/news/harbour/"] == pair


def test_untranslated_page_has_no_alternates(client, items):
    """An item in one language only gets no xhtml:link at all."""
    english = alternates_by_location(client, "/en/sitemap-publications.xml")
    assert english["http://testserver/en/news/lonely/"] == {}


def test_front_page_and_archive_have_alternates(client, items):
    """The pages file links the front pages and the archives across languages."""
    pages = alternates_by_location(client, "/en/sitemap-pages.xml")
    assert pages["http://testserver/en/"]["ru"] == "http://testserver/ru/"
    assert pages["http://testserver/en/news/"]["ru"] == "http://testserver/ru/news/"


def test_private_or_unpublished_translation_is_not_an_alternate(client, items):
    """A translation readers cannot see is left out."""
    translated, _lonely = items
    russian = translated.get_translation(Locale.objects.get(language_code="ru"))
    PageViewRestriction.objects.create(
        page=russian, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    english = alternates_by_location(client, "/en/sitemap-publications.xml")
    assert english["http://testserver/en/news/harbour/"] == {}


def test_alternates_cost_a_fixed_number_of_queries(client, news, ru_news, statement_kind):
    """More translated items do not mean more queries."""

    def count():
        client.get("/en/sitemap-publications.xml")
        with CaptureQueriesContext(connection) as queries:
            client.get("/en/sitemap-publications.xml")
        return len(queries)

    def add(n):
        for i in range(n):
            page = PublicationPageFactory(parent=news, kind=statement_kind)
            translate(page, "ru", title=f"Перевод {i}")

    add(2)
    few = count()
    add(4)
    assert count() == few
