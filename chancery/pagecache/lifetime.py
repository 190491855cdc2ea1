"""How long a rendered page may be cached: never past midnight, never past a known change."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from chancery.masthead.readings import seconds_until_midnight

REQUEST_ATTRIBUTE = "_page_cache_expires_at"


def expire_by(request, moment: dt.datetime | None) -> None:
    """Tell the page cache that what this request shows changes at `moment`.

    Views call it for changes no save announces, e.g. a pin that runs out at a set time.
    """
    if request is None or moment is None:
        return
    current = getattr(request, REQUEST_ATTRIBUTE, None)
    if current is None or moment < current:
        setattr(request, REQUEST_ATTRIBUTE, moment)


def lifetime_seconds(request, zone, now: dt.datetime | None = None) -> int:
    """The page's cache lifetime: the configured maximum, cut at midnight in `zone`
    (the date line and day counters roll over then) and at any moment given to expire_by()."""
    now = now or timezone.now()
    seconds = min(settings.CHANCERY_PAGE_CACHE_SECONDS, seconds_until_midnight(now, zone))
    moment = getattr(request, REQUEST_ATTRIBUTE, None)
    if moment is not None:
        seconds = min(seconds, int((moment - now).total_seconds()))
    return max(0, seconds)
