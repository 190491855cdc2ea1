"""robots.txt and the per-language sitemaps."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import views as sitemap_views

from .sitemaps import SECTIONS, PublicationsSitemap


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    """Crawlers may read every public page; the admin is not for them. Names each sitemap."""
    lines = ["User-agent: *", "Disallow: /admin/", ""]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@cache_control(max_age=900, public=True)
def sitemap_index(request):
    """`/LANG/sitemap.xml`: the index of this language's sitemap files."""
    return sitemap_views.index(request, SECTIONS, sitemap_url_name="sitemap-section")


@cache_control(max_age=900, public=True)
def sitemap_section(request, section):
    """`/LANG/sitemap-<section>.xml[?p=N]`: one file of at most 50,000 URLs."""
    if section == "publications":
        return publications_sitemap(request)
    return sitemap_views.sitemap(request, SECTIONS, section=section)


def publications_sitemap(request):
    """The publications' files, the large ones, written without a template (see xml())."""
    sitemap = PublicationsSitemap(request)
    response = HttpResponse(sitemap.xml(request.GET.get("p", 1)), content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    # The newest change in any file: for a conditional GET, later than needed but never early.
    latest = sitemap.get_latest_lastmod()
    if latest is not None:
        response["Last-Modified"] = http_date(latest.timestamp())
    return response
