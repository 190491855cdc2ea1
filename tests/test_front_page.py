"""The front page as a reader gets it: masthead, pinned statement, latest items, archive link."""

import datetime as dt
import re

import pytest
import time_machine
from wagtail.rich_text import RichText

from chancery.masthead.factories import DayCounterFactory
from chancery.newsroom.factories import PublicationPageFactory, paragraphs

UTC = dt.UTC


def get_home(client):
    response = client.get("/en/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def frozen():
    # 19 January 2022, 03:38 UTC: 06:38 in Moscow, 03:38 in London.
    with time_machine.travel(dt.datetime(2022, 1, 19, 3, 38, tzinfo=UTC), tick=False):
        yield


def test_root_redirects_to_default_language_home(client, site):
    """`/` sends the reader to the front page in the default language."""
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_date_line(client, mission, frozen):
    """The date line reads `19 January 2022` in the reference zone."""
    html = get_home(client)
    assert '<time datetime="2022-01-19">19 January 2022</time>' in html


def test_date_line_follows_reference_zone_across_midnight(client, mission):
    """At 21:30 UTC on 18 January it is already the 19th in Moscow, the reference zone."""
    with time_machine.travel(dt.datetime(2022, 1, 18, 21, 30, tzinfo=UTC), tick=False):
        assert "19 January 2022" in get_home(client)
    with time_machine.travel(dt.datetime(2022, 1, 18, 20, 59, tzinfo=UTC), tick=False):
        assert "18 January 2022" in get_home(client)


def test_reference_zone_defaults_to_first_city(client, mission):
    """With no reference zone set, the home capital (first city) decides the date."""
    mission.reference_time_zone = ""
    mission.save()
    with time_machine.travel(dt.datetime(2022, 1, 18, 21, 30, tzinfo=UTC), tick=False):
        assert "19 January 2022" in get_home(client)


def test_city_clocks_in_order(client, mission, frozen):
    """Clocks read `Moscow: 06:38` then `London: 03:38`, and carry their zone for the script."""
    html = get_home(client)
    moscow = re.search(
        r'Moscow: <time class="clock" data-clock-zone="Europe/Moscow"[^>]*>06:38<', html
    )
    london = re.search(
        r'London: <time class="clock" data-clock-zone="Europe/London"[^>]*>03:38<', html
    )
    assert moscow and london
    assert moscow.start() < london.start()


def test_clocks_in_july(client, mission):
    """In July London is on summer time: Moscow 06:38, London 04:38."""
    with time_machine.travel(dt.datetime(2022, 7, 19, 3, 38, tzinfo=UTC), tick=False):
        html = get_home(client)
    assert re.search(r"Moscow: <time[^>]*>06:38<", html)
    assert re.search(r"London: <time[^>]*>04:38<", html)


def test_clock_script_is_loaded(client, mission):
    """The page loads our own clock script from our own host."""
    html = get_home(client)
    assert re.search(r'<script src="/static/js/clocks[^"]*\.js" defer>', html)


def test_consular_block(client, mission):
    """The consular block has its label, a tel: link and a mailto: link."""
    mission.consular_email = "consular@example.org"
    mission.save()
    html = get_home(client)
    assert "Consular queries:" in html
    assert '<a href="tel:+442079460123">+44 20 7946 0123</a>' in html
    assert '<a href="mailto:consular@example.org">consular@example.org</a>' in html


def test_consular_label_is_editable(client, mission):
    """An edited label replaces the default."""
    mission.consular_label = "Consular hotline:"
    mission.save()
    html = get_home(client)
    assert "Consular hotline:" in html
    assert "Consular queries:" not in html


def test_day_counters(client, site, mission, frozen):
    """Counters read `N days have passed since {event} - {caption}` in editors' order."""
    DayCounterFactory(
        site=site,
        event="the harbour fire",
        event_date=dt.date(2018, 3, 4),
        caption="no reply from the port authority yet",
        sort_order=1,
    )
    DayCounterFactory(
        site=site, event="the bridge closure", event_date=dt.date(2018, 3, 12), sort_order=0
    )
    html = get_home(client)
    fire = "1417 days have passed since the harbour fire - no reply from the port authority yet"
    bridge = "1409 days have passed since the bridge closure<"
    assert fire in html and bridge in html
    assert html.index(bridge) < html.index(fire)


def test_counter_outside_its_window_is_not_shown(client, site, mission, frozen):
    """A counter shown until yesterday, or from tomorrow, is not on the page."""
    DayCounterFactory(site=site, event="retired event", shown_until=dt.date(2022, 1, 18))
    DayCounterFactory(site=site, event="future window", shown_from=dt.date(2022, 1, 20))
    DayCounterFactory(
        site=site,
        event="current window",
        shown_from=dt.date(2022, 1, 19),
        shown_until=dt.date(2022, 1, 19),
    )
    html = get_home(client)
    assert "retired event" not in html
    assert "future window" not in html
    assert "since current window" in html


def test_counter_rolls_over_at_reference_midnight(client, site, mission):
    """The count goes up at midnight in the reference zone, not at midnight UTC."""
    DayCounterFactory(site=site, event="the harbour fire", event_date=dt.date(2018, 3, 4))
    with time_machine.travel(dt.datetime(2022, 1, 18, 20, 59, tzinfo=UTC), tick=False):
        assert "1416 days have passed" in get_home(client)
    with time_machine.travel(dt.datetime(2022, 1, 18, 21, 0, tzinfo=UTC), tick=False):
        assert "1417 days have passed" in get_home(client)


def test_pinned_statement_in_full_with_date_and_time(client, news, statement_kind, frozen):
    """A pinned item is shown first, whole body, dated `3 April 2020, 18:05` (reference zone)."""
    PublicationPageFactory(
        parent=news,
        title="Statement on the anniversary",
        kind=statement_kind,
        pinned=True,
        published_at=dt.datetime(2020, 4, 3, 15, 5, tzinfo=UTC),  # 18:05 in Moscow
        body=paragraphs("First paragraph of the statement.", "Second paragraph, in full."),
    )
    html = get_home(client)
    pinned = html[html.index('<article class="pinned">') : html.index("</article>")]
    assert "Statement on the anniversary" in pinned
    assert "3 April 2020, 18:05" in pinned
    assert "Second paragraph, in full." in pinned


def test_expired_pin_is_not_shown(client, news, statement_kind, frozen):
    """A pin that expired yesterday no longer puts the item in full at the top."""
    PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        title="Old pin",
        pinned=True,
        pinned_until=dt.datetime(2022, 1, 18, tzinfo=UTC),
    )
    assert '<article class="pinned">' not in get_home(client)


