"""The public embargoed preview, and the admin screens that issue, list and revoke links."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.log_actions import log
from wagtail.models import Page

from chancery.core.network import client_ip
from chancery.editorial.roles import holds_publish_permission
from chancery.pagecache import memo

from .enums import LinkState
from .forms import IssueLinkForm
from .models import EmbargoLink, EmbargoOpen, scheduled_go_live
from .tokens import looks_like_token

PRIVATE_HEADERS = {
    # Never stored by a browser, proxy or the page cache; never indexed; and the secret URL
    # is not sent on as a Referer when the reader follows a link in the item.
    "X-Robots-Tag": "noindex, nofollow, noarchive",
    "Referrer-Policy": "no-referrer",
}


def make_private(response):
    patch_cache_control(response, private=True, no_store=True)
    for name, value in PRIVATE_HEADERS.items():
        response[name] = value
    return response


def preview(request, token):
    """An embargoed item for the holder of its secret link, with an "Embargoed until" banner.

    The item shown is the scheduled revision: the version approved to go live.
    """
    if not looks_like_token(token):
        raise Http404
    link = EmbargoLink.objects.for_token(token).select_related("page").first()
    if link is None:
        raise Http404
    now = timezone.now()
    state = link.state_at(now)
    EmbargoOpen.objects.create(
        link=link,
        opened_at=now,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        shown=state == LinkState.OPEN,
    )
    page = link.page.specific
    if state == LinkState.PUBLISHED and page.get_view_restrictions().count() == 0:
        # The item is public now: send the reader to it.
        return make_private(HttpResponseRedirect(page.url))
    if state != LinkState.OPEN:
        response = TemplateResponse(
            request, "embargo/unavailable.html", {"state": state}, status=410
        )
        return make_private(response.render())

    item = page.get_scheduled_revision_as_object()
    # Not the live content: nothing of it may be kept for the public page (pagecache.memo).
    with translation.override(page.locale.language_code), memo.suspended():
        context = item.get_context(request)
        context.update(
            embargo_until=scheduled_go_live(page),
            embargo_link=link,
            page_template=item.get_template(request),
        )
        response = TemplateResponse(request, "embargo/preview.html", context).render()
    return make_private(response)


def _publishable_page(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not holds_publish_permission(request.user, page):
        raise PermissionDenied
    return page


def preview_url(request, page, token):
    with translation.override(page.locale.language_code):
        path = reverse("embargo_preview", args=[token])
    site = page.get_site()
    return f"{site.root_url}{path}" if site else request.build_absolute_uri(path)


def page_links(request, page_id):
    """Admin: the links of one scheduled item, a form to issue another, and every open."""
    page = _publishable_page(request, page_id)
    issued_url = None
    if request.method == "POST":
        form = IssueLinkForm(request.POST, page=page)
        if form.is_valid():
            data = form.cleaned_data
            link, token = EmbargoLink.issue(
                page=page,
                user=request.user,
                expires_at=data["expires_at"],
                recipient_name=data["recipient_name"],
                recipient_organisation=data["recipient_organisation"],
                recipient_email=data["recipient_email"],
            )
            log(
                instance=page,
                action="chancery.embargo.issue",
                user=request.user,
                data={"link": link.pk, "recipient": str(link), "expires_at": str(link.expires_at)},
            )
            issued_url = preview_url(request, page, token)
            form = IssueLinkForm(page=page)
    else:
        form = IssueLinkForm(page=page)

    now = timezone.now()
    links = list(page.embargo_links.newest_first().prefetch_related("opens"))
    for link in links:
        link.state = link.state_at(now)
    return TemplateResponse(
        request,
        "embargo/admin/page_links.html",
        {
            "page": page,
            "form": form,
            "links": links,
            "go_live": scheduled_go_live(page),
            "issued_url": issued_url,
            "zone_name": timezone.get_current_timezone_name(),
        },
    )


@require_POST
def revoke(request, link_id):
    """Admin: stop a link working at once."""
    link = get_object_or_404(EmbargoLink, pk=link_id)
    page = _publishable_page(request, link.page_id)
    if link.revoked_at is None:
        link.revoke(request.user)
        log(
            instance=page,
            action="chancery.embargo.revoke",
            user=request.user,
            data={"link": link.pk, "recipient": str(link)},
        )
        messages.success(request, _("The link for %(recipient)s is revoked.") % {"recipient": link})
    return redirect("embargo_admin:page_links", page.pk)


def index(request):
    """Admin: every embargo link on items the user may publish, newest first."""
    now = timezone.now()
    links = (
        EmbargoLink.objects.newest_first()
        .select_related("page")
        .annotate(open_count=Count("opens"), last_open=Max("opens__opened_at"))[:300]
    )
    visible = []
    for link in links:
        if holds_publish_permission(request.user, link.page):
            link.state = link.state_at(now)
            visible.append(link)
    return TemplateResponse(
        request,
        "embargo/admin/index.html",
        {"links": visible, "zone_name": timezone.get_current_timezone_name()},
    )
