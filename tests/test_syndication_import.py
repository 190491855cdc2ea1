"""Importing the ministry's feeds as publications, against a local feed server."""

import datetime as dt
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import Page

from chancery.newsroom.models import PublicationPage
from chancery.syndication import polling
from chancery.syndication.enums import ImportMode, PollStatus
from chancery.syndication.factories import FeedFactory
from chancery.syndication.fetch import fetch
from chancery.syndication.models import Feed, FeedEntry
from chancery.syndication.polling import import_entry, parse, poll_due_feeds, poll_feed

UTC = dt.UTC


@pytest.fixture
def make_feed(news, statement_kind, feed_server):
    def make(path, **kwargs):
        kwargs.setdefault("kind", statement_kind)
        return FeedFactory(news_index=news, url=feed_server.url(path), **kwargs)

    return make


def imported(feed):
    return PublicationPage.objects.filter(
        pk__in=FeedEntry.objects.filter(feed=feed).values("page")
    ).order_by("source_published_at")


def test_rss_entries_become_publications(make_feed):
    """Each RSS item becomes one publication with its title, body and provenance."""
    feed = make_feed("/feeds/rss.xml")
    result = poll_feed(feed)
    assert result.status == PollStatus.OK
    pages = list(imported(feed))
    assert [p.title for p in pages] == [
        "Statement on the river treaty",
        "Minister receives the credentials of three ambassadors",
    ]
    page = pages[1]
    assert page.kind == feed.kind
    assert page.locale == feed.locale
    assert page.get_parent().specific == feed.news_index
    assert page.source_name == "Ministry of Foreign Affairs of Vendaria"
    assert page.source_url == "https://mfa.vendaria.example/en/news/credentials/"
    assert page.source_published_at == dt.datetime(2026, 11, 24, 7, 30, tzinfo=UTC)
    assert page.published_at == page.source_published_at
    body = page.body[0].value.source
    assert "<b>credentials</b>" in body
    assert '<a href="https://mfa.vendaria.example/en/ambassadors/">' in body


def test_atom_entries_become_publications(make_feed):
    """Atom entries import too: content over summary, HTML titles as plain text."""
    feed = make_feed("/feeds/atom.xml")
    poll_feed(feed)
    (page,) = imported(feed)
    assert page.title == "Comment on the harbour festival"
    assert page.source_url == "https://mfa.vendaria.example/en/statements/77/"
    assert page.source_published_at == dt.datetime(2026, 11, 25, 8, 15, tzinfo=UTC)
    body = page.body[0].value.source
    assert "The festival opens on Friday." in body
    assert ">Music</li>" in body
    assert "short summary" not in body


def test_draft_mode_creates_drafts_in_the_workflow(make_feed):
    """In draft mode items are not live and wait in the default workflow for approval."""
    feed = make_feed("/feeds/rss.xml", mode=ImportMode.DRAFT)
    poll_feed(feed)
    for page in imported(feed):
        assert not page.live
        assert page.get_latest_revision() is not None
        assert page.workflow_in_progress


def test_auto_mode_publishes(client, make_feed):
    """In automatic mode items are live at once and the archive lists them."""
    feed = make_feed("/feeds/rss.xml", mode=ImportMode.PUBLISH)
    poll_feed(feed)
    assert all(page.live for page in imported(feed))
    html = client.get("/en/news/").content.decode()
    assert "Statement on the river treaty" in html


def test_published_item_shows_source_and_canonical_link(client, make_feed):
    """A reader sees the source line and the canonical link to the original."""
    feed = make_feed("/feeds/rss.xml", mode=ImportMode.PUBLISH)
    poll_feed(feed)
    page = imported(feed).last()
    html = client.get(page.url).content.decode()
    assert "Ministry of Foreign Affairs of Vendaria" in html
    assert '<link rel="canonical" href="https://mfa.vendaria.example/en/news/credentials/">' in html


def test_second_poll_is_conditional_and_imports_nothing(make_feed, feed_server):
    """The stored ETag and Last-Modified are sent; a 304 creates nothing."""
    feed = make_feed("/feeds/rss.xml")
    poll_feed(feed)
    feed.refresh_from_db()
    assert feed.etag and feed.last_modified
    result = poll_feed(feed)
    assert result.status == PollStatus.UNCHANGED
    assert feed_server.requests_for("/feeds/rss.xml")[-1]["If-None-Match"] == feed.etag
    assert PublicationPage.objects.count() == 2


def test_repeated_entries_import_once(make_feed):
    """The same guid, or the same link without a guid, makes only one item."""
    feed = make_feed("/feeds/duplicates.xml")
    poll_feed(feed)
    assert sorted(FeedEntry.objects.filter(feed=feed).values_list("key", flat=True)) == [
        "https://mfa.vendaria.example/en/news/no-guid/",
        "mfa-2026-0500",
    ]
    assert PublicationPage.objects.count() == 2


