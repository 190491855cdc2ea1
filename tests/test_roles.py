"""Each role can do its job and no more."""

import pytest
from wagtail.models import Locale, Page

from chancery.newsroom.factories import PublicationPageFactory


@pytest.fixture
def item(news, statement_kind):
    return PublicationPageFactory(parent=news, kind=statement_kind, title="Live item")


def test_only_site_administrators_manage_users(client_for, press_secretary, site_administrator):
    """Users are managed by site administrators only: editing users can make a superuser."""
    assert client_for(press_secretary).get("/admin/users/").status_code != 200
    assert client_for(site_administrator).get("/admin/users/").status_code == 200
    assert client_for(press_secretary).get("/admin/users/add/").status_code != 200


def test_press_secretary_cannot_unpublish(client_for, press_secretary, item):
    """Unpublishing outright is for site administrators."""
    client_for(press_secretary).post(f"/admin/pages/{item.pk}/unpublish/")
    item.refresh_from_db()
    assert item.live


def test_press_secretary_cannot_delete_live_item(client_for, press_secretary, item):
    """Deleting a live item would break citations: not for press secretaries."""
    client_for(press_secretary).post(f"/admin/pages/{item.pk}/delete/")
    assert Page.objects.filter(pk=item.pk).exists()


def test_site_administrator_unpublishes(client_for, site_administrator, item):
    """A site administrator can still unpublish outright."""
    response = client_for(site_administrator).post(f"/admin/pages/{item.pk}/unpublish/")
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.live


def test_press_secretary_manages_counters(client_for, press_secretary):
    """Day counters are the press secretaries' to manage; authors cannot."""
    assert (
        client_for(press_secretary).get("/admin/snippets/masthead/daycounter/").status_code == 200
    )


def test_author_cannot_manage_counters_or_settings(client_for, author, site):
    """Counters and the mission settings are not for authors."""
    assert client_for(author).get("/admin/snippets/masthead/daycounter/").status_code != 200
    assert (
        client_for(author).get(f"/admin/settings/core/missionsettings/{site.pk}/").status_code
        != 200
    )


@pytest.fixture
def russian(settings, home):
    settings.LANGUAGES = [("en", "English"), ("ru", "Russian")]
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    locale = Locale.objects.get_or_create(language_code="ru")[0]
    return locale


def test_translator_edits_translation_not_source(client_for, translator, item, russian):
    """Translators open the Russian copy in the editor, but not the English original."""
    translation = item.copy_for_translation(russian, copy_parents=True)
    browser = client_for(translator)
    assert browser.get(f"/admin/pages/{translation.pk}/edit/").status_code == 200
    response = browser.get(f"/admin/pages/{item.pk}/edit/")
    assert response.status_code in (302, 403)
    assert b'name="title"' not in response.content
    assert not item.permissions_for_user(translator).can_edit()
    assert translation.specific.permissions_for_user(translator).can_edit()


def test_translator_cannot_create_in_source(client_for, translator, news, russian):
    """Translators cannot add pages to the English tree."""
    response = client_for(translator).get(f"/admin/pages/add/newsroom/publicationpage/{news.pk}/")
    assert response.status_code in (302, 403)
