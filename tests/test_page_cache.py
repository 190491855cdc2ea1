"""The page cache: anonymous readers get cached pages, and every visible change is fresh at once."""

import datetime as dt
import shutil
import socket
import subprocess
import time

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from wagtail.models import Page, Site

from chancery.core.factories import MissionSettingsFactory
from chancery.home.factories import HomePageFactory
from chancery.masthead.factories import DayCounterFactory
from chancery.newsroom.factories import NewsIndexPageFactory, PublicationPageFactory
from chancery.newsroom.models import PublicationPage
from chancery.pagecache import local
from chancery.pagecache.generation import GENERATION_KEY, current_generation
from chancery.pagecache.lifetime import lifetime_seconds
from chancery.pagecache.middleware import HEADER, is_storable
from chancery.pagecache.wsgi import CachedPageApplication
from tests.accounts_helpers import sign_in
from tests.conftest import translate

UTC = dt.UTC


@pytest.fixture
def page_cache(settings):
    settings.CHANCERY_PAGE_CACHE_SECONDS = 900
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def item(news, statement_kind, page_cache):
    return PublicationPageFactory(
        parent=news,
        kind=statement_kind,
        title="Statement on the harbour",
        slug="harbour",
        published_at=dt.datetime(2022, 1, 10, 12, tzinfo=UTC),
    )


# Every page that lists or shows the item.
PAGES = ["/en/", "/en/news/", "/en/news/2022/", "/en/news/2022/01/", "/en/news/harbour/"]


def fetch(client, url):
    response = client.get(url)
    return response.status_code, response.content.decode(), response.get(HEADER)


def warm(client, urls=PAGES):
    """Fetch each page twice, so the second answer comes from the cache."""
    for url in urls:
        client.get(url)
        assert client.get(url).get(HEADER) == "hit", url


def publish_brand_new(news, kind):
    """Publishes "Brand new statement" at /en/news/brand-new/, as an editor would."""
    new = PublicationPageFactory(
        parent=news,
        kind=kind,
        title="Brand new statement",
        slug="brand-new",
        published_at=dt.datetime(2022, 1, 11, 12, tzinfo=UTC),
        live=False,
    )
    new.save_revision().publish()


def test_second_anonymous_request_is_served_from_cache(client, item):
    """The second anonymous GET of a page is a cache hit with the same HTML."""
    first = client.get("/en/")
    second = client.get("/en/")
    assert first.get(HEADER) == "miss"
    assert second.get(HEADER) == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_cache_hit_makes_no_database_query(client, item, django_assert_num_queries):
    """A cached page is answered without a single SQL query."""
    client.get("/en/news/")
    with django_assert_num_queries(0):
        assert client.get("/en/news/").get(HEADER) == "hit"


def test_logged_in_users_are_never_served_or_stored(client, item):
    """An editor with a session neither gets cached pages nor fills the cache."""
    client.get("/en/")
    editor = User.objects.create_user("editor", password="a long password 1")
    sign_in(client, editor, "a long password 1")
    assert client.get("/en/").get(HEADER) is None
    client.logout()
    client.cookies.clear()
    assert client.get("/en/").get(HEADER) == "hit"


def test_admin_is_never_cached(admin_client, client, item):
    """Admin pages (and so previews) are never cached, whoever asks."""
    client.get("/admin/login/")
    assert client.get("/admin/login/").get(HEADER) is None
    assert admin_client.get(f"/admin/pages/{item.pk}/edit/").get(HEADER) is None


def test_post_is_never_cached(client, item):
    """Only GET and HEAD are answered from the cache."""
    client.get("/en/")
    assert client.post("/en/").get(HEADER) is None


def test_never_cache_responses_are_not_stored():
    """A response marked never_cache (as embargo links are) is not storable."""
    response = HttpResponse("secret")
    add_never_cache_headers(response)
    assert not is_storable(response)


def test_responses_setting_cookies_are_not_stored():
    """A response that sets a cookie is for one reader only."""
    response = HttpResponse("hello")
    response.set_cookie("csrftoken", "x")
    assert not is_storable(response)


def test_responses_varying_on_other_headers_are_not_stored():
    """A response that varies on a header the key does not hold is not storable."""
    response = HttpResponse("hello")
    response["Vary"] = "User-Agent"
    assert not is_storable(response)
    response["Vary"] = "Accept-Language, Cookie"
    assert is_storable(response)


