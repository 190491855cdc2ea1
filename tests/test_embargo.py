"""Embargo: secret preview links to a scheduled item, and nothing else shows it before go-live."""

import datetime as dt
import hashlib
import io
import json
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from wagtail.models import PageLogEntry, Revision

from chancery.core.models import MissionImage
from chancery.embargo.models import EmbargoLink, EmbargoOpen
from chancery.newsroom.factories import PublicationPageFactory, paragraphs
from chancery.pagecache.generation import GENERATION_KEY, current_generation
from chancery.pagecache.middleware import HEADER as PAGE_CACHE_HEADER
from chancery.scheduling.publishing import fire_due
from tests.accounts_helpers import sign_in
from tests.test_scheduling import schedule

UTC = dt.UTC
NINE = dt.datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
GO_LIVE = dt.datetime(2026, 5, 4, 12, 0, tzinfo=UTC)  # 15:00 in Moscow, the mission's zone
TOKEN_URL = re.compile(r"https?://[^/\s\"]+/en/embargo/([A-Za-z0-9_-]{43})/")


@pytest.fixture
def clock():
    with time_machine.travel(NINE, tick=False) as traveller:
        yield traveller


@pytest.fixture
def embargoed(news, statement_kind, clock):
    """A statement scheduled for noon UTC, with its go-live as its publication time."""
    page = PublicationPageFactory(
        parent=news,
        live=False,
        kind=statement_kind,
        slug="summit-statement",
        title="Statement on the summit",
        published_at=GO_LIVE,
        body=paragraphs("The ministers agreed on the harbour treaty."),
    )
    return schedule(page, GO_LIVE)


@pytest.fixture
def link_token(embargoed):
    _, token = EmbargoLink.issue(
        page=embargoed,
        expires_at=GO_LIVE - dt.timedelta(hours=1),
        recipient_name="Ada Reporter",
        recipient_organisation="The Daily Record",
    )
    return token


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("press", "press@example.org", "pw-tests")
    return sign_in(client, user, "pw-tests")


# The preview itself


def test_link_shows_the_item_with_an_embargo_banner(client, link_token):
    """Anyone holding the link sees the item, with "Embargoed until" in the mission zone."""
    response = client.get(f"/en/embargo/{link_token}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Statement on the summit</h1>" in html
    assert "The ministers agreed on the harbour treaty." in html
    assert "Embargoed until" in html
    assert '<time datetime="2026-05-04T15:00:00+03:00">4 May 2026, 15:00 MSK</time>' in html
    assert "Ada Reporter" in html


def test_preview_is_private_and_not_indexed(client, link_token):
    """The preview is never stored by a cache, never indexed, never passed on as a Referer."""
    response = client.get(f"/en/embargo/{link_token}/")
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control
    assert "noindex" in response["X-Robots-Tag"]
    assert response["Referrer-Policy"] == "no-referrer"
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow, noarchive">' in html
    assert 'rel="canonical"' not in html


def test_preview_shows_the_version_approved_to_go_live(client, embargoed, link_token):
    """A draft saved after scheduling (not approved) is not what journalists see."""
    draft = embargoed.get_latest_revision_as_object()
    draft.title = "Unapproved rewrite"
    draft.save_revision()
    html = client.get(f"/en/embargo/{link_token}/").content.decode()
    assert "Statement on the summit" in html
    assert "Unapproved rewrite" not in html


def test_opening_a_link_leaves_cached_pages_alone(
    client, link_token, django_capture_on_commit_callbacks
):
    """An open is logged, but readers see nothing of it: the page cache is not emptied."""
    generation = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"/en/embargo/{link_token}/")
    assert EmbargoOpen.objects.count() == 1
    assert cache.get(GENERATION_KEY) == generation


def test_preview_is_never_kept_in_the_process_memo(client, embargoed, link_token):
    """The preview renders the scheduled revision, not the live content: nothing of it is
    kept for the page (a kept fragment would reach readers of the live page)."""
    assert "harbour treaty" in client.get(f"/en/embargo/{link_token}/").content.decode()
    revision = embargoed.revisions.order_by("-pk").first()
    content = json.loads(json.dumps(revision.content).replace("harbour treaty", "river accord"))
    # Changed in place, without a save that would start a new content generation.
    Revision.objects.filter(pk=revision.pk).update(content=content)
    html = client.get(f"/en/embargo/{link_token}/").content.decode()
    assert "river accord" in html and "harbour treaty" not in html


