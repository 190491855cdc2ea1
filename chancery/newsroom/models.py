"""Publications (press releases, statements, interviews …), their kinds, and the archive."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
)
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageViewRestriction, Site, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index

from chancery.core.blocks import BodyBlock
from chancery.core.models import MissionSettings, ReadersMemoMixin
from chancery.editorial.permissions import NewsArchivePermissionTester, PublicationPermissionTester
from chancery.pagecache import memo
from chancery.pagecache.generation import current_generation
from chancery.seo.structured_data import news_article

from . import feeds
from .forms import PublicationPageForm
from .keyset import ArchiveDirectory
from .paging import page_count, page_window, requested_page
from .serializers import PublicationKindSerializer
from .text import first_paragraph

ARCHIVE_PAGE_SIZE = 10


class PublicationKind(TranslatableMixin, models.Model):
    """A kind of publication (press release, statement, interview …).

    Editors extend the list under Snippets → Publication kinds; each item names its kind.
    """

    name = models.CharField(_("name"), max_length=80, help_text=_("Singular, e.g. “Statement”."))
    plural_name = models.CharField(
        _("plural name"), max_length=80, help_text=_("Used in summaries, e.g. “statements”.")
    )
    slug = models.SlugField(
        _("slug"), max_length=80, help_text=_("Used in archive filter links, e.g. “statement”.")
    )

    panels = [FieldPanel("name"), FieldPanel("plural_name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("publication kind")
        verbose_name_plural = _("publication kinds")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_kind_slug_per_locale")
        ]

    def __str__(self):
        return self.name


class PublicationQuerySet(PageQuerySet):
    def private_q(self):
        """Wagtail's rule (pages in a restricted section are private), with the restricted
        sections read once per content generation instead of by every list."""
        q = Q()
        for page in memo.get("restricted-sections", restricted_sections):
            q |= self.descendant_of_q(page, inclusive=True)
        return q if q else Q(pk__in=[])

    def listed(self):
        """What readers may see in lists: live, not behind a privacy restriction, not withdrawn."""
        return self.live().public().not_withdrawn()

    def not_withdrawn(self):
        return self.filter(withdrawn_at__isnull=True)

    def withdrawn(self):
        """Withdrawn items: still at their URLs with a notice, but in no list."""
        return self.filter(withdrawn_at__isnull=False)

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def pinned_at(self, moment: dt.datetime):
        """Items pinned to the front page whose pin has not expired at `moment`."""
        return self.filter(pinned=True).filter(
            Q(pinned_until__isnull=True) | Q(pinned_until__gt=moment)
        )

    def published_between(self, start: dt.datetime, end: dt.datetime):
        """Items whose publication time is in [start, end)."""
        return self.filter(published_at__gte=start, published_at__lt=end)

    def for_listing(self):
        """Only what a `DD.MM.YYYY - Title` + lead row needs: never the whole body."""
        return self.only(
            "id",
            "title",
            "slug",
            "url_path",
            "path",
            "depth",
            "locale_id",
            "published_at",
            "lead_text",
            "live",
            "last_updated_at",
        )


PublicationManager = PageManager.from_queryset(PublicationQuerySet)


def restricted_sections() -> list[Page]:
    """The pages that carry a view restriction (each closes its whole section)."""
    return [r.page for r in PageViewRestriction.objects.select_related("page")]


def month_bounds(year: int, month: int, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of the month and of the next one, in `zone`."""
    start = dt.datetime(year, month, 1, tzinfo=zone)
    end = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    return start, end


def year_bounds(year: int, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)


def valid_year(year: int) -> bool:
    """Years the archive has addresses for."""
    return 1900 <= year <= 9998


