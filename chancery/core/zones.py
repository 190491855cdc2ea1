"""Time zones: validation and choices for the fields where editors pick a zone."""

import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@cache
def time_zone_names():
    """Every IANA zone name this machine knows, sorted."""
    return sorted(zoneinfo.available_timezones())


def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in time_zone_names()]


def validate_time_zone(value):
    """Refuse anything that is not an IANA zone name, such as a fixed offset typed by hand."""
    if value not in time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not a known time zone. Pick one such as Europe/London."),
            params={"value": value},
            code="invalid_time_zone",
        )
