"""Day counters: the "N days have passed since …" lines that editors keep in the masthead."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Orderable, TranslatableMixin

from .readings import days_since


def default_language_code() -> str:
    """The default language's locale code, without asking the database."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


class DayCounterQuerySet(models.QuerySet):
    def for_site(self, site):
        return self.filter(site=site)

    def in_language(self, locale):
        """Each counter once, in `locale` if translated into it, else in the default
        language: a counter nobody has translated yet is still shown."""
        default_code = default_language_code()
        if locale.language_code == default_code:
            return self.filter(locale=locale)
        translated = self.filter(locale=locale).values("translation_key")
        return self.filter(
            Q(locale=locale)
            | (Q(locale__language_code=default_code) & ~Q(translation_key__in=translated))
        )

    def shown_on(self, date: dt.date):
        """Counters whose showing window includes `date` (both ends inclusive, both optional).

        A counter whose event is still in the future is not shown: it would count backwards.
        """
        return self.filter(
            Q(shown_from__isnull=True) | Q(shown_from__lte=date),
            Q(shown_until__isnull=True) | Q(shown_until__gte=date),
            event_date__lte=date,
        )


class DayCounter(TranslatableMixin, Orderable):
    """A line in the masthead of every public page counting the days since an event.

    Editors add, edit, reorder and retire counters under Snippets → Day counters;
    setting "shown until" retires a counter without deleting it.
    """

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="day_counters",
        verbose_name=_("site"),
    )
    event = models.CharField(
        _("event"),
        max_length=255,
        help_text=_("Completes “N days have passed since …”, e.g. “the harbour fire”."),
    )
    event_date = models.DateField(_("event date"))
    caption = models.CharField(
        _("caption"),
        max_length=255,
        blank=True,
        help_text=_("Optional, shown after a dash, e.g. “no reply from the port authority yet”."),
    )
    shown_from = models.DateField(_("shown from"), null=True, blank=True)
    shown_until = models.DateField(_("shown until"), null=True, blank=True)

    objects = DayCounterQuerySet.as_manager()

    panels = [
        FieldPanel("site"),
        FieldPanel("event"),
        FieldPanel("event_date"),
        FieldPanel("caption"),
        FieldRowPanel([FieldPanel("shown_from"), FieldPanel("shown_until")]),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("day counter")
        verbose_name_plural = _("day counters")

    def __str__(self):
        return self.event

    def clean(self):
        super().clean()
        if self.shown_from and self.shown_until and self.shown_until < self.shown_from:
            raise ValidationError(
                {"shown_until": _("A counter cannot stop being shown before it starts.")}
            )

    def days_since(self, today: dt.date) -> int:
        return days_since(self.event_date, today)

    def text(self, today: dt.date) -> str:
        """The line as readers see it: `1417 days have passed since the fire - caption`."""
        days = self.days_since(today)
        line = ngettext(
            "%(days)d day has passed since %(event)s",
            "%(days)d days have passed since %(event)s",
            days,
        ) % {"days": days, "event": self.event}
        if self.caption:
            line = f"{line} - {self.caption}"
        return line
