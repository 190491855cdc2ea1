"""Scheduled go-live and expiry, done once per item however many workers run.

This is what Wagtail's `publish_scheduled` command does
(wagtail/management/commands/publish_scheduled.py), with one difference: each item is
claimed and published in its own transaction that holds a lock on it, so two workers never
publish the same revision twice, and a worker killed halfway leaves the item due (its
transaction rolls back) for the next worker to publish.

- PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED` on the revision (or the expiring object);
  a second worker skips a row the first has claimed, and once the first commits the row no
  longer matches. https://docs.djangoproject.com/en/5.2/ref/models/querysets/#select-for-update
- SQLite: no row locks, but the project's transactions are `BEGIN IMMEDIATE` (checked by
  `scheduling.E001`), which takes the database's write lock before the item is read, so a
  second worker reads it only after the first has committed.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from wagtail.models import DraftStateMixin, Page, Revision

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Fired:
    """One go-live or expiry the worker carried out."""

    action: str  # "published" or "expired"
    label: str
    due_at: dt.datetime


def draft_state_models():
    """Pages and every other model with scheduled publishing (snippets with DraftStateMixin)."""
    return [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]


def _claim(queryset):
    """The first row of `queryset` no other worker holds, locked until the transaction ends."""
    return queryset.select_for_update(skip_locked=True).first()


def _label(obj) -> str:
    return f"{obj._meta.verbose_name} {obj.pk} “{obj}”"


def expire_due(now: dt.datetime) -> list[Fired]:
    """Unpublish every live object whose expiry time has come."""
    fired = []
    for model in draft_state_models():
        failed = set()
        while True:
            with transaction.atomic():
                due = model.objects.filter(live=True, expire_at__lte=now).exclude(pk__in=failed)
                obj = _claim(due.order_by("expire_at", "pk"))
                if obj is None:
                    break
                try:
                    # A savepoint, so one broken object does not stop the others.
                    with transaction.atomic():
                        obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
                except Exception:
                    logger.exception("Could not unpublish %s at its expiry", _label(obj))
                    failed.add(obj.pk)
                    continue
            fired.append(Fired("expired", _label(obj), obj.expire_at))
    return fired


def publish_due(now: dt.datetime) -> list[Fired]:
    """Publish every revision whose approved go-live time has come."""
    fired = []
    failed = set()
    while True:
        with transaction.atomic():
            due = Revision.objects.filter(approved_go_live_at__lte=now).exclude(pk__in=failed)
            revision = _claim(due.order_by("approved_go_live_at", "pk"))
            if revision is None:
                break
            due_at = revision.approved_go_live_at
            try:
                with transaction.atomic():
                    # The go-live time has passed, so Wagtail makes the object live now
                    # (wagtail/actions/publish_revision.py) and clears approved_go_live_at.
                    revision.publish(log_action="wagtail.publish.scheduled")
            except Exception:
                logger.exception("Could not publish revision %s at its go-live", revision.pk)
                failed.add(revision.pk)
                continue
        fired.append(Fired("published", f"{revision.object_str} (revision {revision.pk})", due_at))
    return fired


def fire_due(now: dt.datetime | None = None) -> list[Fired]:
    """Expiries first, then go-lives, as `publish_scheduled` orders them."""
    now = now or timezone.now()
    return expire_due(now) + publish_due(now)


def next_due_at() -> dt.datetime | None:
    """The earliest go-live or expiry still to come, so the worker can wake for it."""
    moments = [Revision.objects.aggregate(at=Min("approved_go_live_at"))["at"]]
    for model in draft_state_models():
        moments.append(model.objects.filter(live=True).aggregate(at=Min("expire_at"))["at"])
    moments = [moment for moment in moments if moment is not None]
    return min(moments) if moments else None
