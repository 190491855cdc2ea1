"""Sitemaps of the current language's public pages, in sections of at most 50,000 URLs.

`/LANG/sitemap.xml` is a sitemap index; it names `/LANG/sitemap-pages.xml` (front page,
archive, other pages) and `/LANG/sitemap-publications.xml?p=N` (every publication, in
pages of SITEMAP_LIMIT). https://www.sitemaps.org/protocol.html#index
"""

from django.db.models import Max
from wagtail.contrib.sitemaps import Sitemap

from chancery.newsroom.models import PublicationPage

# The sitemaps protocol's maximum number of URLs in one file.
SITEMAP_LIMIT = 50_000


class LanguageSitemap(Sitemap):
    """Pages below the front page of the language being served."""

    limit = SITEMAP_LIMIT

    def home(self):
        return self.get_wagtail_site().root_page.localized


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

    def _urls(self, page, protocol, domain):
        urls = [
            {"item": item, "location": self.location(item), "lastmod": self.lastmod(item)}
            for item in self.paginator.page(page).object_list
        ]
        if urls:
            self.latest_lastmod = max(url["lastmod"] for url in urls)
        return urls


SECTIONS = {"pages": PagesSitemap, "publications": PublicationsSitemap}
