"""Editors change every part of the front page in the admin, and readers see the change."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.forms import Select
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from chancery.core.models import TimeZoneSelect
from chancery.masthead.models import DayCounter
from chancery.newsroom.factories import PublicationPageFactory
from chancery.newsroom.models import PublicationPage
from tests.accounts_helpers import sign_in
from tests.editorial_helpers import approve


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser(
        "editor", "editor@example.org", "pw-for-tests-only"
    )
    return sign_in(client, user, "pw-for-tests-only")


def test_editor_changes_mission_settings(editor_client, site, mission):
    """Mission name, cities, consular label, phones and e-mail are edited in Settings."""
    url = f"/admin/settings/core/missionsettings/{site.pk}/"
    assert editor_client.get(url).status_code == 200
    old_cities = [
        {"id": c.pk, "name": c.name, "time_zone": c.time_zone, "DELETE": "on"}
        for c in mission.cities.all()
    ]
    old_phones = [{"id": p.pk, "number": p.number, "DELETE": "on"} for p in mission.phones.all()]
    data = nested_form_data(
        {
            "mission_name": "Embassy of Testland",
            "reference_time_zone": "Asia/Tokyo",
            "cities": inline_formset(
                [
                    *old_cities,
                    {"name": "Tokyo", "time_zone": "Asia/Tokyo"},
                    {"name": "Lima", "time_zone": "America/Lima"},
                ],
                initial=len(old_cities),
            ),
            "consular_label": "Call us:",
            "phones": inline_formset(
                [*old_phones, {"number": "+81 3 0000 0000", "note": ""}], initial=len(old_phones)
            ),
            "consular_email": "help@testland.example",
            # The per-language rows (none here), as the admin posts them.
            "texts": inline_formset([]),
            "city_names": inline_formset([]),
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    html = editor_client.get("/en/").content.decode()
    assert "Embassy of Testland" in html
    assert "Tokyo: <time" in html and "Lima: <time" in html and "Moscow:" not in html
    assert "Call us:" in html
    assert 'href="tel:+81300000000"' in html
    assert 'href="mailto:help@testland.example"' in html


def test_settings_refuse_unknown_zone(editor_client, site, mission):
    """A zone that is not an IANA name (such as a fixed offset) is refused with a message."""
    url = f"/admin/settings/core/missionsettings/{site.pk}/"
    data = nested_form_data(
        {
            "mission_name": "X",
            "reference_time_zone": "UTC+3",
            "cities": inline_formset([]),
            "consular_label": "",
            "phones": inline_formset([]),
            "consular_email": "",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "is not a known time zone" in response.content.decode()


def test_editor_adds_a_counter(editor_client, site, mission, locale):
    """A counter added under Snippets appears on the public page."""
    response = editor_client.post(
        "/admin/snippets/masthead/daycounter/add/",
        {
            "site": site.pk,
            "event": "the new bridge opened",
            "event_date": "2020-01-01",
            "caption": "",
            "shown_from": "",
            "shown_until": "",
            "locale": locale.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert DayCounter.objects.filter(event="the new bridge opened").exists()
    assert (
        "days have passed since the new bridge opened" in editor_client.get("/en/").content.decode()
    )


def test_counter_window_must_be_in_order(editor_client, site, mission, locale):
    """A counter whose end is before its start is refused."""
    response = editor_client.post(
        "/admin/snippets/masthead/daycounter/add/",
        {
            "site": site.pk,
            "event": "backwards",
            "event_date": "2020-01-01",
            "shown_from": "2022-01-10",
            "shown_until": "2022-01-01",
            "locale": locale.pk,
        },
    )
    assert response.status_code == 200
    assert "cannot stop being shown before it starts" in response.content.decode()
    assert not DayCounter.objects.filter(event="backwards").exists()


def publication_form(statement_kind, **overrides):
    data = {
        "title": "Statement from the admin",
        "slug": "statement-from-the-admin",
        "kind": statement_kind.pk,
        "published_at": "2022-01-09 10:00",
        "summary": "",
        "body": streamfield([("paragraph", rich_text("<p>Written in the admin.</p>"))]),
        "source_name": "",
        "source_url": "",
        "source_published_at": "",
        "pinned": "",
        "pinned_until": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editor_publishes_a_publication(
    editor_client, news, statement_kind, client_for, press_secretary
):
    """A publication written and approved in the admin is on the front page and its own URL."""
    url = f"/admin/pages/add/newsroom/publicationpage/{news.pk}/"
    response = editor_client.post(url, {**publication_form(statement_kind), "action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    page = PublicationPage.objects.get(slug="statement-from-the-admin")
    approve(client_for(press_secretary), page)
    page.refresh_from_db()
    assert page.live
    assert page.get_latest_revision() is not None
    html = editor_client.get("/en/").content.decode()
    assert "Statement from the admin" in html
    assert "Written in the admin." in html
    assert editor_client.get("/en/news/statement-from-the-admin/").status_code == 200


def test_saved_draft_is_not_public(editor_client, news, statement_kind):
    """Saving a draft does not show it to readers."""
    url = f"/admin/pages/add/newsroom/publicationpage/{news.pk}/"
    response = editor_client.post(url, publication_form(statement_kind))
    assert response.status_code == 302
    assert not PublicationPage.objects.get(slug="statement-from-the-admin").live
    assert "Statement from the admin" not in editor_client.get("/en/").content.decode()


def test_all_digit_slug_is_refused(editor_client, news, statement_kind):
    """A slug of digits would clash with the year archive and is refused."""
    url = f"/admin/pages/add/newsroom/publicationpage/{news.pk}/"
    response = editor_client.post(url, publication_form(statement_kind, slug="2022"))
    assert response.status_code == 200
    assert "The slug cannot be only digits" in response.content.decode()
    assert not PublicationPage.objects.filter(slug="2022").exists()


def test_source_url_needs_source_name(editor_client, news, statement_kind):
    """A republished item must name its source."""
    url = f"/admin/pages/add/newsroom/publicationpage/{news.pk}/"
    response = editor_client.post(
        url, publication_form(statement_kind, source_url="https://mfa.example.org/1/")
    )
    assert response.status_code == 200
    assert "Name the source of a republished item." in response.content.decode()


def test_editor_pins_and_unpins(editor_client, news, statement_kind, client_for, press_secretary):
    """Pinning an existing item through the admin shows it in full at the top."""
    page = PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        title="To be pinned",
        published_at=dt.datetime(2022, 1, 9, tzinfo=dt.UTC),
    )
    url = f"/admin/pages/{page.pk}/edit/"
    form = publication_form(
        statement_kind, title="To be pinned", slug=page.slug, pinned="on", minor_change="on"
    )
    response = editor_client.post(url, {**form, "action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    approve(client_for(press_secretary), page)
    assert '<article class="pinned">' in editor_client.get("/en/").content.decode()


def test_editor_changes_latest_count(editor_client, home, news, statement_kind):
    """The number of latest items is a field of the front page."""
    for n in range(3):
        PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            title=f"Counted {n}",
            published_at=dt.datetime(2022, 1, n + 1, tzinfo=dt.UTC),
        )
    response = editor_client.post(
        f"/admin/pages/{home.pk}/edit/",
        {"title": "Front page", "slug": "home", "latest_count": "1", "action-publish": "publish"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    html = editor_client.get("/en/").content.decode()
    assert "Counted 2" in html and "Counted 1" not in html


OPTION = re.compile(r'<option value="([^"]*)"( selected)?>([^<]*)</option>')


@pytest.mark.parametrize("value", [None, "", "Europe/London", "Asia/Tokyo", '"><script>x</script>'])
def test_zone_drop_down_draws_what_django_would(value):
    """The fast drop-down of zones has Django's options, selection and attributes, escaped."""
    ours = TimeZoneSelect().render("cities-0-time_zone", value, attrs={"id": "id_zone"})
    django = Select.render(TimeZoneSelect(), "cities-0-time_zone", value, attrs={"id": "id_zone"})
    assert OPTION.findall(ours) == OPTION.findall(django)
    assert len(OPTION.findall(ours)) > 400
    assert ours.startswith('<select name="cities-0-time_zone" id="id_zone">')
    assert "<script>" not in ours


