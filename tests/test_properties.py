"""Property-based tests (hypothesis) over the pure functions and the public URL space."""

import datetime as dt
import html
import zoneinfo

import pytest
from django.http import Http404
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from chancery.masthead.readings import clock_readings, days_since, local_today
from chancery.masthead.readings import seconds_until_midnight as until_midnight
from chancery.newsroom.paging import page_count, page_window, requested_page
from chancery.newsroom.text import first_paragraph, plain_text

from . import hostile

ZONES = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})
zones = st.sampled_from(ZONES).map(zoneinfo.ZoneInfo)
moments = st.datetimes(
    min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
)
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1))


# Day counts and clocks -------------------------------------------------------------------


@given(dates, st.integers(min_value=-50_000, max_value=50_000))
def test_days_since_counts_whole_days(event, n):
    """The day after n days is n days since; swapping the dates changes the sign."""
    assume(dt.date.min + dt.timedelta(days=60_000) < event < dt.date.max - dt.timedelta(60_000))
    later = event + dt.timedelta(days=n)
    assert days_since(event, later) == n
    assert days_since(later, event) == -n


@given(moments, zones)
def test_local_today_is_the_wall_clock_date(now, zone):
    """Today is the calendar date of the moment as read on a wall clock in the zone."""
    today = local_today(now, zone)
    assert today == now.astimezone(zone).date()
    assert abs((today - now.date()).days) <= 1


@given(moments, zones)
def test_seconds_until_midnight_lands_on_the_next_day(now, zone):
    """Waiting the seconds (plus the second truncated away) reaches the next local date."""
    seconds = until_midnight(now, zone)
    today = now.astimezone(zone).date()
    # No local day is longer than 26 hours (Lord Howe's half hour, Antarctic bases' jumps).
    assert 1 <= seconds <= 26 * 3600
    assert (now + dt.timedelta(seconds=seconds + 1)).astimezone(zone).date() > today
    if seconds > 1:
        assert (now + dt.timedelta(seconds=seconds - 1)).astimezone(zone).date() == today


@given(moments, st.lists(st.tuples(st.text(max_size=20), st.sampled_from(ZONES)), max_size=5))
def test_clock_readings_keep_order_and_moment(now, cities):
    """One reading per city, in order, each the same instant shown in its own zone."""
    readings = clock_readings(now, cities)
    assert [(r.name, r.time_zone) for r in readings] == cities
    for reading in readings:
        assert reading.local == now
        assert reading.hhmm == reading.local.strftime("%H:%M")
        assert len(reading.hhmm) == 5


# Page windows ---------------------------------------------------------------------------

totals = st.integers(min_value=1, max_value=10**9)


@given(st.data(), totals, st.integers(min_value=1, max_value=100))
def test_page_window_contains_the_current_page(data, total, block):
    """The window holds the current page, starts a block, and its jumps lead to neighbours."""
    current = data.draw(st.integers(min_value=1, max_value=total))
    window = page_window(current, total, block)
    assert window.first <= current <= window.last <= total
    assert (window.first - 1) % block == 0
    assert len(window.pages) == min(block, total - window.first + 1)
    if window.previous_block is None:
        assert window.first == 1
    else:
        assert page_window(window.previous_block, total, block).last == window.first - 1
    if window.next_block is None:
        assert window.last == total
    else:
        assert page_window(window.next_block, total, block).first == window.last + 1


@given(st.integers(min_value=-(10**12), max_value=10**12), totals)
def test_page_window_refuses_pages_outside_the_archive(current, total):
    """A page outside 1..total is a ValueError, never a window."""
    assume(not 1 <= current <= total)
    with pytest.raises(ValueError):
        page_window(current, total)


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=1, max_value=1000))
def test_page_count_fits_every_item(items, per_page):
    """Enough pages for every item, none of them empty (an empty archive keeps page 1)."""
    pages = page_count(items, per_page)
    assert pages >= 1
    assert pages * per_page >= items
    assert items == 0 or (pages - 1) * per_page < items


@given(st.one_of(st.none(), st.text(), st.sampled_from(hostile.PAGE_VALUES)), totals)
def test_requested_page_is_in_range_or_404(raw, total):
    """Any ?page= text gives a page in 1..total or a 404, never another error."""
    try:
        number = requested_page(raw, total)
    except Http404:
        return
    assert 1 <= number <= total
    assert raw in (None, "") or int(raw) == number


@given(totals, st.data())
def test_requested_page_reads_every_valid_number(total, data):
    """Each number of an existing page, written plainly, is that page."""
    number = data.draw(st.integers(min_value=1, max_value=min(total, 10**9 - 1)))
    assert requested_page(str(number), total) == number


# Lead extraction ------------------------------------------------------------------------

words = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=200)


@given(st.text())
def test_first_paragraph_never_fails(text):
    """Any markup, however broken, gives one line of text without runs of whitespace."""
    lead = first_paragraph(text)
    assert lead == " ".join(lead.split())


@given(st.lists(words, min_size=1, max_size=5))
def test_first_paragraph_is_the_first_non_empty_one(texts):
    """The lead is the first paragraph that has text, with its entities decoded."""
    markup = "".join(f"<p>{html.escape(t)}</p>" for t in texts)
    expected = next((" ".join(t.split()) for t in texts if t.split()), "")
    assert first_paragraph(markup) == expected


@given(words, words)
def test_first_paragraph_drops_inline_markup(before, after):
    """Bold, links and line breaks inside the paragraph leave only their text."""
    markup = f'<p>{html.escape(before)}<b>x</b><a href="/y">y</a><br/>{html.escape(after)}</p>'
    assert first_paragraph(markup) == " ".join(f"{before}xy {after}".split())


@given(st.text())
def test_plain_text_never_keeps_tags(text):
    """Plain text of escaped input is the input with whitespace folded."""
    assert plain_text(f"<p>{html.escape(text)}</p>") == " ".join(text.split())


# The public URL space -------------------------------------------------------------------

segments = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
    st.sampled_from(hostile.PATH_PAYLOADS),
    st.sampled_from(["news", "2024", "01", "13", "0000", "9999", "..", ".", "%00", "en", "ru"]),
)


@pytest.mark.django_db
@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    prefix=st.sampled_from(["/", "/en/", "/en/news/", "/documents/", "/ru/", "/xx/"]),
    parts=st.lists(segments, max_size=4),
    query=st.dictionaries(st.sampled_from(["page", "q", "next", "lang", "kind"]), st.text()),
)
def test_public_url_space_never_errors(client, news, prefix, parts, query):
    """Any path under the public prefixes, with any query, is answered without a 500."""
    from urllib.parse import quote

    path = prefix + "/".join(quote(p.encode("utf-8", "surrogatepass"), safe="") for p in parts)
    response = client.get(path, {k: v.encode("utf-8", "surrogatepass") for k, v in query.items()})
    assert response.status_code < 500, path
    assert not hostile.check_body(response), path
