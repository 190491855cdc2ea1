"""The editorial actions in Wagtail's admin: menu, page buttons, audit log, translators' limits."""

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter

from chancery.newsroom.models import PublicationPage

from . import urls
from .enums import LogAction
from .roles import (
    FORCE_PUBLISH_PERMISSION,
    WITHDRAW_PERMISSION,
    is_last_editor,
    may_touch,
)


@hooks.register("register_admin_urls")
def register_urls():
    return [path("editorial/", include(urls, namespace="editorial"))]


class NeedsReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(FORCE_PUBLISH_PERMISSION)


@hooks.register("register_admin_menu_item")
def needs_review_menu_item():
    return NeedsReviewMenuItem(
        gettext_lazy("Needs review after publishing"),
        reverse("editorial:needs_review"),
        name="needs-review",
        icon_name="warning",
        order=250,
    )


@hooks.register("register_permissions")
def editorial_permissions():
    return Permission.objects.filter(content_type__app_label="editorial")


def editorial_buttons(page, user, priority):
    """Buttons for a publication: publish with a reason, withdraw."""
    if not isinstance(page.specific_deferred, PublicationPage):
        return
    page = page.specific
    perms = page.permissions_for_user(user)
    if not perms.can_edit() or perms.page_locked():
        return
    has_draft = page.get_latest_revision() is not None and (
        not page.live or page.has_unpublished_changes
    )
    if has_draft and user.has_perm(FORCE_PUBLISH_PERMISSION):
        yield Button(
            _("Publish without second approval…"),
            reverse("editorial:force_publish", args=[page.pk]),
            icon_name="warning",
            priority=priority,
        )
    if page.live and not page.is_withdrawn and user.has_perm(WITHDRAW_PERMISSION):
        yield Button(
            _("Withdraw…"),
            reverse("editorial:withdraw", args=[page.pk]),
            icon_name="cross",
            priority=priority + 1,
        )


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    yield from editorial_buttons(page, user, priority=55)


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    yield from editorial_buttons(page, user, priority=45)


# Translators edit translations only: the testers hide the buttons, these refuse the views.
@hooks.register("before_edit_page")
def translators_keep_out_of_source_edit(request, page):
    if not may_touch(request.user, page):
        raise PermissionDenied


@hooks.register("before_create_page")
def translators_keep_out_of_source_create(request, parent_page, page_class):
    if not may_touch(request.user, parent_page):
        raise PermissionDenied


@hooks.register("before_delete_page")
def translators_keep_out_of_source_delete(request, page):
    if not may_touch(request.user, page):
        raise PermissionDenied


@hooks.register("after_edit_page")
def explain_refused_self_approval(request, page):
    """A reviewer who changed the text and pressed Approve: their version needs someone else."""
    if request.POST.get("workflow-action-name") != "approve":
        return
    if page.workflow_in_progress and is_last_editor(page, request.user):
        messages.warning(
            request,
            _(
                "Your changes are saved but not approved: you are now this item's last "
                "editor, so another press secretary must approve it."
            ),
        )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    class ReasonFormatter(LogFormatter):
        def format_comment(self, log_entry):
            return log_entry.data.get("reason", "")

    @actions.register_action(LogAction.FORCE_PUBLISH.value)
    class ForcePublishFormatter(ReasonFormatter):
        label = LogAction.FORCE_PUBLISH.label
        message = gettext_lazy("Published without a second approval")

    @actions.register_action(LogAction.FORCE_PUBLISH_CONFIRM.value)
    class ConfirmFormatter(ReasonFormatter):
        label = LogAction.FORCE_PUBLISH_CONFIRM.label
        message = gettext_lazy("Publication without a second approval confirmed")

    @actions.register_action(LogAction.WITHDRAW.value)
    class WithdrawFormatter(ReasonFormatter):
        label = LogAction.WITHDRAW.label
        message = gettext_lazy("Withdrawn")

    @actions.register_action(LogAction.CORRECTION.value)
    class CorrectionFormatter(LogFormatter):
        label = LogAction.CORRECTION.label
        message = gettext_lazy("Published a correction")

        def format_comment(self, log_entry):
            return log_entry.data.get("note", "")

    actions.register_action(
        LogAction.MINOR_CHANGE.value,
        LogAction.MINOR_CHANGE.label,
        gettext_lazy("Published a minor change"),
    )
