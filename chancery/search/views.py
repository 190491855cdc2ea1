"""The search page: full-text search over the publications of the current language."""

from dataclasses import dataclass

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Site

from chancery.core.models import MissionSettings
from chancery.newsroom.filters import ArchiveFilter
from chancery.newsroom.models import (
    ARCHIVE_PAGE_SIZE,
    NewsIndexPage,
    PublicationKind,
    PublicationPage,
)
from chancery.newsroom.paging import page_count, page_window, requested_page

from .backend import search as search_publications
from .query import QueryTooLong, highlight, parse_query


@dataclass(frozen=True)
class Result:
    """One row of results: the publication and its title and lead with the terms marked."""

    page: PublicationPage
    title: str
    lead: str


def search(request):
    """`/LANG/search/?q=…[&page=N]` with the archive's filters (`kind`, `year`, `month`,
    `topic`, `language`): results newest first, ten a page. A word found in very many
    items is counted only so far ("More than 500 publications found"), with as many pages."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    home = site.root_page.localized
    archive = NewsIndexPage.objects.child_of(home).live().first()
    # The same filters as the archive, checked the same way (400 or 404 for bad ones).
    archive_filter = ArchiveFilter.from_params(
        request.GET,
        locale=home.locale,
        zone=MissionSettings.for_request(request).reference_zone,
    )
    kind = archive_filter.kind
    if kind is not None:
        kind = kind.get_translation_or_none(home.locale) or kind
    context = {
        "query": "",
        "results": [],
        "kinds": PublicationKind.objects.filter(locale_id=home.locale_id),
        "kind": kind,
        "archive_filter": archive_filter,
        # The other filters ride along in the form as hidden fields.
        "kept_filters": {
            name: value
            for name, value in archive_filter.params(with_period=True).items()
            if name != "kind"
        },
        "feed_links": archive.feed_links(request, archive_filter) if archive else [],
        "archive": archive,
    }
    raw = request.GET.get("q", "")
    try:
        query = parse_query(raw)
    except QueryTooLong:
        context["error"] = _("That search is too long. Please use a few words.")
        return TemplateResponse(request, "pages/search.html", context, status=400)
    context["query"] = raw
    if archive is not None:
        publications = archive.filtered_publications(archive_filter)
    else:
        publications = archive_filter.apply(PublicationPage.objects.listed().descendant_of(home))
    if not query:
        return TemplateResponse(request, "pages/search.html", context)
    # Newest first, like the archive; `id` breaks ties so pages never overlap.
    found = search_publications(publications.order_by("-published_at", "-id").for_listing(), query)
    total = page_count(found.count, ARCHIVE_PAGE_SIZE)
    number = requested_page(request.GET.get("page"), total)
    offset = (number - 1) * ARCHIVE_PAGE_SIZE
    context["results"] = [
        Result(page=item, title=highlight(item.title, query), lead=highlight(item.lead_text, query))
        for item in found.publications[offset : offset + ARCHIVE_PAGE_SIZE]
    ]
    context["count"] = found.count
    context["more"] = found.more
    if archive_filter.is_filtered and not found.more:
        context["summary"] = archive_filter.summary(found.count)
    context["window"] = page_window(number, total)
    page_params = request.GET.copy()
    page_params.pop("page", None)
    params = page_params.urlencode()
    context["page_link_prefix"] = f"?{params}&page=" if params else "?page="
    return TemplateResponse(request, "pages/search.html", context)