def test_not_found_is_not_stored(client, item):
    """Only 200 answers are kept: random URLs cannot fill the cache."""
    client.get("/en/news/no-such-item/")
    assert client.get("/en/news/no-such-item/").get(HEADER) is None


def test_publishing_refreshes_every_page(
    client, news, statement_kind, item, django_capture_on_commit_callbacks
):
    """A newly published item is on the front page, archives and its own URL at once."""
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        publish_brand_new(news, statement_kind)
    for url in PAGES[:4]:
        status, html, hit = fetch(client, url)
        assert "Brand new statement" in html, url
        assert hit != "hit", url
    assert fetch(client, "/en/news/brand-new/")[0] == 200


def test_unpublishing_refreshes_every_page(client, item, django_capture_on_commit_callbacks):
    """An unpublished item disappears from every list and its URL stops answering."""
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        item.unpublish()
    for url in PAGES[:4]:
        assert "Statement on the harbour" not in fetch(client, url)[1], url
    assert fetch(client, "/en/news/harbour/")[0] == 404


def test_editing_a_published_item_refreshes_it(client, item, django_capture_on_commit_callbacks):
    """A corrected title is shown everywhere as soon as it is published."""
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        item.title = "Corrected statement on the harbour"
        item.save_revision().publish()
    for url in PAGES:
        assert "Corrected statement on the harbour" in fetch(client, url)[1], url


def test_deleting_an_item_refreshes_every_page(client, item, django_capture_on_commit_callbacks):
    """A deleted item leaves the lists and its URL answers 404."""
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=item.pk).delete()
    assert "Statement on the harbour" not in fetch(client, "/en/")[1]
    assert fetch(client, "/en/news/harbour/")[0] == 404


def test_moving_an_item_refreshes_both_sites(
    client, item, statement_kind, django_capture_on_commit_callbacks
):
    """An item moved to another mission's archive leaves this front page and its old URL."""
    other_home = HomePageFactory(parent=Page.get_first_root_node(), title="Other", slug="other")
    other_site = Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    MissionSettingsFactory(site=other_site, reference_time_zone="Europe/London")
    other_news = NewsIndexPageFactory(parent=other_home, title="News", slug="news")
    warm(client)
    other = {"HTTP_HOST": "other.example"}
    client.get("/en/", **other)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=item.pk).move(other_news, pos="last-child")
    assert "Statement on the harbour" not in fetch(client, "/en/")[1]
    assert fetch(client, "/en/news/harbour/")[0] == 404
    assert "Statement on the harbour" in client.get("/en/", **other).content.decode()


def test_editing_mission_settings_refreshes_every_page(
    client, item, mission, django_capture_on_commit_callbacks
):
    """A new mission name is in the header of every page at once."""
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        mission.mission_name = "Embassy of Vendaria, new name"
        mission.save()
    for url in PAGES:
        assert "Embassy of Vendaria, new name" in fetch(client, url)[1], url


def test_editing_counters_refreshes_every_page(
    client, item, site, django_capture_on_commit_callbacks
):
    """A new day counter is in the masthead of every page at once, and so is its removal."""
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        counter = DayCounterFactory(site=site, event="the bridge closure")
    for url in PAGES:
        assert "since the bridge closure" in fetch(client, url)[1], url
    with django_capture_on_commit_callbacks(execute=True):
        counter.delete()
    for url in PAGES:
        assert "since the bridge closure" not in fetch(client, url)[1], url


# Machine readers' copies of the same lists.
FEEDS_AND_SITEMAP = [
    "/en/news/feeds/rss/",
    "/en/news/feeds/atom/",
    "/en/news/feeds/json/",
    "/en/sitemap-publications.xml",
]


def test_publishing_refreshes_feeds_and_sitemap(
    client, news, statement_kind, item, django_capture_on_commit_callbacks
):
    """Feed readers and crawlers see a new item as soon as readers of the pages do."""
    warm(client, FEEDS_AND_SITEMAP)
    with django_capture_on_commit_callbacks(execute=True):
        publish_brand_new(news, statement_kind)
    for url in FEEDS_AND_SITEMAP:
        status, body, hit = fetch(client, url)
        assert status == 200, url
        assert "/en/news/brand-new/" in body, url
        assert hit != "hit", url


