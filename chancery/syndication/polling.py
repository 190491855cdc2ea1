"""Polling the ministry's feeds and importing each new entry as one publication.

`poll_due_feeds()` is what the worker runs (and `manage.py poll_feeds`); `poll_feed()` polls
one feed now.

Transactions: one per entry. An entry's claim (FeedEntry), its page, revision, workflow
state and log entry commit together or not at all, so nothing half-made is ever saved; one
broken entry does not hold back the others; and the archive's row lock, which keeps two
imports from picking the same tree position, is held only for one page at a time rather
than for a whole feed while editors publish. A feed that cannot be fetched or parsed fails
before anything is written. The feed's validators (ETag, Last-Modified) are stored only
when every entry got in, so a failed entry is tried again on the next poll rather than
hidden behind a 304.
"""

import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import feedparser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log
from wagtail.rich_text import RichText

from chancery.newsroom.models import NewsIndexPage, PublicationPage
from chancery.newsroom.text import plain_text

from .enums import PollStatus
from .fetch import FetchError, FetchResult, fetch
from .models import Feed, FeedEntry
from .sanitise import hostile_markup, sanitise, text_to_rich_text, to_rich_text

logger = logging.getLogger(__name__)

KEY_LENGTH = FeedEntry._meta.get_field("key").max_length
TITLE_LENGTH = PublicationPage._meta.get_field("title").max_length
URL_LENGTH = PublicationPage._meta.get_field("source_url").max_length
SLUG_LENGTH = 80
IMPORT_ACTION = "chancery.syndication.import"


class FeedError(Exception):
    """The fetched document is not a usable feed; the message is shown on the feed."""


@dataclass
class PollResult:
    """What one poll of one feed did."""

    feed: Feed
    status: str
    message: str = ""
    created: list[PublicationPage] = field(default_factory=list)


def poll_due_feeds(now: dt.datetime | None = None) -> list[PollResult]:
    """Poll every active feed whose time has come; a failing feed never stops the others."""
    now = now or timezone.now()
    results = []
    for feed in Feed.objects.due(now):
        if _claim(feed, now):
            results.append(poll_feed(feed))
    return results


def _claim(feed: Feed, now: dt.datetime) -> bool:
    """Move the feed's next poll on, unless another worker already did (compare-and-set)."""
    next_poll = now + dt.timedelta(minutes=feed.poll_interval)
    claimed = Feed.objects.filter(pk=feed.pk, next_poll_at=feed.next_poll_at).update(
        next_poll_at=next_poll
    )
    feed.next_poll_at = next_poll
    return claimed == 1


def poll_feed(feed: Feed) -> PollResult:
    """Fetch `feed` now and import its new entries; record how it went on the feed."""
    try:
        fetched = fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if fetched.not_modified:
            return _record(feed, PollStatus.UNCHANGED, fetched=fetched)
        parsed = parse(fetched)
    except (FetchError, FeedError) as error:
        return _record(feed, PollStatus.FAILED, message=str(error))

    created, failures, warnings, hostile = [], [], [], set()
    for entry in parsed.entries:
        key = entry_key(entry)
        if not key:
            warnings.append(_("An entry without an id or a link was skipped."))
            continue
        hostile.update(hostile_markup(_entry_html_source(entry)))
        if FeedEntry.objects.filter(feed=feed, key=key).exists():
            continue
        try:
            page = import_entry(feed, entry, key)
        except Exception as error:  # one broken entry must not stop the others
            logger.exception("Importing entry %r of feed %s failed", key, feed.pk)
            failures.append(
                _("Entry “%(key)s” could not be imported: %(error)s") % {"key": key, "error": error}
            )
            continue
        if page is not None:
            created.append(page)
    if hostile:
        warnings.append(
            _("Unsafe markup was removed before import: %(what)s.")
            % {"what": ", ".join(sorted(hostile))}
        )
    if failures:
        return _record(feed, PollStatus.FAILED, message="\n".join(failures + warnings))
    status = PollStatus.WARNING if warnings else PollStatus.OK
    return _record(feed, status, message="\n".join(warnings), fetched=fetched, created=created)


def _record(feed, status, *, message="", fetched: FetchResult | None = None, created=()):
    """Write the poll's outcome on the feed without touching what editors configure."""
    now = timezone.now()
    if status == PollStatus.FAILED:
        logger.warning("Feed %s (%s) failed: %s", feed.pk, feed.url, message)
    changes = {"status": status, "status_message": message, "last_polled_at": now}
    if status != PollStatus.FAILED:
        changes["last_success_at"] = now
        if fetched is not None:
            changes["etag"], changes["last_modified"] = fetched.etag, fetched.last_modified
    Feed.objects.filter(pk=feed.pk).update(**changes)
    for name, value in changes.items():
        setattr(feed, name, value)
    return PollResult(feed=feed, status=status, message=message, created=list(created))