def test_polling_again_without_304_imports_nothing_new(make_feed):
    """A server that ignores conditional requests still gets no duplicates."""
    feed = make_feed("/always/rss.xml")
    poll_feed(feed)
    poll_feed(feed)
    assert PublicationPage.objects.count() == 2


def test_deleted_item_is_not_imported_again(make_feed):
    """An editor who deletes an imported item does not see it come back."""
    feed = make_feed("/always/rss.xml")
    poll_feed(feed)
    imported(feed).first().delete()
    poll_feed(feed)
    assert PublicationPage.objects.count() == 1


def test_overlapping_poll_does_not_duplicate(make_feed):
    """A poll that fetched before another poll imported the same entries creates nothing."""
    feed = make_feed("/always/rss.xml")
    late = parse(fetch(feed.url))
    poll_feed(Feed.objects.get(pk=feed.pk))
    for entry in late.entries:
        assert import_entry(feed, entry, polling.entry_key(entry)) is None
    assert PublicationPage.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_polls_create_each_item_once(make_feed, monkeypatch):
    """Two polls of one feed at the same moment, in two connections, make each item once."""
    feed = make_feed("/always/rss.xml")
    start = threading.Barrier(2)
    errors, outcomes = [], []
    real_import = polling.import_entry

    def import_together(feed, entry, key):
        # Both polls have passed the "already imported?" check and now insert together.
        start.wait(timeout=3)
        page = real_import(feed, entry, key)
        outcomes.append((key, page is None))
        return page

    monkeypatch.setattr(polling, "import_entry", import_together)

    def run():
        try:
            start.wait(timeout=3)
            poll_feed(Feed.objects.get(pk=feed.pk))
        except Exception as error:  # collected so the main thread can report it
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # The second insert of a claim waits for the first transaction (PostgreSQL: on the
    # unique index behind the archive's row lock; SQLite: on BEGIN IMMEDIATE) and then
    # fails on the unique constraint, so both polls finish cleanly, each entry made once.
    assert errors == []
    assert PublicationPage.objects.count() == 2
    assert FeedEntry.objects.filter(feed=feed).exclude(page=None).count() == 2
    assert Feed.objects.get(pk=feed.pk).status == PollStatus.OK
    # Each entry was created by one poll and found taken by the other.
    assert sorted(outcomes) == [
        ("mfa-2026-0411", False),
        ("mfa-2026-0411", True),
        ("mfa-2026-0412", False),
        ("mfa-2026-0412", True),
    ]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "404"),
        ("/slow", "within 0.5 seconds"),
        ("/feeds/malformed.xml", "malformed"),
        ("/feeds/not-a-feed.html", "not an RSS or Atom feed"),
        ("/feeds/not-xml.json", "not an RSS or Atom feed"),
    ],
)
def test_failures_are_recorded_and_nothing_is_saved(make_feed, path, message):
    """A broken feed is marked failed with the reason; no item or claim is saved."""
    feed = make_feed(path)
    before = dt.datetime(2026, 1, 1, tzinfo=UTC)
    Feed.objects.filter(pk=feed.pk).update(last_success_at=before)
    feed.refresh_from_db()
    result = poll_feed(feed)
    feed.refresh_from_db()
    assert result.status == feed.status == PollStatus.FAILED
    assert message in feed.status_message
    assert feed.last_success_at == before
    assert feed.last_polled_at > before
    assert not PublicationPage.objects.exists()
    assert not FeedEntry.objects.exists()


def test_html_in_a_title_becomes_plain_text():
    """A title given as HTML keeps its words and loses its markup and scripts."""
    entry = {
        "title": 'Visit <b>now</b><script>alert("x")</script> &amp; <img src=x onerror=y>later',
        "title_detail": {"type": "text/html"},
    }
    assert polling.entry_title(entry, "<p>Body</p>") == "Visit now & later"


def test_untitled_entry_takes_its_first_words():
    """An entry without a title is named after the start of its text."""
    assert polling.entry_title({}, "<p>The Ministry announces</p>") == "The Ministry announces"


def test_gigantic_feed_is_recorded(make_feed, settings):
    """A feed past the size cap fails with the limit named."""
    settings.SYNDICATION_MAX_FEED_BYTES = 512 * 1024
    feed = make_feed("/huge")
    poll_feed(feed)
    feed.refresh_from_db()
    assert feed.status == PollStatus.FAILED
    assert "larger than the 0.5 MB limit" in feed.status_message
    assert not PublicationPage.objects.exists()


def test_a_broken_feed_does_not_stop_the_others(make_feed):
    """Polling all due feeds goes on past a failing one."""
    broken = make_feed("/missing", source_name="A")
    good = make_feed("/feeds/rss.xml", source_name="B")
    results = poll_due_feeds()
    assert {r.feed.pk: r.status for r in results} == {
        broken.pk: PollStatus.FAILED,
        good.pk: PollStatus.OK,
    }
    assert imported(good).count() == 2