def test_withdrawing_refreshes_every_page_and_feed(
    client, client_for, press_secretary, item, django_capture_on_commit_callbacks
):
    """A withdrawn item leaves every list and feed at once; its own page shows the notice."""
    warm(client, PAGES + FEEDS_AND_SITEMAP[:3])
    editor = client_for(press_secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            reverse("editorial:withdraw", args=[item.pk]), {"reason": "It gave the wrong date."}
        )
    assert response.status_code == 302
    for url in PAGES[:4] + FEEDS_AND_SITEMAP[:3]:
        assert "Statement on the harbour" not in fetch(client, url)[1], url
    status, html, hit = fetch(client, "/en/news/harbour/")
    assert status == 200
    assert "It gave the wrong date." in html
    assert hit != "hit"


def test_changes_refresh_every_language(
    client, home, news, item, mission, django_capture_on_commit_callbacks
):
    """The Russian pages and feed are refreshed by a Russian correction and by a change of
    the mission's settings, like the English ones."""
    translate(home, "ru", title="Главная")
    translate(news, "ru", title="Новости")
    ru_item = translate(item, "ru", title="Заявление о гавани", slug="gavan")
    ru_pages = ["/ru/", "/ru/news/", "/ru/news/2022/01/", "/ru/news/gavan/", "/ru/news/feeds/rss/"]
    warm(client, ru_pages + PAGES)
    with django_capture_on_commit_callbacks(execute=True):
        ru_item = PublicationPage.objects.get(pk=ru_item.pk)
        ru_item.title = "Исправленное заявление о гавани"
        ru_item.save_revision().publish()
    for url in ru_pages:
        assert "Исправленное заявление о гавани" in fetch(client, url)[1], url
    # The English pages show the English item, rendered afresh but unchanged.
    assert "Исправленное" not in fetch(client, "/en/")[1]
    with django_capture_on_commit_callbacks(execute=True):
        mission.mission_name = "Embassy of Vendaria, new name"
        mission.save()
    for url in ru_pages[:4] + PAGES:
        assert "Embassy of Vendaria, new name" in fetch(client, url)[1], url


def test_renaming_a_kind_refreshes_the_item(
    client, item, statement_kind, django_capture_on_commit_callbacks
):
    """Snippets count too: a renamed publication kind shows on the item at once."""
    warm(client, ["/en/news/harbour/"])
    with django_capture_on_commit_callbacks(execute=True):
        statement_kind.name = "Official statement"
        statement_kind.save()
    assert "Official statement" in fetch(client, "/en/news/harbour/")[1]


def test_change_rolled_back_keeps_generation(item, django_capture_on_commit_callbacks):
    """Nothing is invalidated before the change is committed."""
    before = current_generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        item.title = "Uncommitted"
        item.save()
    assert callbacks
    assert current_generation() == before


def test_cached_page_does_not_outlive_midnight(client, item, mission):
    """A page cached a minute before midnight in the reference zone shows the new date after it."""
    # 20:59 UTC is 23:59 in Moscow, the reference zone.
    with time_machine.travel(dt.datetime(2022, 1, 18, 20, 59, tzinfo=UTC), tick=False):
        client.get("/en/")
        assert client.get("/en/").get(HEADER) == "hit"
        assert "18 January 2022" in client.get("/en/").content.decode()
    with time_machine.travel(dt.datetime(2022, 1, 18, 21, 0, 1, tzinfo=UTC), tick=False):
        response = client.get("/en/")
    assert response.get(HEADER) != "hit"
    assert "19 January 2022" in response.content.decode()


def test_lifetime_is_cut_at_midnight(rf, settings):
    """Lifetime is the configured maximum, but never past midnight in the zone."""
    from zoneinfo import ZoneInfo

    settings.CHANCERY_PAGE_CACHE_SECONDS = 900
    zone = ZoneInfo("Europe/Moscow")
    noon = dt.datetime(2022, 1, 18, 9, 0, tzinfo=UTC)
    assert lifetime_seconds(rf.get("/"), zone, noon) == 900
    late = dt.datetime(2022, 1, 18, 20, 58, tzinfo=UTC)
    assert lifetime_seconds(rf.get("/"), zone, late) == 120


