"""Sitemaps of the current language's public pages, in sections of at most 50,000 URLs.

`/LANG/sitemap.xml` is a sitemap index; it names `/LANG/sitemap-pages.xml` (front page,
archive, other pages) and `/LANG/sitemap-publications.xml?p=N` (every publication, in
pages of SITEMAP_LIMIT). https://www.sitemaps.org/protocol.html#index
"""

import re
from collections import defaultdict
from xml.sax.saxutils import escape

from django.db.models import CharField, Exists, Max, OuterRef, Q
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.http import Http404
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from chancery.languages.links import hreflang_set
from chancery.newsroom.models import PublicationPage

# The sitemaps protocol's maximum number of URLs in one file.
SITEMAP_LIMIT = 50_000
# What XML text and attribute values must not hold raw.
SPECIAL = re.compile(r'[&<>"]')
QUOTE = {'"': "&quot;"}
# Translation keys asked for in one query (SQLite allows a limited number of parameters).
ALTERNATES_BATCH = 500


def add_alternates(urls, request):
    """Gives each URL whose page has live, public translations its `hreflang` alternates
    (every language's version, itself included, and x-default for the default language),
    which Django's sitemap template writes as `<xhtml:link>`:
    https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap

    One query per ALTERNATES_BATCH pages, however many languages there are.
    """
    keys = list({url["item"].translation_key for url in urls})
    versions = defaultdict(list)
    for start in range(0, len(keys), ALTERNATES_BATCH):
        pages = (
            Page.objects.live()
            .public()
            .filter(translation_key__in=keys[start : start + ALTERNATES_BATCH])
            .select_related("locale")
            .order_by("path")
        )
        for page in pages:
            versions[page.translation_key].append(page)
    for url in urls:
        found = versions.get(url["item"].translation_key, [])
        versions_of_page = [
            (page.locale.language_code, location)
            for page in found
            if (location := page.get_full_url(request))
        ]
        alternates = [
            {"lang_code": code, "location": location}
            for code, location in hreflang_set(versions_of_page)
        ]
        if not alternates:
            continue
        url["alternates"] = alternates
    return urls


class LanguageSitemap(Sitemap):
    """Pages below the front page of the language being served."""

    limit = SITEMAP_LIMIT

    def home(self):
        return self.get_wagtail_site().root_page.localized

    def _urls(self, page, protocol, domain):
        urls = [
            {"item": item, "location": self.location(item), "lastmod": self.lastmod(item)}
            for item in self.paginator.page(page).object_list
        ]
        if urls and None not in (url["lastmod"] for url in urls):
            self.latest_lastmod = max(url["lastmod"] for url in urls)
        return add_alternates(urls, self.request)


class PagesSitemap(LanguageSitemap):
    """Every public, live page of this language that is not a publication."""

    def items(self):
        return (
            self.home()
            .get_descendants(inclusive=True)
            .live()
            .public()
            .not_type(PublicationPage)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )


