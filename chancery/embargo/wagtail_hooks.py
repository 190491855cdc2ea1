from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from chancery.editorial.roles import holds_publish_permission

from . import urls


@hooks.register("register_admin_urls")
def register_embargo_urls():
    return [path("embargo/", include(urls, namespace="embargo_admin"))]


@hooks.register("register_admin_menu_item")
def register_embargo_menu_item():
    return MenuItem(_("Embargo links"), reverse("embargo_admin:index"), icon_name="lock", order=350)


def embargo_button(page, user, priority):
    if page.live or not holds_publish_permission(user, page):
        return None
    return Button(
        _("Embargo links"),
        reverse("embargo_admin:page_links", args=[page.pk]),
        icon_name="lock",
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def page_header_embargo_button(page, user, view_name, next_url=None):
    button = embargo_button(page, user, priority=62)
    if button:
        yield button


@hooks.register("register_page_listing_more_buttons")
def page_listing_embargo_button(page, user, next_url=None):
    button = embargo_button(page, user, priority=45)
    if button:
        yield button


@hooks.register("register_log_actions")
def register_embargo_log_actions(actions):
    actions.register_action(
        "chancery.embargo.issue", _("Issue embargo link"), _("Embargo link issued")
    )
    actions.register_action(
        "chancery.embargo.revoke", _("Revoke embargo link"), _("Embargo link revoked")
    )