def test_cached_page_does_not_outlive_a_pin(client, news, statement_kind, page_cache):
    """The front page cached while a pin holds is fresh the moment the pin runs out."""
    start = dt.datetime(2022, 1, 18, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            title="Pinned for five minutes",
            pinned=True,
            pinned_until=start + dt.timedelta(minutes=5),
        )
        client.get("/en/")
        assert '<article class="pinned">' in client.get("/en/").content.decode()
    with time_machine.travel(start + dt.timedelta(minutes=5, seconds=1), tick=False):
        assert '<article class="pinned">' not in client.get("/en/").content.decode()


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def use_redis(settings, port):
    """The production cache backend against the Redis on `port` (maybe none)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "chancery.pagecache.backends.FailSafeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"retry_after": 0},
        }
    }


def test_site_serves_uncached_when_redis_is_down(client, item, settings):
    """With Redis unreachable every page still answers 200, just uncached."""
    use_redis(settings, closed_port())
    for url in PAGES:
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.get(HEADER) != "hit"


def start_redis(port):
    """A private, throwaway redis-server on `port` (never the shared one)."""
    process = subprocess.Popen(  # noqa: S603
        [
            shutil.which("redis-server"),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("redis-server did not start")


def stop(process):
    process.terminate()
    process.wait(timeout=10)


def test_site_survives_redis_stopping_and_recovers(client, item, settings):
    """Redis stopping mid-flight leaves pages answering; when it is back, caching resumes."""
    port = closed_port()
    redis = start_redis(port)
    try:
        use_redis(settings, port)
        client.get("/en/")
        assert client.get("/en/").get(HEADER) == "hit"
        stop(redis)
        for url in PAGES:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.get(HEADER) != "hit", url
        redis = start_redis(port)
        client.get("/en/")
        assert client.get("/en/").get(HEADER) == "hit"
    finally:
        stop(redis)


class CountingApplication:
    """Django's own WSGI handler, counting the requests that reach it."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        # As Django's test client does: the request signals would close the test database.
        request_started.disconnect(close_old_connections)
        try:
            return self.handler(environ, start_response)
        finally:
            request_started.connect(close_old_connections)


def wsgi_get(application, path, method="GET", **extra):
    """Calls a WSGI application as gunicorn would; returns status, headers and body."""
    environ = getattr(RequestFactory(), method.lower())(path, **extra).environ
    answer = {}

    def start_response(status, headers):
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(application(environ, start_response))
    return answer["status"], answer["headers"], body


def test_gunicorn_gets_the_page_cache_in_front_of_django():
    """deploy/gunicorn.conf.py serves chancery.wsgi:application: it must be the fast path."""
    from chancery import wsgi

    assert isinstance(wsgi.application, CachedPageApplication)


def test_wsgi_hit_is_answered_before_django_with_every_header(client, item):
    """A hit never reaches Django's handler and carries the headers a rendered page has."""
    django = CountingApplication()
    application = CachedPageApplication(django)
    rendered = wsgi_get(application, "/en/news/harbour/", secure=True)
    assert django.calls == 1 and rendered[1][HEADER] == "miss"

    status, headers, body = wsgi_get(application, "/en/news/harbour/", secure=True)
    assert django.calls == 1
    assert status == "200 OK" and headers[HEADER] == "hit"
    assert body == rendered[2] and b"Statement on the harbour" in body
    assert {k: v for k, v in headers.items() if k != HEADER} == {
        k: v for k, v in rendered[1].items() if k != HEADER
    }
    for name in [
        "Strict-Transport-Security",
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Length",
    ]:
        assert name in headers, name


def test_wsgi_head_hit_has_no_body(client, item):
    """A HEAD hit has the GET's headers, its Content-Length included, and no body."""
    django = CountingApplication()
    application = CachedPageApplication(django)
    _status, get_headers, body = wsgi_get(application, "/en/")
    status, headers, head_body = wsgi_get(application, "/en/", method="HEAD")
    assert django.calls == 1 and headers[HEADER] == "hit"
    assert head_body == b"" and headers["Content-Length"] == str(len(body))


def test_wsgi_layer_passes_sessions_posts_and_the_admin_to_django(client, item):
    """Editors, POSTs and the admin always reach Django, even for a page that is cached."""
    django = CountingApplication()
    application = CachedPageApplication(django)
    wsgi_get(application, "/en/")
    wsgi_get(application, "/en/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc")
    wsgi_get(application, "/en/", method="POST")
    wsgi_get(application, "/admin/login/")
    wsgi_get(application, "/admin/login/")
    assert django.calls == 5