def test_hostile_markup_is_removed_and_reported(client, make_feed):
    """Scripts, handlers and javascript:/data: links never reach readers; the feed says so."""
    feed = make_feed("/feeds/hostile.xml", mode=ImportMode.PUBLISH)
    poll_feed(feed)
    feed.refresh_from_db()
    assert feed.status == PollStatus.WARNING
    for what in ("<script>", "onerror=", "onclick=", "javascript:", "data:", "<iframe>"):
        assert what in feed.status_message
    pages = list(imported(feed))
    assert len(pages) == 2
    for page in pages:
        html = client.get(page.url).content.decode()
        for bad in ("-ran", "onerror", "onclick", "javascript:", "data:text", "evil.example"):
            assert bad not in html
    linked = next(page for page in pages if page.title == "Statement with dangerous links")
    links = linked.body[0].value.source
    assert '<a href="https://mfa.vendaria.example/ok/">Good link</a>' in links
    assert '<a href="mailto:press@mfa.vendaria.example">Mail link</a>' in links
    # The entry's own link was javascript:, so it is not kept as the original URL.
    assert linked.source_url == ""


def test_failed_entry_keeps_the_others_and_is_retried(make_feed, monkeypatch):
    """One entry that fails to import leaves no trace, the rest import, and it is retried."""
    feed = make_feed("/feeds/rss.xml")
    real_body = polling.entry_body

    def failing_body(entry, base_url=""):
        if entry.get("id") == "mfa-2026-0411":
            raise ValueError("conversion broke")
        return real_body(entry, base_url)

    monkeypatch.setattr(polling, "entry_body", failing_body)
    poll_feed(feed)
    feed.refresh_from_db()
    assert feed.status == PollStatus.FAILED
    assert "mfa-2026-0411" in feed.status_message
    assert list(FeedEntry.objects.values_list("key", flat=True)) == ["mfa-2026-0412"]
    assert PublicationPage.objects.count() == 1
    # Validators are not kept, so the next poll gets the whole feed again.
    assert feed.etag == ""
    monkeypatch.setattr(polling, "entry_body", real_body)
    poll_feed(feed)
    assert PublicationPage.objects.count() == 2


def test_due_feeds(make_feed):
    """A feed is due when never polled or when its interval has passed; inactive never."""
    now = dt.datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    never = make_feed("/feeds/rss.xml")
    later = make_feed("/feeds/rss.xml", next_poll_at=now + dt.timedelta(minutes=1))
    past = make_feed("/feeds/rss.xml", next_poll_at=now - dt.timedelta(minutes=1))
    make_feed("/feeds/rss.xml", active=False)
    assert set(Feed.objects.due(now)) == {never, past}
    assert later not in Feed.objects.due(now)


def test_poll_moves_the_next_poll_on(make_feed):
    """After a poll the feed is not due again until its interval has passed."""
    feed = make_feed("/missing", poll_interval=30)
    poll_due_feeds()
    feed.refresh_from_db()
    assert feed.next_poll_at > feed.last_polled_at + dt.timedelta(minutes=29)
    assert poll_due_feeds() == []


def test_poll_feeds_command(make_feed, capsys):
    """`manage.py poll_feeds` polls the due feeds and reports each."""
    make_feed("/feeds/rss.xml")
    call_command("poll_feeds")
    assert "ok, 2 new" in capsys.readouterr().out


def test_poll_feeds_command_refuses_unknown_feed(db):
    """An unknown feed id is a usage error (non-zero exit), not a crash."""
    with pytest.raises(CommandError, match="No feed with id 999"):
        call_command("poll_feeds", "--feed", "999")


def test_untouched_pages_stay_untouched(make_feed):
    """Importing adds pages only under the chosen archive."""
    feed = make_feed("/feeds/rss.xml")
    other = set(Page.objects.values_list("pk", flat=True))
    poll_feed(feed)
    new = set(Page.objects.values_list("pk", flat=True)) - other
    assert {Page.objects.get(pk=pk).get_parent().pk for pk in new} == {feed.news_index_id}


@pytest.mark.django_db(transaction=True)
def test_the_worker_polls_due_feeds(make_feed):
    """The worker's periodic jobs include feed polling, so a due feed gets imported."""
    from chancery.scheduling.jobs import registered_jobs
    from chancery.scheduling.management.commands.run_worker import run_jobs

    assert "syndication.poll_due_feeds" in [job.name for job in registered_jobs()]
    feed = make_feed("/feeds/rss.xml")
    run_jobs(threading.Event(), once=True)
    assert imported(feed).count() == 2
    assert Feed.objects.get(pk=feed.pk).status == PollStatus.OK
