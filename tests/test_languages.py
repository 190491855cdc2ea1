"""Languages: URLs per language, the switcher, hreflang, right-to-left, localised dates."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Locale

from chancery.newsroom.factories import PublicationPageFactory
from chancery.settings.base import languages_from
from tests.conftest import translate

UTC = dt.UTC


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def switcher(html):
    """{language code: href} of the switcher's links."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    return {
        code: href.replace("&amp;", "&")
        for href, code in re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', nav)
    }


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html))


@pytest.fixture
def item(news, statement_kind):
    return PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        title="Statement on the harbour",
        slug="harbour",
        published_at=dt.datetime(2022, 1, 10, 12, tzinfo=UTC),
    )


def test_languages_come_from_the_configuration():
    """CHANCERY_LANGUAGES names languages by code; each is shown in its own language."""
    assert languages_from(["en", "ru", "ar"]) == [
        ("en", "English"),
        ("ru", "Русский"),
        ("ar", "العربيّة"),
    ]


@pytest.mark.parametrize("codes", [[], ["en", "xx"], ["en", "en"]])
def test_bad_language_configuration_is_refused(codes):
    """No language, an unknown code or a repeated one stops the site from starting."""
    with pytest.raises(ImproperlyConfigured):
        languages_from(codes)


def test_every_configured_language_has_a_locale(db):
    """Migrating creates a Wagtail locale for each configured language."""
    assert {"en", "ru", "ar"} <= set(Locale.objects.values_list("language_code", flat=True))


def test_russian_front_page_is_russian(client, mission, ru_home):
    """/ru/ is the Russian front page: lang="ru", left to right, Russian title."""
    html = html_of(client, "/ru/")
    assert '<html lang="ru" dir="ltr">' in html
    assert "Главная" in html


def test_arabic_renders_right_to_left(client, mission, home):
    """An Arabic front page is marked dir="rtl" for the whole document."""
    translate(home, "ar", title="الصفحة الرئيسية")
    html = html_of(client, "/ar/")
    assert '<html lang="ar" dir="rtl">' in html
    assert "الصفحة الرئيسية" in html


def test_russian_date_line_uses_the_genitive(client, mission, ru_home):
    """The Russian masthead reads `19 января 2022`, the month in the genitive."""
    with time_machine.travel(dt.datetime(2022, 1, 19, 3, 38, tzinfo=UTC), tick=False):
        html = html_of(client, "/ru/")
    assert '<time datetime="2022-01-19">19 января 2022</time>' in html


def test_switcher_links_a_page_to_its_translation(client, item, ru_news):
    """The switcher on an item leads to its Russian translation, and back."""
    ru_item = translate(item, "ru", title="Заявление о гавани", slug="gavan")
    assert switcher(html_of(client, "/en/news/harbour/"))["ru"] == "/ru/news/gavan/"
    assert switcher(html_of(client, ru_item.url))["en"] == "/en/news/harbour/"


def test_hreflang_alternates_and_x_default(client, item, ru_news):
    """The head lists every translation by hreflang, and x-default for the default language."""
    translate(item, "ru", title="Заявление о гавани", slug="gavan")
    links = alternates(html_of(client, "/ru/news/gavan/"))
    assert links == {
        "en": "http://testserver/en/news/harbour/",
        "ru": "http://testserver/ru/news/gavan/",
        "x-default": "http://testserver/en/news/harbour/",
    }


def test_untranslated_page_leads_to_the_archive_with_a_notice(client, item, ru_news):
    """Without a translation the switcher leads to the Russian archive, which says why."""
    html = html_of(client, "/en/news/harbour/")
    assert switcher(html)["ru"] == "/ru/news/?untranslated=1"
    assert 'hreflang="ru" href' not in html.split("</head>")[0]
    assert 'class="notice"' in html_of(client, "/ru/news/?untranslated=1")


def test_untranslated_archive_leads_to_the_front_page(client, news, ru_home):
    """An archive with no Russian translation falls back to the Russian front page."""
    assert switcher(html_of(client, "/en/news/"))["ru"] == "/ru/?untranslated=1"


def test_language_without_any_page_is_not_linked(client, item, ru_news):
    """Arabic has no pages at all here, so the switcher offers no Arabic link."""
    assert "ar" not in switcher(html_of(client, "/en/news/harbour/"))


def test_switcher_keeps_the_month_and_filters(client, item, ru_news, ru_statement_kind):
    """From a filtered month archive the switcher leads to the same month and filter."""
    html = html_of(client, "/en/news/2022/01/?kind=statement")
    assert switcher(html)["ru"] == "/ru/news/2022/01/?kind=statement"


def test_every_switcher_link_answers(client, item, ru_news, ru_statement_kind):
    """Following any switcher link from any kind of page never gives an error."""
    translate(item, "ru", title="Заявление о гавани", slug="gavan")
    PublicationPageFactory(parent=ru_news, kind=ru_statement_kind, title="Только по-русски")
    pages = [
        "/en/",
        "/ru/",
        "/en/news/",
        "/ru/news/",
        "/en/news/2022/",
        "/en/news/2022/01/",
        "/ru/news/2022/01/?kind=statement",
        "/en/news/harbour/",
        "/ru/news/gavan/",
        "/ru/news/press-release-0/",
        "/en/news/?language=ru",
        "/en/no-such-page/",
    ]
    for url in pages:
        response = client.get(url)
        for href in switcher(response.content.decode()).values():
            assert client.get(href).status_code == 200, (url, href)


def test_kind_is_shown_in_the_readers_language(client, item, ru_news, ru_statement_kind):
    """A translation still pointing at the English kind shows the Russian kind's name."""
    ru_item = translate(item, "ru", title="Заявление о гавани", slug="gavan")
    assert ru_item.kind_id == item.kind_id
    assert '<p class="publication__kind">Заявление</p>' in html_of(client, "/ru/news/gavan/")


def test_russian_summaries_use_russian_plurals(
    client, ru_news, ru_statement_kind, django_capture_on_commit_callbacks
):
    """Russian summaries: `2 публикации`, `5 публикаций`, `Заявления в январе 2022 года: 2`."""
    for day in (3, 4):
        PublicationPageFactory(
            parent=ru_news,
            kind=ru_statement_kind,
            published_at=dt.datetime(2022, 1, day, 12, tzinfo=UTC),
        )
    assert '<p class="archive-summary">2 публикации' in html_of(client, "/ru/news/")
    html = html_of(client, "/ru/news/2022/01/?kind=statement")
    assert '<p class="archive-summary">Заявления в январе 2022 года: 2</p>' in html
    with django_capture_on_commit_callbacks(execute=True):  # as publishing commits
        for day in (5, 6, 7):
            PublicationPageFactory(
                parent=ru_news,
                kind=ru_statement_kind,
                published_at=dt.datetime(2022, 1, day, 12, tzinfo=UTC),
            )
    assert '<p class="archive-summary">5 публикаций' in html_of(client, "/ru/news/")


def test_notice_and_errors_are_in_the_readers_language(client, item, ru_news):
    """The untranslated notice and the 400 page speak Russian under /ru/."""
    html = html_of(client, "/ru/news/?untranslated=1")
    assert "У страницы, которую вы читали, пока нет перевода" in html
    response = client.get("/ru/news/?month=13&year=2022")
    assert response.status_code == 400
    assert "Месяц — число от 1 до 12." in response.content.decode()


def test_arabic_interface_strings(client, mission, home):
    """Arabic readers get the public interface in Arabic."""
    translate(home, "ar", title="الصفحة الرئيسية")
    assert "تخطَّ إلى المحتوى الرئيسي" in html_of(client, "/ar/")
