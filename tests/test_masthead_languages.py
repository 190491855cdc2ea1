"""The masthead in the page's language: mission name, city names, consular label, counters."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from chancery.core.models import CityName, MissionText
from chancery.masthead.factories import DayCounterFactory
from chancery.masthead.models import DayCounter

UTC = dt.UTC


@pytest.fixture
def frozen():
    # 19 January 2022, 03:38 UTC: 06:38 in Moscow, 03:38 in London.
    with time_machine.travel(dt.datetime(2022, 1, 19, 3, 38, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def russian(db):
    return Locale.objects.get(language_code="ru")


@pytest.fixture
def russian_texts(mission, russian):
    """The mission's texts in Russian, as an editor enters them under Settings → Mission."""
    mission.consular_label = "Consular hotline:"
    mission.save()
    MissionText.objects.create(
        mission=mission,
        locale=russian,
        mission_name="Посольство Республики Вендария в Лондоне",
        consular_label="Консульская линия:",
    )
    moscow, london = mission.cities.order_by("sort_order")
    CityName.objects.create(mission=mission, city=moscow, locale=russian, name="Москва")
    CityName.objects.create(mission=mission, city=london, locale=russian, name="Лондон")
    return mission


@pytest.fixture
def counter(site):
    return DayCounterFactory(
        site=site, event="the harbour fire", event_date=dt.date(2018, 3, 4), caption="no reply"
    )


def masthead(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return re.search(r'<div class="masthead">.*?\n</div>', html, re.S).group(0)


def clocks(html):
    return re.findall(r"<li>([^<:]+): <time class=\"clock\"[^>]*>(\d\d:\d\d)</time>", html)


def test_russian_front_page_has_russian_masthead(client, russian_texts, ru_home, frozen):
    """/ru/ reads `Москва: 06:38`, `Лондон: 03:38`, the Russian mission name and label."""
    html = masthead(client, "/ru/")
    assert clocks(html) == [("Москва", "06:38"), ("Лондон", "03:38")]
    assert "Посольство Республики Вендария в Лондоне" in html
    assert "Консульская линия:" in html


def test_english_front_page_keeps_english_texts(client, russian_texts, ru_home, frozen):
    """/en/ reads `Moscow: 06:38` and the English texts, untouched by the Russian ones."""
    html = masthead(client, "/en/")
    assert clocks(html) == [("Moscow", "06:38"), ("London", "03:38")]
    assert "Embassy of the Republic of Vendaria in London" in html
    assert "Consular hotline:" in html
    assert "Москва" not in html and "Консульская" not in html


def test_missing_translation_falls_back_to_the_default_language(
    client, mission, russian, ru_home, frozen
):
    """Without Russian texts /ru/ shows the English names, and the Russian default label."""
    moscow = mission.cities.get(name="Moscow")
    CityName.objects.create(mission=mission, city=moscow, locale=russian, name="Москва")
    MissionText.objects.create(mission=mission, locale=russian, consular_label="")
    html = masthead(client, "/ru/")
    assert clocks(html) == [("Москва", "06:38"), ("London", "03:38")]
    assert "Embassy of the Republic of Vendaria in London" in html
    assert "Консульские вопросы:" in html


def test_counter_in_each_language(client, mission, counter, russian, ru_home, frozen):
    """A translated counter reads in Russian on /ru/ and in English on /en/."""
    translation = counter.copy_for_translation(russian)
    translation.event, translation.caption = "пожара в порту", "ответа нет"
    translation.save()
    assert "1417 дней прошло с пожара в порту - ответа нет" in masthead(client, "/ru/")
    english = masthead(client, "/en/")
    assert "1417 days have passed since the harbour fire - no reply" in english
    assert "пожара" not in english


def test_untranslated_counter_shows_in_the_default_language(
    client, mission, counter, ru_home, frozen
):
    """A counter nobody has translated yet is shown on /ru/ in English, once."""
    html = masthead(client, "/ru/")
    assert html.count("the harbour fire") == 1


def test_retired_translation_hides_the_counter(client, mission, counter, russian, ru_home, frozen):
    """Retiring the Russian counter hides it on /ru/; the English one does not stand in."""
    translation = counter.copy_for_translation(russian)
    translation.event, translation.shown_until = "пожара в порту", dt.date(2022, 1, 1)
    translation.save()
    html = masthead(client, "/ru/")
    assert "пожара" not in html and "harbour" not in html
    assert DayCounter.objects.count() == 2


@pytest.fixture
def admin_client_logged_in(client_for, django_user_model):
    return client_for(
        django_user_model.objects.create_superuser("boss", "boss@example.org", "pw-test-1")
    )


def settings_form(mission, texts=(), city_names=()):
    """The Settings → Mission form as an editor posts it, with the given per-language rows."""
    cities = [
        {"id": c.pk, "name": c.name, "time_zone": c.time_zone}
        for c in mission.cities.order_by("sort_order")
    ]
    phones = [{"id": p.pk, "number": p.number, "note": ""} for p in mission.phones.all()]
    return nested_form_data(
        {
            "mission_name": mission.mission_name,
            "reference_time_zone": mission.reference_time_zone,
            "cities": inline_formset(cities, initial=len(cities)),
            "consular_label": "",
            "phones": inline_formset(phones, initial=len(phones)),
            "consular_email": "",
            "texts": inline_formset(list(texts)),
            "city_names": inline_formset(list(city_names)),
        }
    )


def test_editor_enters_russian_texts_in_the_admin(
    admin_client_logged_in, mission, russian, ru_home, frozen
):
    """Settings → Mission takes the Russian mission name and city names; /ru/ shows them."""
    moscow = mission.cities.get(name="Moscow")
    url = reverse("wagtailsettings:edit", args=["core", "missionsettings", mission.site_id])
    data = settings_form(
        mission,
        texts=[{"locale": russian.pk, "mission_name": "Посольство", "consular_label": ""}],
        city_names=[{"city": moscow.pk, "locale": russian.pk, "name": "Москва"}],
    )
    response = admin_client_logged_in.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    html = masthead(admin_client_logged_in, "/ru/")
    assert clocks(html)[0] == ("Москва", "06:38")
    assert "Посольство" in html


def test_admin_refuses_two_names_for_one_city_and_language(
    admin_client_logged_in, mission, russian, ru_home
):
    """Two Russian names for Moscow is a form error, not a coin toss on the page."""
    moscow = mission.cities.get(name="Moscow")
    url = reverse("wagtailsettings:edit", args=["core", "missionsettings", mission.site_id])
    data = settings_form(
        mission,
        city_names=[
            {"city": moscow.pk, "locale": russian.pk, "name": "Москва"},
            {"city": moscow.pk, "locale": russian.pk, "name": "Мск"},
        ],
    )
    response = admin_client_logged_in.post(url, data)
    assert response.status_code == 200
    assert not CityName.objects.exists()


def test_mission_name_is_russian_in_title_footer_sharing_and_feeds(client, russian_texts, ru_news):
    """Everywhere /ru/ names the mission (title, footer, og:site_name, its feeds) it is Russian."""
    name = "Посольство Республики Вендария в Лондоне"
    html = client.get("/ru/").content.decode()
    assert re.search(rf"<title>[^<]*· {name}</title>", html)
    assert re.search(rf'<footer class="site-footer">.*<p>{name}</p>', html, re.S)
    feed = client.get("/ru/news/feeds/atom/").content.decode()
    assert f"<title>{name}</title>" in feed
    english = client.get("/en/news/feeds/atom/").content.decode()
    assert "<title>Embassy of the Republic of Vendaria in London</title>" in english