class PublicationsSitemap(LanguageSitemap):
    """Every publication readers may see, oldest first so that earlier files stay stable."""

    def items(self):
        return (
            PublicationPage.objects.listed()
            .descendant_of(self.home())
            .order_by("published_at", "pk")
            .defer_streamfields()
        )

    def lastmod(self, obj):
        return obj.updated_at

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item; one aggregate query does instead.
        latest = self.items().aggregate(
            published=Max("published_at"), updated=Max("last_updated_at")
        )
        moments = [moment for moment in latest.values() if moment is not None]
        return max(moments) if moments else None

    def xml(self, page) -> str:
        """File `page` of this sitemap as XML, with the same content as Django's template.

        A file holds up to 50,000 URLs: built from a few columns per item (the path, the
        lastmod date already computed and formatted by the database in the mission's zone,
        the translation key as text) and joined as text, it renders in a fraction of a
        second where a model instance, a URL lookup and a template loop per item took
        seconds. Each URL is its language's front page URL plus the item's path below that
        page, which is how Wagtail builds it too (tests/test_findable.py compares the two).
        The file starts at its first item's key rather than at an OFFSET counted from a
        paginator, and the translations of the language's items, for the hreflang
        alternates, come in one more query that joins in the database.
        """
        number = file_number(page)
        items = self.items()
        if number > 1:
            first = (
                items.values_list("published_at", "pk")[
                    (number - 1) * self.limit : (number - 1) * self.limit + 1
                ]
            ).first()
            if first is None:
                raise Http404(f"No sitemap file {number}")
            published_at, pk = first
            items = items.filter(
                Q(published_at__gt=published_at) | Q(published_at=published_at, pk__gte=pk)
            )
        # Text straight from the database: no date or UUID object per row.
        rows = items.annotate(
            day=Cast(
                TruncDate(
                    Coalesce("last_updated_at", "published_at"),
                    tzinfo=timezone.get_current_timezone(),
                ),
                CharField(),
            ),
            key=Cast("translation_key", CharField()),
        ).values_list("url_path", "day", "key")[: self.limit]
        home = self.home()
        own = home.locale.language_code
        bases = self.language_bases(home)
        versions = defaultdict(list)
        # Only the translations of this language's pages, found by a semi-join on the
        # page table in the database rather than a list of keys sent to it; whether the
        # item itself is listed is settled by the rows above.
        translated = Page.objects.filter(
            locale_id=home.locale_id, translation_key=OuterRef("translation_key")
        )
        for key, code, path in (
            PublicationPage.objects.listed()
            .exclude(locale_id=home.locale_id)
            .filter(Exists(translated))
            .annotate(key=Cast("translation_key", CharField()))
            .values_list("key", "locale__language_code", "url_path")
        ):
            if code in bases:
                versions[key].append((code, url_of(bases[code], path)))
        prefix, cut = bases[own]
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset'
            ' xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
            ' xmlns:xhtml="http://www.w3.org/1999/xhtml">'
        ]
        append = lines.append
        for path, day, key in rows:
            below = path[cut:]
            # Slugs never hold these; a path is escaped all the same if one ever does.
            location = prefix + (escape(below, QUOTE) if SPECIAL.search(below) else below)
            others = versions.get(key)
            if others is None:
                append(f"<url><loc>{location}</loc><lastmod>{day}</lastmod></url>")
                continue
            links = "".join(
                f'<xhtml:link rel="alternate" hreflang="{code}" href="{href}"/>'
                for code, href in hreflang_set(sorted([(own, location), *others]))
            )
            append(f"<url><loc>{location}</loc><lastmod>{day}</lastmod>{links}</url>")
        append("</urlset>\n")
        return "\n".join(lines)

    def language_bases(self, home) -> dict[str, tuple[str, int]]:
        """For each language with a live front page: its escaped full URL and the length
        of its tree path, which item paths start with."""
        homes = (
            Page.objects.live()
            .public()
            .filter(translation_key=home.translation_key)
            .select_related("locale")
        )
        return {
            page.locale.language_code: (escape(url, QUOTE), len(page.url_path))
            for page in homes
            if (url := page.get_full_url(self.request))
        }


def file_number(page) -> int:
    """The number of a sitemap file from the `p` parameter; Http404 if it cannot be one.

    A sitemap index names at most 50,000 files, so no larger number is looked up.
    """
    try:
        number = int(page)
    except (TypeError, ValueError) as error:
        raise Http404(f"No sitemap file {page!r}") from error
    if not 1 <= number <= SITEMAP_LIMIT:
        raise Http404(f"No sitemap file {number}")
    return number


def url_of(base: tuple[str, int], path: str) -> str:
    """An item's escaped URL from its language's base and its tree path."""
    prefix, cut = base
    below = path[cut:]
    # Slugs never hold these; a path is escaped all the same if one ever does.
    return prefix + (escape(below, QUOTE) if SPECIAL.search(below) else below)


SECTIONS = {"pages": PagesSitemap, "publications": PublicationsSitemap}
