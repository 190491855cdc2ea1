"""The masthead's pure computations: today's date, clocks and day counts."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from chancery.masthead.readings import (
    clock_readings,
    days_since,
    local_today,
    seconds_until_midnight,
)

UTC = dt.UTC
MOSCOW = ZoneInfo("Europe/Moscow")
LONDON = ZoneInfo("Europe/London")


def test_days_since_counts_whole_days_without_the_event_day():
    """4 March 2018 to 19 January 2022 is 1417 days, as the press office counts it."""
    assert days_since(dt.date(2018, 3, 4), dt.date(2022, 1, 19)) == 1417


def test_days_since_later_event():
    """12 March 2018 to 19 January 2022 is 1409 days."""
    assert days_since(dt.date(2018, 3, 12), dt.date(2022, 1, 19)) == 1409


def test_today_in_reference_zone_is_ahead_of_utc_before_midnight_utc():
    """At 22:30 UTC on 18 January it is already 19 January in Moscow."""
    now = dt.datetime(2022, 1, 18, 22, 30, tzinfo=UTC)
    assert local_today(now, MOSCOW) == dt.date(2022, 1, 19)
    assert local_today(now, LONDON) == dt.date(2022, 1, 18)


def test_today_just_before_midnight_in_reference_zone():
    """At 20:59 UTC it is 23:59 in Moscow: still the same day."""
    now = dt.datetime(2022, 1, 18, 20, 59, tzinfo=UTC)
    assert local_today(now, MOSCOW) == dt.date(2022, 1, 18)


def test_clocks_in_january_are_three_hours_apart():
    """In winter Moscow (UTC+3) is three hours ahead of London (UTC+0)."""
    now = dt.datetime(2022, 1, 19, 3, 38, tzinfo=UTC)
    moscow, london = clock_readings(now, [("Moscow", "Europe/Moscow"), ("London", "Europe/London")])
    assert (moscow.name, moscow.hhmm) == ("Moscow", "06:38")
    assert (london.name, london.hhmm) == ("London", "03:38")


def test_clocks_in_july_are_two_hours_apart():
    """In summer London is on BST (UTC+1), so Moscow is only two hours ahead."""
    now = dt.datetime(2022, 7, 19, 3, 38, tzinfo=UTC)
    moscow, london = clock_readings(now, [("Moscow", "Europe/Moscow"), ("London", "Europe/London")])
    assert moscow.hhmm == "06:38"
    assert london.hhmm == "04:38"


@pytest.mark.parametrize(
    ("utc_time", "expected"),
    [
        # London springs forward at 01:00 UTC on 27 March 2022.
        (dt.datetime(2022, 3, 27, 0, 59, tzinfo=UTC), "00:59"),
        (dt.datetime(2022, 3, 27, 1, 0, tzinfo=UTC), "02:00"),
        # And falls back at 01:00 UTC on 30 October 2022: 01:59 BST, then 01:00 GMT.
        (dt.datetime(2022, 10, 30, 0, 59, tzinfo=UTC), "01:59"),
        (dt.datetime(2022, 10, 30, 1, 0, tzinfo=UTC), "01:00"),
    ],
)
def test_clock_on_the_day_the_zone_changes(utc_time, expected):
    """London's clock jumps at the daylight-saving change, never by a fixed offset."""
    (london,) = clock_readings(utc_time, [("London", "Europe/London")])
    assert london.hhmm == expected


def test_seconds_until_midnight_on_a_short_day():
    """On 27 March 2022 London's day has 23 hours: from 00:00 GMT midnight is 23 hours away."""
    now = dt.datetime(2022, 3, 27, 0, 0, tzinfo=UTC)
    assert seconds_until_midnight(now, LONDON) == 23 * 3600


def test_seconds_until_midnight_is_never_zero():
    """At midnight exactly the next midnight is a day away, not zero seconds."""
    now = dt.datetime(2022, 1, 18, 21, 0, tzinfo=UTC)  # 00:00 in Moscow
    assert seconds_until_midnight(now, MOSCOW) == 24 * 3600
