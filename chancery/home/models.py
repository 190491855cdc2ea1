"""The mission's front page."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from chancery.core.models import ReadersMemoMixin
from chancery.newsroom.models import NewsIndexPage, PublicationPage
from chancery.pagecache import memo
from chancery.pagecache.lifetime import expire_by


class HomePage(ReadersMemoMixin, Page):
    """The front page: pinned statements in full, then the latest items and a link to the archive.

    The masthead (date, clocks, consular contacts, day counters) comes from Settings → Mission
    and Snippets → Day counters, not from this page.
    """

    template = "pages/home_page.html"

    latest_count = models.PositiveSmallIntegerField(
        _("number of latest items"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("How many of the newest publications the front page lists."),
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["newsroom.NewsIndexPage"]

    content_panels = [*Page.content_panels, FieldPanel("latest_count")]

    class Meta:
        verbose_name = _("front page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The lists change only when pages do (a new content generation): read once per
        # generation. Pins also run out with time: the items pinned when the list was read
        # include every item pinned now, so cutting those whose pin ran out since is exact.
        now = timezone.now()
        context["pinned"] = [
            item
            for item in memo.get(("pinned", self.pk), self.pinned_items)
            if item.pinned_until is None or item.pinned_until > now
        ]
        # A pin that runs out changes this page without any save: the cached copy ends then.
        expire_by(
            request,
            min((p.pinned_until for p in context["pinned"] if p.pinned_until), default=None),
        )
        context["latest"] = memo.get(("latest", self.pk, self.latest_count), self.latest_items)
        archive = memo.get(("archive", self.pk), self.archive)
        context["archive"] = archive
        if archive is not None:
            context["feed_links"] = archive.feed_links(request)
        return context

    def pinned_items(self):
        """The items pinned to this front page now, shown in full."""
        return list(
            PublicationPage.objects.descendant_of(self)
            .listed()
            .pinned_at(timezone.now())
            .newest_first()
            .select_related("kind")
        )

    def latest_items(self):
        publications = PublicationPage.objects.descendant_of(self).listed()
        return list(publications.newest_first().for_listing()[: self.latest_count])

    def archive(self):
        """The archive ("All messages") below this front page."""
        return NewsIndexPage.objects.child_of(self).live().first()