def test_latest_items_newest_first_with_date_and_lead(client, news, statement_kind, frozen):
    """Latest items read `DD.MM.YYYY - Title` and their lead, newest first, at most 10."""
    for day in range(1, 13):
        PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            title=f"Item of day {day}",
            published_at=dt.datetime(2022, 1, day, 12, tzinfo=UTC),
            body=paragraphs(f"Lead of day {day}.", "Not the lead."),
        )
    html = get_home(client)
    assert re.search(r'>12\.01\.2022</time> - <a href="/en/news/[^"]+/">Item of day 12</a>', html)
    assert "Lead of day 12." in html
    assert "Not the lead." not in html
    assert "Item of day 3<" in html
    assert "Item of day 2<" not in html  # only the 10 newest
    assert html.index("Item of day 12") < html.index("Item of day 11")


def test_latest_count_is_editable(client, home, news, statement_kind):
    """The front page lists as many items as its editors set."""
    home.latest_count = 2
    home.save()
    for n in range(3):
        PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            title=f"Numbered {n}",
            published_at=dt.datetime(2022, 1, n + 1, tzinfo=UTC),
        )
    html = get_home(client)
    assert "Numbered 2" in html and "Numbered 1" in html and "Numbered 0" not in html


def test_summary_is_the_lead_when_set(client, news, statement_kind):
    """An item's own summary is its lead."""
    PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        summary="The editor's summary.",
        body=paragraphs("Body paragraph."),
    )
    html = get_home(client)
    assert "The editor&#x27;s summary." in html
    assert "Body paragraph." not in html


def test_lead_from_question_when_body_starts_with_qa(client, news, statement_kind):
    """An interview with no paragraph takes its lead from the first question."""
    PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        body=[
            (
                "question_answer",
                {"question": RichText("<p>Why now?</p>"), "answer": RichText("<p>Because.</p>")},
            )
        ],
    )
    assert "Why now?" in get_home(client)


def test_drafts_are_not_listed(client, news, statement_kind):
    """An unpublished item is neither pinned nor listed."""
    PublicationPageFactory(
        parent=news, kind=statement_kind, title="Secret draft", live=False, pinned=True
    )
    assert "Secret draft" not in get_home(client)


def test_all_messages_link(client, news):
    """The front page links `All messages` to the archive."""
    assert '<a href="/en/news/">All messages</a>' in get_home(client)