def test_every_open_is_logged_with_time_and_address(client, clock, link_token):
    """Each open records which link, when and from which IP address."""
    client.get(f"/en/embargo/{link_token}/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Reader/1")
    clock.shift(dt.timedelta(minutes=5))
    client.get(f"/en/embargo/{link_token}/", REMOTE_ADDR="198.51.100.2")
    link = EmbargoLink.objects.get()
    opens = list(link.opens.order_by("opened_at"))
    assert [(o.ip_address, o.opened_at, o.shown) for o in opens] == [
        ("203.0.113.7", NINE, True),
        ("198.51.100.2", NINE + dt.timedelta(minutes=5), True),
    ]
    assert opens[0].user_agent == "Reader/1"


def test_address_from_the_trusted_proxy_header(client, settings, link_token):
    """Behind nginx, the address logged is the one the proxy reports."""
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    client.get(f"/en/embargo/{link_token}/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="192.0.2.44")
    assert EmbargoOpen.objects.get().ip_address == "192.0.2.44"


def test_only_a_hash_of_the_token_is_stored(link_token):
    """The database holds the SHA-256 of the token, never the token itself."""
    link = EmbargoLink.objects.get()
    assert link.token_hash == hashlib.sha256(link_token.encode()).hexdigest()
    assert link_token not in str(EmbargoLink.objects.values().get())


@pytest.mark.parametrize("token", ["x" * 43, "short", "a" * 42 + "!"])
def test_unknown_or_malformed_token_is_not_found(client, link_token, token):
    """A guessed or malformed token gets a plain 404 and logs nothing."""
    assert client.get(f"/en/embargo/{token}/").status_code == 404
    assert not EmbargoOpen.objects.exists()


def test_link_stops_at_its_expiry(client, clock, link_token):
    """After the expiry the editor set, the link is refused (410) and the refusal is logged."""
    clock.move_to(GO_LIVE - dt.timedelta(hours=1))
    response = client.get(f"/en/embargo/{link_token}/")
    assert response.status_code == 410
    assert "Statement on the summit" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert EmbargoOpen.objects.get().shown is False


def test_link_stops_if_the_go_live_is_moved_earlier(client, clock, embargoed, link_token):
    """If the item is rescheduled before the link's expiry, the link stops at the new go-live."""
    page = embargoed.get_latest_revision_as_object()
    schedule(page, NINE + dt.timedelta(minutes=30))
    clock.move_to(NINE + dt.timedelta(minutes=30))
    assert client.get(f"/en/embargo/{link_token}/").status_code == 410


def test_link_after_go_live_leads_to_the_public_item(client, clock, link_token):
    """Once the item is live, the link simply sends the reader to the public page."""
    clock.move_to(GO_LIVE)
    fire_due()
    response = client.get(f"/en/embargo/{link_token}/")
    assert response.status_code == 302
    assert response["Location"] == "/en/news/summit-statement/"


def test_unscheduled_item_is_not_shown(client, embargoed, link_token):
    """If the editor cancels the schedule, the link stops working."""
    embargoed.revisions.update(approved_go_live_at=None)
    assert client.get(f"/en/embargo/{link_token}/").status_code == 410


# The admin


def admin_time(client, page, moment):
    """`moment` as an editor types it, in the zone the embargo screen says it uses."""
    html = client.get(f"/admin/embargo/page/{page.pk}/").content.decode()
    zone = re.search(r"Times are in ([\w/+-]+)\.", html).group(1)
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def issue(client, page, expires_at=GO_LIVE - dt.timedelta(minutes=30), **overrides):
    data = {
        "recipient_name": "Ada Reporter",
        "recipient_organisation": "The Daily Record",
        "recipient_email": "ada@example.org",
        "expires_at": expires_at,
        **overrides,
    }
    if isinstance(expires_at, dt.datetime):
        data["expires_at"] = admin_time(client, page, expires_at)
    return client.post(f"/admin/embargo/page/{page.pk}/", data)


def test_press_secretary_issues_a_link_shown_once(admin_client, client, embargoed):
    """Issuing shows the link once; it works for a reader without an account and is audited."""
    response = issue(admin_client, embargoed)
    assert response.status_code == 200
    token = TOKEN_URL.search(response.content.decode()).group(1)
    link = EmbargoLink.objects.get()
    assert link.expires_at == GO_LIVE - dt.timedelta(minutes=30)
    assert str(link) == "Ada Reporter (The Daily Record)"
    assert PageLogEntry.objects.filter(page=embargoed, action="chancery.embargo.issue").exists()
    assert token not in admin_client.get(f"/admin/embargo/page/{embargoed.pk}/").content.decode()
    client.logout()
    assert client.get(f"/en/embargo/{token}/").status_code == 200


def test_expiry_after_go_live_is_refused(admin_client, embargoed):
    """A link may not outlast the embargo: an expiry after the go-live is refused."""
    response = issue(admin_client, embargoed, expires_at=GO_LIVE + dt.timedelta(minutes=1))
    assert response.status_code == 200
    assert "at the latest at the go-live time" in response.content.decode()
    assert not EmbargoLink.objects.exists()


def test_expiry_in_the_past_is_refused(admin_client, embargoed):
    """An expiry that has already passed is refused."""
    response = issue(admin_client, embargoed, expires_at=NINE - dt.timedelta(minutes=1))
    assert "already passed" in response.content.decode()
    assert not EmbargoLink.objects.exists()


def test_garbled_expiry_is_a_form_error(admin_client, embargoed):
    """Nonsense in the expiry field is a form error, not a server error."""
    response = issue(admin_client, embargoed, expires_at="tomorrow-ish", recipient_name="")
    assert response.status_code == 200
    assert not EmbargoLink.objects.exists()


def test_unscheduled_item_cannot_be_shared(admin_client, news, statement_kind, clock):
    """Only a scheduled item can be shared under embargo."""
    draft = PublicationPageFactory(parent=news, live=False, kind=statement_kind)
    response = issue(admin_client, draft)
    assert "Schedule the item" in response.content.decode()
    assert not EmbargoLink.objects.exists()


def test_published_item_cannot_be_shared(admin_client, news, statement_kind, clock):
    """A live item has no embargo to share."""
    live = PublicationPageFactory(parent=news, kind=statement_kind)
    response = issue(admin_client, live)
    assert "already published" in response.content.decode()
    assert not EmbargoLink.objects.exists()


def test_revoke_stops_the_link(admin_client, client, embargoed, link_token):
    """A revoked link is refused at once, and the revocation is audited."""
    link = EmbargoLink.objects.get()
    response = admin_client.post(f"/admin/embargo/link/{link.pk}/revoke/")
    assert response.status_code == 302
    assert client.get(f"/en/embargo/{link_token}/").status_code == 410
    assert PageLogEntry.objects.filter(page=embargoed, action="chancery.embargo.revoke").exists()


def test_admin_lists_links_and_their_opens(admin_client, client, embargoed, link_token):
    """The item's embargo screen and the overview show each link, its status and its opens."""
    client.get(f"/en/embargo/{link_token}/", REMOTE_ADDR="203.0.113.7")
    html = admin_client.get(f"/admin/embargo/page/{embargoed.pk}/").content.decode()
    assert "Ada Reporter (The Daily Record)" in html
    assert "203.0.113.7" in html
    assert "Open" in html
    overview = admin_client.get("/admin/embargo/").content.decode()
    assert "Statement on the summit" in overview and "Ada Reporter" in overview


def test_editor_who_cannot_publish_cannot_share_or_revoke(client, embargoed, link_token):
    """Someone with admin access but no right to publish the item is turned away."""
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = get_user_model().objects.create_user("author", "a@example.org", "pw-tests")
    user.groups.add(group)
    sign_in(client, user, "pw-tests")
    link = EmbargoLink.objects.get()
    # Wagtail's admin answers a PermissionDenied with a redirect to the dashboard.
    for response in (
        client.get(f"/admin/embargo/page/{embargoed.pk}/"),
        client.post(f"/admin/embargo/page/{embargoed.pk}/", {"recipient_name": "X"}),
        client.post(f"/admin/embargo/link/{link.pk}/revoke/"),
    ):
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    assert EmbargoLink.objects.count() == 1
    assert "Ada Reporter" not in client.get("/admin/embargo/").content.decode()
    link.refresh_from_db()
    assert link.revoked_at is None


# Nothing else shows the item before go-live


def test_not_on_the_front_page_or_in_the_archives_until_go_live(client, clock, embargoed):
    """Front page, archive, year and month archives omit the item until its go-live."""
    embargoed_rev = embargoed.get_latest_revision_as_object()
    embargoed_rev.pinned = True
    schedule(embargoed_rev, GO_LIVE)
    urls = ["/en/", "/en/news/", "/en/news/2026/", "/en/news/2026/05/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Statement on the summit" not in response.content.decode(), url
    clock.move_to(GO_LIVE)
    fire_due()
    for url in urls:
        assert "Statement on the summit" in client.get(url).content.decode(), url


def test_guessing_the_url_finds_nothing_until_go_live(client, clock, embargoed):
    """The item's own address is a 404 until the go-live, then the item."""
    assert client.get("/en/news/summit-statement/").status_code == 404
    clock.move_to(GO_LIVE)
    fire_due()
    assert client.get("/en/news/summit-statement/").status_code == 200


def test_wagtail_preview_and_draft_views_need_a_login(client, embargoed):
    """The admin's own previews of the scheduled item are not open to readers."""
    for url in (f"/admin/pages/{embargoed.pk}/view_draft/", f"/admin/pages/{embargoed.pk}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def png(name):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), (20, 90, 160)).save(buffer, "PNG")
    return ImageFile(buffer, name=name)


def test_image_files_of_an_embargoed_item_have_unguessable_names(client, embargoed):
    """The photo in an embargoed item, and its renditions, are not at a guessable address."""
    photo = MissionImage.objects.create(title="Summit photo", file=png("summit-photo.png"))
    again = MissionImage.objects.create(title="Same name", file=png("summit-photo.png"))
    assert re.fullmatch(r"original_images/[A-Za-z0-9_-]{22}/summit-photo\.png", photo.file.name)
    assert photo.file.name.split("/")[1] != again.file.name.split("/")[1]

    page = embargoed.get_latest_revision_as_object()
    page.body = [("image", {"image": photo, "caption": "At the summit"})]
    schedule(page, GO_LIVE)
    _, token = EmbargoLink.issue(page=embargoed, expires_at=GO_LIVE, recipient_name="Ada Reporter")
    html = client.get(f"/en/embargo/{token}/").content.decode()
    rendition_names = [r.file.name for r in photo.renditions.all()]
    assert rendition_names
    for name in rendition_names:
        assert re.fullmatch(r"images/[A-Za-z0-9_-]{22}/summit-photo\.[\w.-]+", name), name
        assert name in html
        # Wagtail's own name for it, without the random folder, holds nothing.
        assert not default_storage.exists("images/" + name.split("/")[-1])
    assert not default_storage.exists("original_images/summit-photo.png")


# The page cache


@pytest.fixture
def page_cache(settings):
    settings.CHANCERY_PAGE_CACHE_SECONDS = 900
    cache.clear()
    yield
    cache.clear()


def test_page_cache_never_keeps_the_preview(client, clock, page_cache, link_token):
    """The preview is rendered afresh every time, so its expiry is never outlived by a copy."""
    url = f"/en/embargo/{link_token}/"
    assert client.get(url).status_code == 200
    second = client.get(url)
    assert second.status_code == 200
    assert second.get(PAGE_CACHE_HEADER) != "hit"
    assert EmbargoOpen.objects.count() == 2
    clock.move_to(GO_LIVE - dt.timedelta(hours=1))
    assert client.get(url).status_code == 410


def test_go_live_by_the_worker_refreshes_cached_pages(
    client, clock, page_cache, embargoed, django_capture_on_commit_callbacks
):
    """Pages cached before the go-live show the item as soon as the worker publishes it."""
    for url in ("/en/", "/en/news/"):
        client.get(url)
        assert client.get(url).get(PAGE_CACHE_HEADER) == "hit"
    clock.move_to(GO_LIVE)
    with django_capture_on_commit_callbacks(execute=True):
        fire_due()
    for url in ("/en/", "/en/news/"):
        assert "Statement on the summit" in client.get(url).content.decode(), url


def test_scheduled_item_offers_embargo_links_in_the_admin(admin_client, embargoed, news):
    """The scheduled item's page in the admin and the page list lead to its embargo screen."""
    target = f'href="/admin/embargo/page/{embargoed.pk}/"'
    assert target in admin_client.get(f"/admin/pages/{embargoed.pk}/edit/").content.decode()
    assert target in admin_client.get(f"/admin/pages/{news.pk}/").content.decode()
