"""The mission's front page."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from chancery.newsroom.models import NewsIndexPage, PublicationPage
from chancery.pagecache.lifetime import expire_by


class HomePage(Page):
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
        publications = PublicationPage.objects.descendant_of(self).listed()
        context["pinned"] = list(
            publications.pinned_at(timezone.now()).newest_first().select_related("kind")
        )
        # A pin that runs out changes this page without any save: the cached copy ends then.
        expire_by(
            request,
            min((p.pinned_until for p in context["pinned"] if p.pinned_until), default=None),
        )
        context["latest"] = list(publications.newest_first().for_listing()[: self.latest_count])
        archive = NewsIndexPage.objects.child_of(self).live().first()
        context["archive"] = archive
        if archive is not None:
            context["feed_links"] = archive.feed_links(request)
        return context
