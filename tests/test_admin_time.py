"""The admin shows every time in a named zone, beside each city, and refuses impossible times."""

import datetime as dt
import zoneinfo

import pytest
from wagtail.users.models import UserProfile

from chancery.core.admin_time import local_time_problem
from chancery.newsroom.factories import PublicationPageFactory
from chancery.newsroom.models import PublicationPage
from tests.editorial_helpers import add_url, edit_url, publication_data

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("wall", "expected"),
    [
        (dt.datetime(2022, 3, 27, 1, 30), "gap"),
        (dt.datetime(2022, 10, 30, 1, 30), "fold"),
        (dt.datetime(2022, 3, 27, 2, 30), None),
        (dt.datetime(2022, 1, 9, 10, 0), None),
    ],
)
def test_local_time_problem(wall, expected):
    """Skipped and repeated London wall times are told apart from ordinary ones."""
    assert local_time_problem(wall, LONDON) == expected


@pytest.fixture
def item(news, statement_kind):
    return PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        slug="statement-on-the-harbour",
        published_at=dt.datetime(2022, 1, 9, 7, 0, tzinfo=dt.UTC),
    )


def test_editor_reads_times_in_mission_zone_with_cities(client_for, author, item):
    """An editor without a zone of their own sees the mission's, and each city's reading."""
    html = client_for(author).get(edit_url(item)).content.decode()
    # The mission fixture: reference zone Europe/Moscow (UTC+3), cities Moscow and London.
    assert 'value="2022-01-09 10:00"' in html
    assert "Time zone: Europe/Moscow." in html
    assert "Moscow 09.01.2022 10:00 (Europe/Moscow)" in html
    assert "London 09.01.2022 07:00 (Europe/London)" in html


def test_editor_with_own_zone_keeps_it(client_for, author, item):
    """An editor who chose a zone in their account works in it, still seeing the cities."""
    UserProfile.objects.create(user=author, current_time_zone="Asia/Tokyo")
    html = client_for(author).get(edit_url(item)).content.decode()
    assert 'value="2022-01-09 16:00"' in html
    assert "Time zone: Asia/Tokyo." in html
    assert "London 09.01.2022 07:00 (Europe/London)" in html


def test_entered_time_is_read_in_mission_zone(client_for, author, news, statement_kind):
    """ "10:00" typed by an editor means 10:00 in the mission's zone."""
    client_for(author).post(add_url(news), publication_data(statement_kind))
    page = PublicationPage.objects.get(slug="statement-on-the-harbour")
    assert page.get_latest_revision_as_object().published_at == dt.datetime(
        2022, 1, 9, 7, 0, tzinfo=dt.UTC
    )
    assert not UserProfile.objects.filter(user=author, current_time_zone__gt="").exists()


@pytest.fixture
def london_mission(mission):
    mission.reference_time_zone = "Europe/London"
    mission.save()
    return mission


def test_time_skipped_by_spring_forward_is_refused(
    client_for, author, news, statement_kind, london_mission
):
    """01:30 on the last Sunday of March does not exist in London: a clear form error."""
    response = client_for(author).post(
        add_url(news), publication_data(statement_kind, published_at="2022-03-27 01:30")
    )
    assert response.status_code == 200
    assert "01:30 on 27.03.2022 does not exist in Europe/London" in response.content.decode()
    assert not PublicationPage.objects.exists()


def test_time_repeated_at_fall_back_is_refused(
    client_for, author, news, statement_kind, london_mission
):
    """01:30 on the last Sunday of October happens twice in London: refused, not guessed."""
    response = client_for(author).post(
        add_url(news), publication_data(statement_kind, go_live_at="2022-10-30 01:30")
    )
    assert response.status_code == 200
    assert "01:30 on 30.10.2022 happens twice in Europe/London" in response.content.decode()
    assert not PublicationPage.objects.exists()
