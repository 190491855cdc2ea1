"""Sitemaps of the current language's public pages, in sections of at most 50,000 URLs.

`/LANG/sitemap.xml` is a sitemap index; it names `/LANG/sitemap-pages.xml` (front page,
archive, other pages) and `/LANG/sitemap-publications.xml?p=N` (every publication, in
pages of SITEMAP_LIMIT). https://www.sitemaps.org/protocol.html#index
"""

from collections import defaultdict

from django.conf import settings
from django.db.models import Max
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from chancery.newsroom.models import PublicationPage

# The sitemaps protocol's maximum number of URLs in one file.
SITEMAP_LIMIT = 50_000
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
        alternates = [
            {"lang_code": page.locale.language_code, "location": page.get_full_url(request)}
            for page in found
        ]
        alternates = [alternate for alternate in alternates if alternate["location"]]
        if len(alternates) < 2:
            continue
        default = next((a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE), None)
        if default is not None:
            alternates.append({"lang_code": "x-default", "location": default["location"]})
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


SECTIONS = {"pages": PagesSitemap, "publications": PublicationsSitemap}
