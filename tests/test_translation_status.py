"""Translation status for editors: missing, outdated, up to date; filters; side by side."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import Locale

from chancery.languages.enums import TranslationStatus
from chancery.languages.status import (
    cell,
    content_locales,
    source_publications,
    with_translation_status,
)
from chancery.newsroom.factories import PublicationPageFactory
from tests.conftest import translate

UTC = dt.UTC
STATUS_URL = "/admin/translations/"


def at(day):
    return time_machine.travel(dt.datetime(2022, 1, day, 12, tzinfo=UTC), tick=False)


@pytest.fixture
def items(news, ru_news, statement_kind):
    """Three publications: untranslated, translated and unchanged, translated then changed."""
    with at(1):
        lonely = PublicationPageFactory(parent=news, kind=statement_kind, title="Lonely", slug="a")
        fresh = PublicationPageFactory(parent=news, kind=statement_kind, title="Fresh", slug="b")
        stale = PublicationPageFactory(parent=news, kind=statement_kind, title="Stale", slug="c")
    with at(2):
        translate(fresh, "ru", title="Свежее")
        translate(stale, "ru", title="Устаревшее")
    with at(3):
        stale.title = "Stale, corrected"
        stale.save_revision().publish()
    return lonely, fresh, stale


def statuses(language_code):
    locale = Locale.objects.get(language_code=language_code)
    rows = with_translation_status(source_publications(), content_locales())
    return {row.title: cell(row, locale).status for row in rows}


def test_status_of_each_publication(items):
    """Russian: missing without a translation, outdated after a source change, else up to date."""
    assert statuses("ru") == {
        "Lonely": TranslationStatus.MISSING,
        "Fresh": TranslationStatus.UP_TO_DATE,
        "Stale, corrected": TranslationStatus.OUTDATED,
    }
    assert set(statuses("en").values()) == {TranslationStatus.SOURCE}


def test_draft_translation_counts_as_missing(news, ru_news, statement_kind):
    """A translation nobody has published yet is still missing for readers."""
    source = PublicationPageFactory(parent=news, kind=statement_kind, title="Draft", slug="d")
    source.copy_for_translation(Locale.objects.get(language_code="ru"))
    assert statuses("ru")["Draft"] == TranslationStatus.MISSING


def test_republishing_the_translation_brings_it_up_to_date(items):
    """Publishing the translation after the source's change makes it up to date again."""
    stale_ru = items[2].get_translation(Locale.objects.get(language_code="ru"))
    with at(4):
        stale_ru.save_revision().publish()
    assert statuses("ru")["Stale, corrected"] == TranslationStatus.UP_TO_DATE


def test_item_written_in_russian_first_is_its_own_source(news, ru_news, statement_kind):
    """A publication that exists only in Russian is listed once, missing in English."""
    ru_kind = statement_kind.copy_for_translation(Locale.objects.get(language_code="ru"))
    ru_kind.save()
    PublicationPageFactory(parent=ru_news, kind=ru_kind, title="Только по-русски", slug="ru")
    assert statuses("en")["Только по-русски"] == TranslationStatus.MISSING
    assert statuses("ru")["Только по-русски"] == TranslationStatus.SOURCE


def refused(response):
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message."""
    return (response.status_code, response.get("Location")) in {(403, None), (302, "/admin/")}


def rows_of(html):
    """{publication title: {language code or column: status}} from the listing's table."""
    table = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        title = re.search(r'<a href="/admin/pages/\d+/edit/"[^>]*>\s*([^<]+?)\s*<', row)
        if title:
            table[title.group(1)] = re.findall(r'data-translation-status="([^"]+)"', row)
    return table


def test_listing_shows_each_language(client_for, translator, items):
    """The listing has a column per language and a row per publication."""
    response = client_for(translator).get(STATUS_URL)
    assert response.status_code == 200
    rows = rows_of(response.content.decode())
    # Columns: English, Russian, Arabic (the test configuration's languages).
    assert rows == {
        "Lonely": ["source", "missing", "missing"],
        "Fresh": ["source", "up-to-date", "missing"],
        "Stale, corrected": ["source", "outdated", "missing"],
    }


