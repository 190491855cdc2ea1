"""Translation status in Wagtail's admin: under Reports, for anyone who may edit pages."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls
from .views import may_see_translation_status


@hooks.register("register_admin_urls")
def register_urls():
    return [path("translations/", include(urls, namespace="languages"))]


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_translation_status(request.user)


@hooks.register("register_reports_menu_item")
def translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"),
        reverse("languages:translation_status"),
        name="translation-status",
        icon_name="globe",
        order=50,
    )
