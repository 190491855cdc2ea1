"""The public, read-only JSON API of publications (Wagtail's API v2).

`/LANG/api/v2/publications/` lists the publications of that language that readers may see on
the site, newest first by default; `/LANG/api/v2/publications/<id>/` is one item with its
body. Only GET: nothing can be written.
https://docs.wagtail.org/en/stable/advanced_topics/api/v2/usage.html
"""

from rest_framework.renderers import JSONRenderer
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Site

from chancery.newsroom.models import PublicationPage


class EscapedJSONRenderer(JSONRenderer):
    """JSON with <, > and & written as \\u escapes.

    Error messages quote the reader's own query parameters; escaped, they can never be
    read as markup by anything that sniffs or embeds the response.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        body = super().render(data, accepted_media_type, renderer_context)
        return body.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")


class PublicationsAPIViewSet(PagesAPIViewSet):
    """Publications with the visibility rules of the pages: live, public, listed."""

    model = PublicationPage
    name = "publications"
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "title",
        "published_at",
        "kind",
        "lead",
    ]
    # `type` picks other page models; this endpoint serves publications only.
    known_query_parameters = PagesAPIViewSet.known_query_parameters - {"type"}
    # JSON only: DRF's browsable HTML pages would need inline scripts that the site's
    # Content-Security-Policy forbids.
    renderer_classes = [EscapedJSONRenderer]

    def get_queryset(self):
        visible = self.get_base_queryset().values_list("pk", flat=True)
        home = Site.find_for_request(self.request).root_page.localized
        queryset = PublicationPage.objects.listed().descendant_of(home).filter(pk__in=visible)
        if "order" not in self.request.GET:
            queryset = queryset.newest_first()
        return queryset


router = WagtailAPIRouter("chancery_api")
router.register_endpoint("publications", PublicationsAPIViewSet)