@pytest.mark.parametrize(
    "next_url", ["abc", "{% debug %}", "https://evil.example/", "//evil.example/"]
)
def test_a_crafted_next_on_save_is_ignored(editor_client, news, statement_kind, next_url):
    """A save whose `next` is no path on this site lands on the explorer, never an error or
    another host."""
    url = f"/admin/pages/add/newsroom/publicationpage/{news.pk}/"
    response = editor_client.post(url, {**publication_form(statement_kind), "next": next_url})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/pages/")
    assert "next=" not in response["Location"]
    assert PublicationPage.objects.filter(slug="statement-from-the-admin").exists()


def test_a_local_next_is_kept(editor_client, news, statement_kind):
    """The admin's own `next` (a path) still takes the editor back where they came from."""
    url = f"/admin/pages/add/newsroom/publicationpage/{news.pk}/"
    response = editor_client.post(url, {**publication_form(statement_kind), "next": "/admin/"})
    assert response.status_code == 302
    assert "next=/admin/" in response["Location"]


def test_a_nul_byte_in_an_admin_parameter_is_a_bad_request(editor_client, home):
    """Wagtail looks a new top-level page's `locale` up as it came; with a NUL byte that was a
    server error on PostgreSQL. Now it is a 400 on every database, and nothing is written."""
    pages = PublicationPage.objects.count()
    url = f"/admin/pages/add/home/homepage/{home.get_parent().pk}/"
    response = editor_client.post(url, {"title": "Front", "locale": "en\x00"})
    assert response.status_code == 400
    assert editor_client.get("/admin/pages/search/", {"q": "a\x00b"}).status_code == 400
    assert PublicationPage.objects.count() == pages
    assert editor_client.get("/admin/pages/search/", {"q": "ab"}).status_code == 200
