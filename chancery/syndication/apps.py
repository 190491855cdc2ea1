import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How often the worker looks for due feeds; each feed's own interval decides when it is due.
POLL_CHECK_EVERY = dt.timedelta(seconds=30)


class SyndicationConfig(AppConfig):
    name = "chancery.syndication"
    label = "syndication"
    verbose_name = _("Ministry feeds")

    def ready(self):
        from chancery.scheduling.jobs import register

        from .polling import poll_due_feeds

        # Safe with two workers: each due feed is claimed by moving its next poll on, and
        # the unique (feed, entry) claim stops a second import of any entry.
        register("syndication.poll_due_feeds", poll_due_feeds, every=POLL_CHECK_EVERY)