class NewsIndexPage(ReadersMemoMixin, RoutablePageMixin, Page):
    """The archive of all publications ("All messages"), with year and month archives.

    Publications are created as children of this page.
    """

    template = "pages/news_index_page.html"

    parent_page_types = ["home.HomePage"]
    subpage_types = ["newsroom.PublicationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news archive")

    def permissions_for_user(self, user):
        return NewsArchivePermissionTester(user, self)

    def publications(self):
        return PublicationPage.objects.child_of(self).listed()

    def zone(self, request):
        return MissionSettings.for_request(request).reference_zone

    def archive_filter(self, request, period=None):
        """The reader's filters from the query string; 400 or 404 for bad ones."""
        # Imported here: the filters module builds on this one.
        from .filters import ArchiveFilter

        return ArchiveFilter.from_params(
            request.GET, locale=self.locale, zone=self.zone(request), period=period
        )

    def filtered_publications(self, archive_filter):
        """What `archive_filter` lists: this archive's items, or with `language=` those of
        this archive's translation into that language."""
        index = self
        if archive_filter.other_language:
            index = self.get_translation_or_none(archive_filter.locale)
            if index is None or not index.live:
                # Nothing: this archive has no children in another language. (A queryset,
                # not .none(), so callers can still compile and key it.)
                index = self
                return archive_filter.apply(
                    PublicationPage.objects.child_of(index)
                    .listed()
                    .filter(locale=archive_filter.locale)
                )
        return archive_filter.apply(PublicationPage.objects.child_of(index).listed())

    @re_path(r"^$")
    def archive(self, request):
        """Every item, newest first, ten a page, with numbered page links and filters.

        A year or month chosen in the filter form redirects to the year or month archive,
        so each period has one citable address.
        """
        archive_filter = self.archive_filter(request)
        if archive_filter.year:
            query = archive_filter.query_string()
            path = f"{self.get_url(request)}{archive_filter.period_path()}"
            return HttpResponsePermanentRedirect(f"{path}?{query}" if query else path)
        query = archive_filter.query_string()
        directory = ArchiveDirectory(
            self.filtered_publications(archive_filter),
            ARCHIVE_PAGE_SIZE,
            # This archive and the filter's canonical query name the list exactly.
            signature=f"{self.pk}?{query}",
        )
        count = directory.count()
        total = page_count(count, ARCHIVE_PAGE_SIZE)
        number = requested_page(request.GET.get("page"), total)
        return self.render(
            request,
            context_overrides={
                "items": directory.page(number),
                "window": page_window(number, total),
                "page_link_prefix": f"?{query}&page=" if query else "?page=",
                **self.listing_context(request, archive_filter, count),
            },
        )

    @re_path(r"^(\d{4})/$", name="year")
    def year_archive(self, request, year):
        """Everything published in one year: a citable list that never shifts."""
        year = int(year)
        if not valid_year(year):
            raise Http404
        return self._period(request, year, None)

    @re_path(r"^(\d{4})/(\d{2})/$", name="month")
    def month_archive(self, request, year, month):
        """Everything published in one month: the citable form of the archive."""
        year, month = int(year), int(month)
        if not (valid_year(year) and 1 <= month <= 12):
            raise Http404
        return self._period(request, year, month)

    def _period(self, request, year, month):
        archive_filter = self.archive_filter(request, period=(year, month))
        rows = memo.get(
            ("period", self.pk, archive_filter.zone, archive_filter.query_string(with_period=True)),
            lambda: list(self.filtered_publications(archive_filter).newest_first().for_listing()),
        )
        extra = {"year": year}
        if month:
            extra["month_start"] = archive_filter.bounds()[0]
        return self.render(
            request,
            context_overrides={
                "items": rows,
                "period": True,
                **extra,
                **self.listing_context(request, archive_filter, len(rows)),
            },
            template="pages/news_period.html",
        )

    def listing_context(self, request, archive_filter, count):
        """The summary, the filter form's choices and the month archives of a list."""
        # The month links keep the reader's other filters, and count what they will list.
        across_periods = archive_filter.without("year")
        query = across_periods.query_string()
        # Both change only when content does: kept under the content generation.
        key = f"archive-nav:{current_generation()}:{self.pk}:{archive_filter.zone}:{query}"

        def navigation():
            found = cache.get(key)
            if found is None:
                months = month_counts(
                    self.filtered_publications(across_periods), archive_filter.zone
                )
                found = (months, filter_choices(self, self.publications(), months))
                cache.set(key, found)
            return found

        months, choices = memo.get(key, navigation)
        base = self.get_url(request)

        def month_archives():
            links = [
                (
                    year,
                    [
                        (start, n, f"{base}{start:%Y/%m}/{'?' + query if query else ''}")
                        for start, n in in_year
                    ],
                )
                for year, in_year in group_by_year(months)
            ]
            return render_to_string("components/month_archives.html", {"month_archives": links})

        # Decades of archive are hundreds of month links: rendered once per generation and
        # language, so a list page costs the same however old the archive is.
        month_archives_html = memo.get(
            (key, "month-archives", get_language(), base), month_archives
        )
        return {
            "feed_links": self.feed_links(request, archive_filter),
            "archive_filter": archive_filter,
            "summary": archive_filter.summary(count),
            "filter_choices": choices,
            "month_archives": month_archives_html,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Month and year archives never change, so they too point readers to the live feeds.
        context["feed_links"] = self.feed_links(request)
        return context

    def feed_links(self, request, archive_filter=None):
        """Autodiscovery links to this archive's feeds, with the list's filters (kind, topic,
        language, period) in their URLs, so each lists exactly what the list does.

        A year or month archive also points to the live feed of its other filters: its own
        period's feed will not change again, and readers subscribing want what comes next.
        """
        url = self.get_url(request) + self.reverse_subpage("feed", args=["rss"]).removesuffix(
            "rss/"
        )
        kind = archive_filter.kind if archive_filter else None
        if kind is not None:
            kind = kind.get_translation_or_none(self.locale) or kind
        title = feeds.feed_title(self.title, kind)
        if archive_filter is None:
            return feeds.feed_links(url, title)
        links = []
        if archive_filter.year:
            start = archive_filter.bounds()[0].astimezone(archive_filter.zone)
            period = date_format(start, "F Y" if archive_filter.month else "Y")
            links += feeds.feed_links(
                url, f"{title}, {period}", archive_filter.params(with_period=True)
            )
        return links + feeds.feed_links(url, title, archive_filter.params())

    @re_path(r"^feeds/(rss|atom|json)/$", name="feed")
    def feed(self, request, fmt):
        """The newest publications as RSS 2.0, Atom or JSON Feed.

        Takes the archive's filters (`kind`, `year`, `month`, `topic`, `language`; see
        filters.py) and lists what the archive would with them; `?content=lead` gives leads
        without bodies.
        """
        content = request.GET.get("content", "full")
        if content not in feeds.CONTENT_MODES:
            return HttpResponseBadRequest(str(_("content must be “full” or “lead”.")))
        archive_filter = self.archive_filter(request)
        items = self.filtered_publications(archive_filter)
        kind = archive_filter.kind
        if kind is not None:
            kind = kind.get_translation_or_none(archive_filter.locale) or kind
        items = items.newest_first().select_related("kind")
        if content == "lead":
            items = items.defer_streamfields()
        site = Site.find_for_request(request)
        mission = MissionSettings.for_request(request) if site else None
        mission_name = (
            mission.texts_in(archive_filter.locale.language_code).mission_name if mission else ""
        )
        author = mission_name or (site.site_name if site else "") or self.title
        feed_url = request.build_absolute_uri()
        channel = feeds.FeedChannel(
            title=feeds.feed_title(mission_name or self.title, kind),
            link=self.get_full_url(request),
            feed_url=feed_url,
            description=feeds.feed_title(self.title, kind),
            language=archive_filter.locale.language_code,
            author=author,
            host=request.get_host().split(":")[0],
        )
        document = feeds.build_feed(
            fmt, channel, items[: feeds.FEED_SIZE], content == "full", request
        )
        response = HttpResponse(content_type=document.content_type)
        document.write(response, "utf-8")
        return response


def month_counts(publications, zone) -> list[tuple[dt.datetime, int]]:
    """(first moment of the month in `zone`, number of items) for each month with items,
    newest first."""
    rows = (
        publications.order_by()
        .annotate(month=TruncMonth("published_at", tzinfo=zone))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("-month")
    )
    return [(row["month"].astimezone(zone), row["n"]) for row in rows]


def group_by_year(months):
    """[(year, [(month, n), …]), …] in the order given."""
    years = {}
    for start, n in months:
        years.setdefault(start.year, []).append((start, n))
    return list(years.items())


def filter_choices(index, publications, months) -> dict:
    """What the archive's filter form offers: only values that list something."""
    kind_keys = publications.order_by().values("kind__translation_key").distinct()
    kinds = PublicationKind.objects.filter(translation_key__in=kind_keys)
    own = {kind.translation_key: kind for kind in kinds if kind.locale_id == index.locale_id}
    other = {kind.translation_key: kind for kind in kinds}
    listed = sorted({**other, **own}.values(), key=lambda kind: kind.name.lower())
    topics = (
        Tag.objects.filter(
            newsroom_publicationtag_items__content_object__in=publications.order_by().values("pk")
        )
        .distinct()
        .order_by("name")
    )
    return {
        "kinds": listed,
        "years": sorted({start.year for start, _n in months}, reverse=True),
        "months": list(MONTHS.items()),
        "topics": list(topics),
        "languages": list(settings.LANGUAGES),
    }


class PublicationTag(TaggedItemBase):
    """Links a publication to a topic (a tag), for the archive's topic filter."""

    content_object = ParentalKey(
        "newsroom.PublicationPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class PublicationPage(ReadersMemoMixin, Page):
    """One press release, statement, interview, speech or other item of the newsroom."""

    template = "pages/publication_page.html"

    kind = models.ForeignKey(
        PublicationKind,
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("kind"),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("The lead shown in lists. Leave empty to use the first paragraph."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"))
    published_at = models.DateTimeField(
        _("date and time of publication"),
        default=timezone.now,
        db_index=True,
        help_text=_("The date and time readers see on the item and in lists."),
    )
    source_name = models.CharField(
        _("source name"),
        max_length=255,
        blank=True,
        help_text=_("For republished items, e.g. “Ministry of Foreign Affairs”."),
    )
    source_url = models.URLField(_("original URL"), max_length=500, blank=True)
    source_published_at = models.DateTimeField(
        _("original publication time"), null=True, blank=True
    )
    pinned = models.BooleanField(
        _("pinned to the front page"),
        default=False,
        help_text=_("Pinned items are shown in full at the top of the front page."),
    )
    pinned_until = models.DateTimeField(
        _("pinned until"), null=True, blank=True, help_text=_("Leave empty to keep it pinned.")
    )
    tags = ClusterTaggableManager(
        verbose_name=_("topics"),
        through=PublicationTag,
        blank=True,
        help_text=_(
            "Short topic words readers can filter the archive by, e.g. “culture”, “visas”. "
            "Topics are shared by all languages: keep the same words in every translation."
        ),
    )
    # Kept in step with summary and body on save, so lists never load whole bodies.
    lead_text = models.TextField(editable=False, blank=True)

    # Corrections: written with each change to a live item, carried in its revision, and
    # turned into a PublicationUpdate when that revision is published.
    minor_change = models.BooleanField(
        _("minor change"),
        default=False,
        help_text=_("A typo or similar fix readers need not be told about."),
    )
    change_note = models.TextField(
        _("public change note"),
        blank=True,
        help_text=_(
            "What changed, for readers, e.g. “Corrected the date of the reception.” "
            "Shown on the item as “Updated …”."
        ),
    )
    # Facts about the item as a whole, not one revision: kept when a revision is published
    # (see with_content_json), set by the editorial actions.
    last_updated_at = models.DateTimeField(
        _("last updated at"), null=True, blank=True, editable=False
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, editable=False)

    objects = PublicationManager()
    base_form_class = PublicationPageForm
    parent_page_types = ["newsroom.NewsIndexPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("published_at"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                FieldPanel("source_name"),
                FieldPanel("source_url"),
                FieldPanel("source_published_at"),
            ],
            heading=_("Republished from"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("pinned"), FieldPanel("pinned_until")])],
            heading=_("Front page"),
        ),
        MultiFieldPanel(
            [FieldPanel("minor_change"), FieldPanel("change_note")],
            heading=_("Changing a live item"),
            help_text=_(
                "When the item is already live, tick “minor change” or write a public note."
            ),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("published_at"),
        index.FilterField("kind"),
        # listed() excludes withdrawn items, and search filters by it on PostgreSQL.
        index.FilterField("withdrawn_at"),
    ]

    # What the public JSON API (/api/v2/publications/) shows of each item.
    api_fields = [
        APIField("published_at"),
        APIField("modified_at"),
        APIField("kind", serializer=PublicationKindSerializer()),
        APIField("lead"),
        APIField("body"),
        APIField("source_name"),
        APIField("source_url"),
        APIField("source_published_at"),
    ]

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [
            # The front page asks for pinned items on every render; without this index the
            # database walks the whole archive to find the few that are pinned.
            models.Index(
                fields=["-published_at"], condition=Q(pinned=True), name="pinned_newest_first"
            ),
        ]

    # Not reverted by publishing an older revision: they describe the item as a whole.
    KEPT_ACROSS_REVISIONS = ("last_updated_at", "withdrawn_at", "withdrawal_reason")

    def permissions_for_user(self, user):
        return PublicationPermissionTester(user, self)

    def with_content_json(self, content):
        # https://docs.wagtail.org/en/stable/reference/pages/model_reference.html#wagtail.models.Page.with_content_json
        obj = super().with_content_json(content)
        for name in self.KEPT_ACROSS_REVISIONS:
            setattr(obj, name, getattr(self, name))
        return obj

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def updated_at(self):
        """When readers were last told of a change, else when it was published (for feeds)."""
        return self.last_updated_at or self.published_at

    def clean(self):
        super().clean()
        if self.source_url and not self.source_name:
            raise ValidationError({"source_name": _("Name the source of a republished item.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # last_updated_at is set with the first update, so unchanged items cost no query.
        context["updates"] = list(self.updates.newest_first()) if self.last_updated_at else []
        # The request's site and mission are cached on it, so this costs no extra query.
        site = Site.find_for_request(request)
        if site is not None:
            publisher = MissionSettings.for_request(request).local_mission_name or site.site_name
            context["structured_data"] = news_article(
                self,
                url=self.get_full_url(request),
                language=get_language(),
                publisher_name=publisher or self.title,
                publisher_url=f"{site.root_url}/",
            )
        return context

    def save(self, *args, **kwargs):
        self.lead_text = self.compute_lead()
        return super().save(*args, **kwargs)

    def compute_lead(self) -> str:
        """The summary if there is one, else the first paragraph of the body."""
        if self.summary.strip():
            return " ".join(self.summary.split())
        for block in self.body:
            if block.block_type == "paragraph":
                text = first_paragraph(block.value.source)
            elif block.block_type == "question_answer":
                text = first_paragraph(block.value["question"].source)
            else:
                continue
            if text:
                return text
        return ""

    @property
    def lead(self) -> str:
        return self.lead_text or self.compute_lead()

    @cached_property
    def local_kind(self) -> PublicationKind:
        """The kind in this publication's language: a translation made by copying still points
        at its source's kind, so its name would otherwise be in the source's language."""
        if self.kind.locale_id == self.locale_id:
            return self.kind
        return self.kind.get_translation_or_none(self.locale_id) or self.kind

    @property
    def is_republished(self) -> bool:
        return bool(self.source_name or self.source_url)

    @property
    def modified_at(self) -> dt.datetime:
        """When readers were last given a changed version: the publication time, or the time a
        revision was last published if it was published again after its first publishing."""
        first, last = self.first_published_at, self.last_published_at
        if first and last and last > first and last > self.published_at:
            return last
        return self.published_at

    def tag_uri(self, host: str) -> str:
        """A permanent identifier for feeds (RFC 4151), kept when the slug changes."""
        return f"tag:{host},{self.published_at:%Y-%m-%d}:publication/{self.pk}"

    @cached_property
    def canonical_url(self):
        """Where search engines should look: the original for republished items."""
        return self.source_url or self.full_url


class PublicationUpdateQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-published_at", "-pk")


class PublicationUpdate(models.Model):
    """A public "Updated DD.MM.YYYY HH:MM: note" line on an item, one per non-minor change.

    Created when a change with a public note is published; editors write the note in the
    item's "Changing a live item" panel.
    """

    page = models.ForeignKey(
        PublicationPage, on_delete=models.CASCADE, related_name="updates", verbose_name=_("item")
    )
    revision = models.OneToOneField(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("revision"),
    )
    published_at = models.DateTimeField(_("published at"))
    note = models.TextField(_("note"))

    objects = PublicationUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication update")
        verbose_name_plural = _("publication updates")

    def __str__(self):
        return self.note