def parse(fetched: FetchResult):
    """The parsed feed, or FeedError if the document is not a usable RSS or Atom feed."""
    # A stream, never bytes: given bytes or a str, feedparser may treat them as a URL or
    # a file name and open it.
    parsed = feedparser.parse(
        io.BytesIO(fetched.body),
        response_headers={
            "content-type": fetched.content_type,
            "content-location": fetched.url,
        },
        # nh3 sanitises and resolves links (see sanitise.py); feedparser's own passes would
        # hide what it removed and resolve "java\tscript:" as a relative address.
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    if parsed.bozo and not parsed.entries:
        if not parsed.version:
            raise FeedError(
                _("This is not an RSS or Atom feed (the server sent “%(type)s”): %(error)s")
                % {
                    "type": fetched.content_type or _("no content type"),
                    "error": parsed.get("bozo_exception", ""),
                }
            )
        raise FeedError(
            _("The feed is malformed: %(error)s") % {"error": parsed.get("bozo_exception", "")}
        )
    if not parsed.version:
        raise FeedError(_("This is not an RSS or Atom feed."))
    return parsed


def entry_key(entry) -> str:
    """The entry's id, else its link; hashed when too long to store; "" without either."""
    key = (entry.get("id") or "").strip() or (entry.get("link") or "").strip()
    if len(key) > KEY_LENGTH:
        return "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return key


def _entry_html_source(entry) -> str:
    parts = [content.get("value", "") for content in entry.get("content", [])]
    parts.append(entry.get("summary", ""))
    return "".join(parts)


def entry_body(entry, base_url: str = "") -> str:
    """The entry's text as our rich text: its full content if given, else its summary.

    Relative links are resolved against `base_url` (the original item's address).
    """
    candidates = [*entry.get("content", [])]
    if entry.get("summary_detail"):
        candidates.append(entry.summary_detail)
    for candidate in candidates:
        value = candidate.get("value", "")
        if candidate.get("type") == "text/plain":
            html = text_to_rich_text(value)
        else:
            html = to_rich_text(value, base_url)
        if html:
            return html
    return ""


def entry_title(entry, body: str) -> str:
    title = entry.get("title", "")
    if entry.get("title_detail", {}).get("type") in {"text/html", "application/xhtml+xml"}:
        title = sanitise(title)
    title = plain_text(title) if "<" in title or "&" in title else " ".join(title.split())
    if not title:
        title = plain_text(body)[:80] or _("Untitled item")
    return title[:TITLE_LENGTH]


def entry_link(entry) -> str:
    """The entry's original address if it is an http(s) one that fits; else ""."""
    link = (entry.get("link") or "").strip()
    if urlsplit(link).scheme.lower() in {"http", "https"} and len(link) <= URL_LENGTH:
        return link
    return ""


def _http_or_empty(url: str) -> str:
    return url if urlsplit(url).scheme.lower() in {"http", "https"} else ""


def entry_time(entry) -> dt.datetime | None:
    """When the ministry published the entry, as an aware UTC time (feedparser gives UTC)."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return dt.datetime(*parsed[:6], tzinfo=dt.UTC)


def import_entry(feed: Feed, entry, key: str) -> PublicationPage | None:
    """Create the publication for one entry; None if another poll imported it first."""
    link = entry_link(entry)
    body = entry_body(entry, link or _http_or_empty(feed.url))
    if not body:
        if not link:
            raise FeedError(_("The entry has neither text nor a link."))
        body = f'<p><a href="{link}">{link}</a></p>'
    title = entry_title(entry, body)
    original_time = entry_time(entry)
    now = timezone.now()
    try:
        with transaction.atomic():
            # Locked (on PostgreSQL) and read fresh: the page tree numbers children from the
            # parent's row, so two imports into one archive must not interleave.
            parent = NewsIndexPage.objects.select_for_update().get(pk=feed.news_index_id)
            claim = FeedEntry.objects.create(feed=feed, key=key)
            page = PublicationPage(
                title=title,
                slug=find_available_slug(parent, _slug_for(title)),
                kind_id=feed.kind_id,
                locale_id=feed.locale_id,
                body=[("paragraph", RichText(body))],
                # The archive stays in the ministry's order; an entry dated in the future
                # is not allowed to jump above everything else.
                published_at=min(original_time, now) if original_time else now,
                source_name=feed.source_name,
                source_url=link,
                source_published_at=original_time,
                live=False,
            )
            parent.add_child(instance=page)
            log(
                instance=page,
                action=IMPORT_ACTION,
                data={"feed": feed.source_name, "url": feed.url, "entry": key},
            )
            revision = page.save_revision(log_action=True)
            if feed.publishes_automatically:
                revision.publish()
                # publish() saves a copy built from the revision; catch up with it.
                page.refresh_from_db()
            else:
                workflow = page.get_workflow()
                if workflow is not None:
                    workflow.start(page, user=None)
            claim.page = page
            claim.save(update_fields=["page"])
    except IntegrityError:
        if FeedEntry.objects.filter(feed=feed, key=key).exists():
            # Another poll of the same feed got there first; its item stands.
            return None
        raise
    return page


def _slug_for(title: str) -> str:
    slug = slugify(title, allow_unicode=True)[:SLUG_LENGTH].strip("-") or "item"
    # An all-digit slug would collide with the year archive (/news/2022/).
    return f"item-{slug}" if slug.isdigit() else slug
