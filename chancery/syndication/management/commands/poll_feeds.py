"""Polls the ministry's feeds once and exits (the worker does the same on a schedule)."""

from django.core.management.base import BaseCommand, CommandError

from chancery.syndication.enums import PollStatus
from chancery.syndication.models import Feed
from chancery.syndication.polling import poll_due_feeds, poll_feed


class Command(BaseCommand):
    help = (
        "Poll the feeds that are due, import their new entries, and exit. "
        "With --feed, poll those feeds now whether due or not."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--feed",
            type=int,
            action="append",
            metavar="ID",
            help="Poll this feed now (repeatable).",
        )

    def handle(self, *args, feed=None, **options):
        if feed:
            feeds = list(Feed.objects.filter(pk__in=feed))
            missing = sorted(set(feed) - {f.pk for f in feeds})
            if missing:
                raise CommandError(f"No feed with id {', '.join(map(str, missing))}.")
            results = [poll_feed(f) for f in feeds]
        else:
            results = poll_due_feeds()
        for result in results:
            line = (
                f"{result.feed.source_name} <{result.feed.url}>: {result.status}, "
                f"{len(result.created)} new"
            )
            if result.message:
                line += f" ({result.message})"
            style = self.style.ERROR if result.status == PollStatus.FAILED else self.style.SUCCESS
            self.stdout.write(style(line))
        if not results:
            self.stdout.write("No feed is due.")
