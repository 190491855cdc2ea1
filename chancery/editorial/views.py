"""Admin views: publish without a second approval, review such publications, withdraw."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.log_actions import log
from wagtail.models import Page

from chancery.newsroom.models import PublicationPage

from .enums import LogAction
from .forms import ForcePublishForm, WithdrawForm
from .models import ForcedPublication
from .roles import FORCE_PUBLISH_PERMISSION, WITHDRAW_PERMISSION


def editable_publication(request, page_id, permission):
    """The publication, if this user holds `permission` and may edit it now; else 403/404."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, PublicationPage):
        raise Http404
    perms = page.permissions_for_user(request.user)
    if not request.user.has_perm(permission) or not perms.can_edit() or perms.page_locked():
        raise PermissionDenied
    return page


def explorer_url(page):
    return reverse("wagtailadmin_explore", args=[page.get_parent().pk])


def force_publish(request, page_id):
    """Publish the latest version now, with a written reason, and queue it for review."""
    page = editable_publication(request, page_id, FORCE_PUBLISH_PERMISSION)
    revision = page.get_latest_revision()
    if revision is None or (page.live and not page.has_unpublished_changes):
        messages.warning(request, _("There is nothing unpublished to publish."))
        return redirect(explorer_url(page))
    form = ForcePublishForm(request.POST or None, page=page)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        with transaction.atomic():
            revision.publish(user=request.user, skip_permission_checks=True)
            forced = ForcedPublication.objects.create(
                page=page,
                revision=revision,
                reason=reason,
                forced_by=request.user,
                forced_at=timezone.now(),
            )
            log(
                instance=page,
                action=LogAction.FORCE_PUBLISH,
                user=request.user,
                revision=revision,
                data={"reason": reason, "forced_publication": forced.pk},
            )
        messages.success(
            request,
            _("“%(title)s” was published without a second approval; it awaits review.")
            % {"title": page.get_admin_display_title()},
        )
        return redirect(explorer_url(page))
    return TemplateResponse(
        request,
        "editorial/force_publish.html",
        {"page": page, "form": form, "header_title": _("Publish without a second approval")},
    )


def needs_review(request):
    """Items published without a second approval that no other press secretary confirmed yet."""
    if not request.user.has_perm(FORCE_PUBLISH_PERMISSION):
        raise PermissionDenied
    rows = [
        (forced, forced.can_be_confirmed_by(request.user))
        for forced in ForcedPublication.objects.awaiting_review().select_related(
            "page", "forced_by"
        )
    ]
    return TemplateResponse(
        request,
        "editorial/needs_review.html",
        {"rows": rows, "header_title": _("Needs review after publishing")},
    )


@require_POST
def confirm(request, pk):
    """A second press secretary confirms a forced publication: it leaves the queue."""
    forced = get_object_or_404(ForcedPublication.objects.awaiting_review(), pk=pk)
    if not forced.can_be_confirmed_by(request.user):
        raise PermissionDenied
    forced.confirmed_by = request.user
    forced.confirmed_at = timezone.now()
    with transaction.atomic():
        forced.save(update_fields=["confirmed_by", "confirmed_at"])
        log(
            instance=forced.page.specific,
            action=LogAction.FORCE_PUBLISH_CONFIRM,
            user=request.user,
            data={"reason": forced.reason, "forced_publication": forced.pk},
        )
    messages.success(
        request,
        _("“%(title)s” is confirmed.") % {"title": forced.page.get_admin_display_title()},
    )
    return redirect("editorial:needs_review")


def withdraw(request, page_id):
    """Withdraw a live item: it keeps its URL with a notice and leaves every list."""
    page = editable_publication(request, page_id, WITHDRAW_PERMISSION)
    if not page.live or page.is_withdrawn:
        messages.warning(request, _("Only a live item that is not withdrawn can be withdrawn."))
        return redirect(explorer_url(page))
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        now = timezone.now()
        page.withdrawn_at, page.withdrawal_reason = now, reason
        with transaction.atomic():
            # A save, not a queryset update, so post_save reaches the page cache and the like.
            # `page` is the live version from the database: only these two fields change.
            page.save(update_fields=["withdrawn_at", "withdrawal_reason"], clean=False)
            log(
                instance=page, action=LogAction.WITHDRAW, user=request.user, data={"reason": reason}
            )
        messages.success(
            request,
            _("“%(title)s” is withdrawn.") % {"title": page.get_admin_display_title()},
        )
        return redirect(explorer_url(page))
    return TemplateResponse(
        request,
        "editorial/withdraw.html",
        {"page": page, "form": form, "header_title": _("Withdraw")},
    )
