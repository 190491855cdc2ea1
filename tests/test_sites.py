"""One installation, many missions: each site shows only its own masthead and publications."""

import datetime as dt

from wagtail.models import Page, Site

from chancery.core.factories import CityFactory, MissionSettingsFactory
from chancery.home.factories import HomePageFactory
from chancery.masthead.factories import DayCounterFactory
from chancery.newsroom.factories import NewsIndexPageFactory, PublicationPageFactory


def test_two_missions_each_show_their_own(client, site, news, mission, statement_kind):
    """Two sites on one installation keep masthead, counters and publications apart."""
    DayCounterFactory(site=site, event="the first mission event", event_date=dt.date(2020, 1, 1))
    PublicationPageFactory(parent=news, kind=statement_kind, title="First mission item")
    mission.mission_name = "Embassy in London"
    mission.save()

    root = Page.get_first_root_node()
    other_home = HomePageFactory(parent=root, title="Other front page", slug="other-home")
    other_site = Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    other_mission = MissionSettingsFactory(site=other_site, mission_name="Embassy in Paris")
    CityFactory(mission=other_mission, name="Paris", time_zone="Europe/Paris")
    DayCounterFactory(
        site=other_site, event="the second mission event", event_date=dt.date(2020, 1, 1)
    )
    other_news = NewsIndexPageFactory(parent=other_home, title="News", slug="news")
    PublicationPageFactory(parent=other_news, kind=statement_kind, title="Second mission item")

    first = client.get("/en/").content.decode()
    second = client.get("/en/", HTTP_HOST="other.example").content.decode()

    assert "Embassy in London" in first and "Embassy in Paris" not in first
    assert "First mission item" in first and "Second mission item" not in first
    assert "the first mission event" in first and "the second mission event" not in first
    assert "Moscow:" in first and "Paris:" not in first

    assert "Embassy in Paris" in second and "Embassy in London" not in second
    assert "Second mission item" in second and "First mission item" not in second
    assert "the second mission event" in second and "the first mission event" not in second
    assert "Paris:" in second and "Moscow:" not in second
