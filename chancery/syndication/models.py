"""The ministry's feeds that the press office republishes, and what was imported from them."""

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from .enums import ImportMode, PollStatus
from .forms import FeedForm


class FeedQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def due(self, moment: dt.datetime):
        """Active feeds whose next poll is at or before `moment` (or never polled)."""
        return (
            self.active()
            .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=moment))
            .order_by("next_poll_at", "pk")
        )


class Feed(models.Model):
    """An RSS 2.0 or Atom feed of the ministry that Chancery imports as publications.

    Press secretaries register feeds under "Ministry feeds". Each new entry becomes one
    publication in the chosen news archive, as a draft for approval or published at once.
    The list shows how the last poll went, so a broken feed is noticed.
    """

    source_name = models.CharField(
        _("source name"),
        max_length=255,
        help_text=_("Shown on every imported item, e.g. “Ministry of Foreign Affairs”."),
    )
    url = models.URLField(
        _("feed address"),
        max_length=500,
        help_text=_("The address of the RSS 2.0 or Atom feed (http:// or https://)."),
    )
    kind = models.ForeignKey(
        "newsroom.PublicationKind",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kind of imported items"),
    )
    locale = models.ForeignKey(
        "wagtailcore.Locale",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("language"),
        help_text=_("The language of the feed; items are created in this language."),
    )
    news_index = models.ForeignKey(
        "newsroom.NewsIndexPage",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("news archive"),
        help_text=_("Imported items are created in this archive."),
    )
    mode = models.CharField(
        _("mode"), max_length=16, choices=ImportMode.choices, default=ImportMode.DRAFT
    )
    poll_interval = models.PositiveIntegerField(
        _("poll every (minutes)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick to stop polling without losing the feed.")
    )

    # What the last poll left behind; written by the importer only.
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    next_poll_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last successful poll"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PollStatus.choices, default=PollStatus.NEVER
    )
    status_message = models.TextField(_("problem at the last poll"), blank=True)

    objects = FeedQuerySet.as_manager()
    base_form_class = FeedForm
    # Readers never see a feed's settings; the pages it creates bump the page cache themselves.
    page_cache_ignore = True

    panels = [
        FieldPanel("source_name"),
        FieldPanel("url"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("locale")]),
        FieldPanel("news_index"),
        FieldRowPanel([FieldPanel("mode"), FieldPanel("poll_interval"), FieldPanel("active")]),
        MultiFieldPanel(
            [
                FieldPanel("status", read_only=True),
                FieldPanel("status_message", read_only=True),
                FieldPanel("last_polled_at", read_only=True),
                FieldPanel("last_success_at", read_only=True),
            ],
            heading=_("Last poll"),
        ),
    ]

    class Meta:
        verbose_name = _("ministry feed")
        verbose_name_plural = _("ministry feeds")
        ordering = ["source_name", "pk"]

    def __str__(self):
        return f"{self.source_name} ({self.url})"

    @property
    def publishes_automatically(self) -> bool:
        return self.mode == ImportMode.PUBLISH


class FeedEntry(models.Model):
    """One entry of a feed that was imported: the claim that stops a second import.

    The unique constraint on (feed, key) is what makes an entry import once even when two
    polls of the same feed overlap: the second insert fails and its transaction rolls back.
    """

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="entries")
    # The entry's id (RSS guid, Atom id), else its link; hashed when longer than the column.
    key = models.CharField(max_length=255)
    page = models.ForeignKey(
        "newsroom.PublicationPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    page_cache_ignore = True  # a bookkeeping row; its page's own save is what readers see

    class Meta:
        verbose_name = _("imported entry")
        verbose_name_plural = _("imported entries")
        constraints = [
            models.UniqueConstraint(fields=["feed", "key"], name="unique_entry_per_feed")
        ]

    def __str__(self):
        return self.key
