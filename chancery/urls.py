from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import Http404, HttpResponseRedirect
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from chancery.accounts import views as accounts_views
from chancery.api.views import router as api_router
from chancery.embargo import views as embargo_views
from chancery.search import views as search_views
from chancery.seo import views as seo_views


def root_redirect(request):
    """`/` sends readers to the front page in the default language."""
    return HttpResponseRedirect(f"/{settings.LANGUAGE_CODE}/")


def no_error_test(request):
    """Wagtail's /admin/failwhale/ raises an error on purpose for any editor, to try error
    reporting; here it does not exist, so no editor can fill the error log at will."""
    raise Http404


urlpatterns = [
    path("", root_redirect, name="root"),
    path("admin/failwhale/", no_error_test),
    # Before Wagtail's admin URLs: its sign-in leads to the second step (chancery.accounts).
    path("admin/login/", accounts_views.LoginView.as_view(), name="wagtailadmin_login"),
    path("admin/two-step/", include("chancery.accounts.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", seo_views.robots_txt, name="robots-txt"),
]

urlpatterns += i18n_patterns(
    # Before Wagtail's catch-all, which would otherwise read it as a page path.
    path("embargo/<str:token>/", embargo_views.preview, name="embargo_preview"),
    path("search/", search_views.search, name="search"),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", seo_views.sitemap_index, name="sitemap-index"),
    path("sitemap-<slug:section>.xml", seo_views.sitemap_section, name="sitemap-section"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "chancery.core.views.bad_request"
