"""Pure computations behind the masthead: today's date, clock readings and day counts.

No database here: each takes the moment and the zones, so tests can pin both.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo


def local_today(now: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The calendar date at `now` in `zone` (the mission's reference zone)."""
    return now.astimezone(zone).date()


def days_since(event_date: dt.date, today: dt.date) -> int:
    """Whole days from the event to today, the event day not counted.

    4 March 2018 → 19 January 2022 is 1417.
    """
    return (today - event_date).days


def seconds_until_midnight(now: dt.datetime, zone: ZoneInfo) -> int:
    """Seconds from `now` to the next midnight in `zone`, at least 1.

    Computed on wall-clock dates so a daylight-saving change on the day is counted right.
    """
    local = now.astimezone(zone)
    next_day = local.date() + dt.timedelta(days=1)
    midnight = dt.datetime.combine(next_day, dt.time.min, tzinfo=zone)
    return max(1, int((midnight - now).total_seconds()))


@dataclass(frozen=True)
class ClockReading:
    """One city clock as rendered: `London: 03:38`."""

    name: str
    time_zone: str
    local: dt.datetime

    @property
    def hhmm(self) -> str:
        return self.local.strftime("%H:%M")


def clock_readings(now: dt.datetime, cities) -> list[ClockReading]:
    """The local time of each (name, zone name) pair at `now`, in the given order."""
    return [
        ClockReading(name=name, time_zone=zone, local=now.astimezone(ZoneInfo(zone)))
        for name, zone in cities
    ]
