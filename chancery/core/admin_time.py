"""Times in the admin: picked and read in a named zone, beside the same moment in each city.

Every date-and-time field of the admin (publication time, go-live, expiry, pins …) uses the
field and widget below (registered in CoreConfig.ready). A local time that the clocks skip
(spring forward) or show twice (fall back) is refused with a message saying so, never
shifted silently.
"""

import contextvars
import datetime as dt
import json
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateTimeInput

# The mission whose site is being served, set per request by MissionTimeZoneMiddleware, so
# widgets can show its cities without a request of their own.
current_mission = contextvars.ContextVar("current_mission", default=None)

READING_FORMAT = "d.m.Y H:i"


def local_time_problem(naive: dt.datetime, zone) -> str | None:
    """ "gap" if `naive` never happens on the clocks of `zone`, "fold" if it happens twice."""
    earlier = naive.replace(tzinfo=zone, fold=0)
    later = naive.replace(tzinfo=zone, fold=1)
    if earlier.utcoffset() == later.utcoffset():
        return None
    # A skipped wall time does not survive a round trip through UTC; a repeated one does.
    back = earlier.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    return "gap" if back != naive else "fold"


def problem_message(naive: dt.datetime, zone):
    params = {
        "time": format_date(naive, "H:i"),
        "date": format_date(naive, "d.m.Y"),
        "zone": str(zone),
    }
    if local_time_problem(naive, zone) == "gap":
        return ValidationError(
            _(
                "%(time)s on %(date)s does not exist in %(zone)s: the clocks jump forward "
                "over it. Choose a time before or after the jump."
            ),
            code="nonexistent_local_time",
            params=params,
        )
    return ValidationError(
        _(
            "%(time)s on %(date)s happens twice in %(zone)s, when the clocks go back, so it "
            "is not clear which is meant. Choose a time outside the repeated hour."
        ),
        code="ambiguous_local_time",
        params=params,
    )


class MissionDateTimeField(forms.DateTimeField):
    """A date and time entered in the active zone; skipped or repeated local times are refused."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            # Django refuses these too, but with one message for both cases:
            # https://docs.djangoproject.com/en/5.2/topics/i18n/timezones/#forms
            if getattr(error, "code", None) != "ambiguous_timezone":
                raise
            naive = error.params["datetime"]
            raise problem_message(naive, timezone.get_current_timezone()) from error


def mission_cities() -> list[tuple[str, str]]:
    """(name, zone name) of each city clock of the mission being served, in their order."""
    mission = current_mission.get()
    if mission is None:
        return []
    cached = getattr(mission, "_city_zones", None)
    if cached is None:
        cached = list(mission.cities.order_by("sort_order").values_list("name", "time_zone"))
        mission._city_zones = cached
    return cached


def readings(moment: dt.datetime | None, cities) -> list[tuple[str, str, str]]:
    """(city, zone, local reading) of one moment for each city."""
    if moment is None:
        return []
    rows = []
    for name, zone_name in cities:
        local = moment.astimezone(zoneinfo.ZoneInfo(zone_name))
        rows.append((name, zone_name, format_date(local, READING_FORMAT)))
    return rows


class MissionDateTimeInput(AdminDateTimeInput):
    """Wagtail's date-time picker, labelled with its zone and the same moment in each city."""

    template_name = "core/widgets/mission_datetime_input.html"

    def moment(self, value):
        if isinstance(value, dt.datetime):
            if timezone.is_aware(value):
                return value
            # Form fields hand saved values to the widget as naive times in the active zone.
            zone = timezone.get_current_timezone()
            if local_time_problem(value, zone):
                return None
            return value.replace(tzinfo=zone)
        if not value:
            return None
        try:
            return MissionDateTimeField().to_python(value)
        except ValidationError:
            return None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        cities = mission_cities()
        zone = timezone.get_current_timezone()
        context["widget"]["zone_name"] = str(zone)
        context["widget"]["readings"] = readings(self.moment(value), cities)
        context["widget"]["cities_json"] = json.dumps(cities)
        return context

    @property
    def media(self):
        return super().media + forms.Media(js=["js/admin_zones.js"])