def test_wsgi_layer_never_serves_a_page_older_than_a_publication(
    client, item, news, statement_kind, django_capture_on_commit_callbacks
):
    """Publishing makes the fast path's entry out of date at once: Django renders afresh."""
    django = CountingApplication()
    application = CachedPageApplication(django)
    wsgi_get(application, "/en/")
    assert wsgi_get(application, "/en/")[1][HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        publish_brand_new(news, statement_kind)
    _status, headers, body = wsgi_get(application, "/en/")
    assert django.calls == 2 and headers[HEADER] == "miss"
    assert b"Brand new statement" in body


@pytest.fixture
def local_tier(settings, page_cache):
    """Each process's own copy of the pages it served, on as in production."""
    settings.CHANCERY_PAGE_CACHE_LOCAL_SECONDS = 60
    local.clear()
    yield settings
    local.clear()


def drop_shared_entries():
    """Empties the shared cache but for the generation, as an eviction in Redis would."""
    generation = cache.get(GENERATION_KEY)
    cache.clear()
    cache.set(GENERATION_KEY, generation, timeout=None)


def test_hit_is_answered_from_the_process_memory(client, item, local_tier):
    """A page this process served is answered from its memory, not from the shared cache."""
    client.get("/en/")
    drop_shared_entries()
    response = client.get("/en/")
    assert response.get(HEADER) == "hit"
    assert "Statement on the harbour" in response.content.decode()


def test_process_memory_gives_way_to_a_change_made_here_at_once(
    client, item, news, statement_kind, local_tier, django_capture_on_commit_callbacks
):
    """A publication made through this process is on its next answer, whatever the window."""
    client.get("/en/")
    assert client.get("/en/").get(HEADER) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        publish_brand_new(news, statement_kind)
    response = client.get("/en/")
    assert response.get(HEADER) == "miss"
    assert "Brand new statement" in response.content.decode()


def test_process_memory_gives_way_to_another_nodes_change_within_its_window(
    client, item, local_tier
):
    """A change made elsewhere (a new shared generation) is seen once the window runs out."""
    local_tier.CHANCERY_PAGE_CACHE_LOCAL_SECONDS = 0.3
    client.get("/en/")
    assert client.get("/en/").get(HEADER) == "hit"
    # Another node's publication: the shared generation changes, this process is not told.
    cache.set(GENERATION_KEY, "another-node-published", timeout=None)
    assert client.get("/en/").get(HEADER) == "hit"
    time.sleep(0.35)
    assert client.get("/en/").get(HEADER) == "miss"


def test_process_memory_does_not_outlive_midnight(client, item, mission, local_tier):
    """The copy in memory expires at midnight in the reference zone like the shared one."""
    # 20:59 UTC is 23:59 in Moscow, the reference zone.
    with time_machine.travel(dt.datetime(2022, 1, 18, 20, 59, tzinfo=UTC), tick=False):
        client.get("/en/")
        assert client.get("/en/").get(HEADER) == "hit"
    with time_machine.travel(dt.datetime(2022, 1, 18, 21, 0, 1, tzinfo=UTC), tick=False):
        response = client.get("/en/")
    assert response.get(HEADER) != "hit"
    assert "19 January 2022" in response.content.decode()


def test_process_memory_is_unused_when_redis_is_down(client, item, local_tier, settings):
    """With the shared cache unreachable, no page is answered from memory: all are rendered."""
    use_redis(settings, closed_port())
    client.get("/en/")
    assert client.get("/en/").get(HEADER) != "hit"
    assert local.known_generation() is None


def test_process_memory_keeps_a_bounded_number_of_pages(local_tier):
    for n in range(local.MAX_ENTRIES + 10):
        local.put(f"key-{n}", ("g", 200, [], b"x", time.time() + 60))
    assert local.get("key-0", "g") is None
    assert local.get(f"key-{local.MAX_ENTRIES + 9}", "g") is not None
    local.put("large", ("g", 200, [], b"x" * (local.MAX_ENTRY_BYTES + 1), time.time() + 60))
    assert local.get("large", "g") is None
