"""Press secretaries register feeds in the admin and see how each poll went."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale

from chancery.newsroom.factories import PublicationKindFactory
from chancery.syndication.enums import ImportMode, PollStatus
from chancery.syndication.factories import FeedFactory
from chancery.syndication.models import Feed
from tests.accounts_helpers import sign_in

LIST_URL = "/admin/snippets/syndication/feed/"
ADD_URL = "/admin/snippets/syndication/feed/add/"


@pytest.fixture
def admin_user_client(client, db):
    user = get_user_model().objects.create_superuser(
        "press", "press@example.org", "pw-for-tests-only"
    )
    return sign_in(client, user, "pw-for-tests-only")


def form_data(news, kind, **overrides):
    data = {
        "source_name": "Ministry of Foreign Affairs",
        "url": "https://mfa.vendaria.example/en/rss.xml",
        "kind": kind.pk,
        "locale": news.locale_id,
        "news_index": news.pk,
        "mode": ImportMode.DRAFT,
        "poll_interval": 15,
        "active": "on",
    }
    data.update(overrides)
    return data


def test_press_secretary_registers_a_feed(admin_user_client, news, statement_kind):
    """Posting the add form creates a feed with its kind, language, archive and mode."""
    response = admin_user_client.post(
        ADD_URL, form_data(news, statement_kind, mode=ImportMode.PUBLISH)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    feed = Feed.objects.get()
    assert feed.url == "https://mfa.vendaria.example/en/rss.xml"
    assert feed.kind == statement_kind
    assert feed.news_index.pk == news.pk
    assert feed.mode == ImportMode.PUBLISH
    assert feed.status == PollStatus.NEVER


@pytest.mark.parametrize("url", ["ftp://mfa.vendaria.example/rss.xml", "not an address"])
def test_only_http_addresses_are_accepted(admin_user_client, news, statement_kind, url):
    """A feed address must be http(s); anything else is a form error, not a crash."""
    response = admin_user_client.post(ADD_URL, form_data(news, statement_kind, url=url))
    assert response.status_code == 200
    assert not Feed.objects.exists()


def test_kind_and_archive_must_be_in_the_feed_language(admin_user_client, news, statement_kind):
    """A kind or archive in another language than the feed's is refused with a message."""
    french = Locale.objects.create(language_code="fr")
    french_kind = PublicationKindFactory(slug="statement", locale=french)
    response = admin_user_client.post(ADD_URL, form_data(news, french_kind, locale=french.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a news archive in the feed&#x27;s language." in html
    response = admin_user_client.post(ADD_URL, form_data(news, french_kind))
    assert "Choose a kind in the feed&#x27;s language." in response.content.decode()
    assert not Feed.objects.exists()


def test_interval_has_bounds(admin_user_client, news, statement_kind):
    """A poll interval of zero minutes is refused."""
    response = admin_user_client.post(ADD_URL, form_data(news, statement_kind, poll_interval=0))
    assert response.status_code == 200
    assert not Feed.objects.exists()


def test_feed_list_shows_the_last_problem(admin_user_client, news, statement_kind):
    """A failed feed shows its status, its error and when it last worked."""
    FeedFactory(
        news_index=news,
        kind=statement_kind,
        status=PollStatus.FAILED,
        status_message="The server answered 404 Not Found.",
        last_success_at=dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC),
    )
    html = admin_user_client.get(LIST_URL).content.decode()
    assert re.search(r"<td >\s*Failed\s*</td>", html)
    assert re.search(r"<td >\s*The server answered 404 Not Found.\s*</td>", html)
    assert re.search(r"<td >\s*Nov. 20, 2026", html)


def test_edit_form_shows_poll_state_read_only(admin_user_client, news, statement_kind):
    """The edit form shows the last problem but does not let an editor change it."""
    feed = FeedFactory(news_index=news, kind=statement_kind, status_message="No complete answer.")
    url = f"/admin/snippets/syndication/feed/edit/{feed.pk}/"
    html = admin_user_client.get(url).content.decode()
    assert "No complete answer." in html
    data = form_data(news, statement_kind, status_message="edited", status=PollStatus.OK)
    assert admin_user_client.post(url, data).status_code == 302
    feed.refresh_from_db()
    assert feed.status_message == "No complete answer."
