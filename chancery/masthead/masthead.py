"""Assembles the masthead shown at the top of every public page."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale

from chancery.core.models import CityName, MissionSettings, MissionText
from chancery.pagecache import memo

from .models import DayCounter, default_language_code
from .readings import ClockReading, clock_readings, local_today


@dataclass
class Masthead:
    """Everything the masthead template displays, computed once per request."""

    mission_name: str
    home_url: str
    today: dt.date
    reference_zone: str
    clocks: list[ClockReading]
    consular_label: str
    phones: list = field(default_factory=list)
    consular_email: str = ""
    counters: list[tuple[DayCounter, str]] = field(default_factory=list)


def mission_texts(mission, locale) -> tuple[MissionText, dict[int, str]]:
    """The mission name and consular label in `locale`, and its city names by city id."""
    texts = mission.texts_in(locale.language_code)
    city_names = {}
    if locale.language_code != default_language_code():
        # Other languages' city names; a city without one keeps the default language's.
        city_names = dict(
            CityName.objects.filter(mission=mission, locale=locale).values_list("city_id", "name")
        )
    return texts, city_names


def build_masthead(site, now: dt.datetime | None = None, request=None) -> Masthead:
    """The masthead of `site` at `now` (default: this moment) in the active language.

    Given the request, the mission settings already read for it are reused.
    """
    now = now or timezone.now()
    mission = MissionSettings.for_request(request) if request else MissionSettings.for_site(site)
    cities = list(mission.cities.all())
    zone = mission.reference_zone
    today = local_today(now, zone)
    language = get_language()
    locale = memo.get(("locale", language), Locale.get_active)
    counters = memo.get(
        ("counters", site.pk, locale.pk, today),
        lambda: list(
            DayCounter.objects.for_site(site)
            .in_language(locale)
            .shown_on(today)
            .order_by("sort_order", "pk")
        ),
    )
    texts, city_names = memo.get(
        ("mission-texts", mission.pk, locale.pk), lambda: mission_texts(mission, locale)
    )
    root = site.root_page
    # The root in the active language is the root itself unless a translation is wanted.
    home = (
        root
        if root.locale_id == locale.pk
        else memo.get(("localized", root.pk, language), lambda: root.localized)
    )
    return Masthead(
        mission_name=texts.mission_name,
        home_url=home.get_url(request) or "/",
        today=today,
        reference_zone=str(zone),
        clocks=clock_readings(
            now, [(city_names.get(city.pk, city.name), city.time_zone) for city in cities]
        ),
        consular_label=texts.consular_label or _("Consular queries:"),
        phones=list(mission.phones.all()),
        consular_email=mission.consular_email,
        counters=[(counter, counter.text(today)) for counter in counters],
    )