def test_listing_filters_by_language_and_status(client_for, translator, items):
    """language=ru&status=outdated lists only what needs the Russian translator."""
    response = client_for(translator).get(STATUS_URL, {"language": "ru", "status": "outdated"})
    assert rows_of(response.content.decode()) == {"Stale, corrected": ["outdated"]}
    response = client_for(translator).get(STATUS_URL, {"language": "ru", "status": "missing"})
    assert rows_of(response.content.decode()) == {"Lonely": ["missing"]}


def test_listing_is_paginated(client_for, translator, news, statement_kind):
    """Thirty rows a page; the rest on the next."""
    for n in range(31):
        PublicationPageFactory(parent=news, kind=statement_kind, title=f"Item {n:02d}")
    client = client_for(translator)
    first = rows_of(client.get(STATUS_URL).content.decode())
    second = rows_of(client.get(STATUS_URL, {"p": 2}).content.decode())
    assert len(first) == 30
    assert len(second) == 1
    assert not set(first) & set(second)


def test_missing_translation_leads_to_the_pair_view(client_for, translator, items):
    """A missing translation's cell links to the pair view, where it can be started."""
    html = client_for(translator).get(STATUS_URL, {"language": "ru"}).content.decode()
    compare_url = reverse("languages:compare", args=[items[0].pk, "ru"])
    assert f'href="{compare_url}"' in html


def test_translator_creates_a_translation_by_copy_for_translation(client_for, translator, items):
    """The Translate button copies the source into a Russian draft and opens its editor."""
    lonely = items[0]
    client = client_for(translator)
    create_url = reverse("languages:create_translation", args=[lonely.pk, "ru"])
    page = client.get(reverse("languages:compare", args=[lonely.pk, "ru"])).content.decode()
    assert f'action="{create_url}"' in page
    response = client.post(create_url)
    copy = lonely.get_translation(Locale.objects.get(language_code="ru"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[copy.pk])
    assert copy.title == "Lonely" and not copy.live
    assert statuses("ru")["Lonely"] == TranslationStatus.MISSING  # until it is published
    assert client.get(response["Location"]).status_code == 200


def test_translation_needs_a_translated_archive(client_for, translator, news, statement_kind):
    """Without a Russian archive nothing is copied; the translator is told why."""
    source = PublicationPageFactory(parent=news, kind=statement_kind, title="Alone", slug="x")
    client = client_for(translator)
    response = client.post(reverse("languages:create_translation", args=[source.pk, "ru"]))
    assert response.status_code == 302
    assert source.get_translation_or_none(Locale.objects.get(language_code="ru")) is None


def test_only_translators_and_editors_may_create_translations(client_for, author, items):
    """Authors, who hold no Translate permission, cannot start a translation."""
    create_url = reverse("languages:create_translation", args=[items[0].pk, "ru"])
    assert refused(client_for(author).post(create_url))
    assert items[0].get_translation_or_none(Locale.objects.get(language_code="ru")) is None


def test_side_by_side_shows_both_versions_and_edit_links(client_for, translator, items):
    """The pair view shows source and translation in two columns, each with its edit link."""
    stale = items[2]
    stale_ru = stale.get_translation(Locale.objects.get(language_code="ru"))
    html = client_for(translator).get(STATUS_URL, {"language": "ru"}).content.decode()
    compare_url = reverse("languages:compare", args=[stale.pk, "ru"])
    assert f'href="{compare_url}"' in html
    response = client_for(translator).get(compare_url)
    assert response.status_code == 200
    page = response.content.decode()
    english, russian = re.findall(r'<section lang="(?:en|ru)".*?</section>', page, re.S)
    assert "Stale, corrected" in english and "Устаревшее" in russian
    assert reverse("wagtailadmin_pages:edit", args=[stale.pk]) in english
    assert reverse("wagtailadmin_pages:edit", args=[stale_ru.pk]) in russian


@pytest.fixture
def reader_of_admin(db):
    """Someone who may enter the admin but edit no page."""
    user = get_user_model().objects.create_user("viewer", "viewer@example.org", "pw-test-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_only_page_editors_see_it(client_for, reader_of_admin, translator, items):
    """Without permission to edit pages: no menu item, 403 on the listing and the pair view."""
    client = client_for(reader_of_admin)
    assert refused(client.get(STATUS_URL))
    assert refused(client.get(reverse("languages:compare", args=[items[2].pk, "ru"])))
    assert STATUS_URL not in client.get("/admin/").content.decode()
    assert STATUS_URL in client_for(translator).get("/admin/").content.decode()
