"""Shows every time in the reference zone of the mission whose site is being served."""

from functools import cache

from django.http.request import split_domain_port
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Page, Site
from wagtail.users.models import UserProfile
from wagtail.views import serve as wagtail_serve

from chancery.pagecache import memo

from .admin_time import current_mission
from .models import MissionSettings


@cache
def admin_prefix():
    return reverse("wagtailadmin_home")


def find_site(request):
    """The Wagtail site the request is for; for readers, from this generation's memo."""
    if memo.active() and not hasattr(request, "_wagtail_site"):
        # The same inputs Wagtail's own lookup uses (Site._find_for_request).
        key = ("site", split_domain_port(request._get_raw_host())[0], request.get_port())
        request._wagtail_site = memo.get(key, lambda: Site._find_for_request(request))
        # Read by every page URL Wagtail builds (Page._get_site_root_paths).
        request._wagtail_cached_site_root_paths = memo.get(
            "site-root-paths", Site.get_site_root_paths
        )
    return Site.find_for_request(request)


def find_route(request, path):
    """The page (and its sub-route) a reader's URL leads to, from this generation's memo.

    Wagtail walks the tree from the site root with a query or two per level; the answer only
    changes when pages do, which starts a new generation. Wagtail's serve view reads it from
    the request attribute set here.
    """
    site = find_site(request)
    if site is None or hasattr(request, "_wagtail_route_for_request"):
        return
    key = ("route", site.pk, get_language(), path)
    request._wagtail_route_for_request = memo.get(
        key, lambda: Page.route_for_request(request, path)
    )


class MissionTimeZoneMiddleware:
    """Activates the mission's reference zone, so templates show `published_at` in it.

    Times are stored in UTC; Django converts to the active zone when rendering.
    https://docs.djangoproject.com/en/5.2/topics/i18n/timezones/#selecting-the-current-time-zone

    In the admin, Wagtail activates the editor's own zone from their account, falling back to
    settings.TIME_ZONE (UTC); editors who have not chosen a zone get the mission's instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site = find_site(request)
        if site is None:
            return self.get_response(request)
        mission = MissionSettings.for_request(request)
        request.mission_zone = mission.reference_zone
        token = current_mission.set(mission)
        try:
            with timezone.override(request.mission_zone):
                return self.get_response(request)
        finally:
            current_mission.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_serve and memo.active():
            path = view_args[0] if view_args else view_kwargs.get("path", "")
            find_route(request, path)
        zone = getattr(request, "mission_zone", None)
        if zone is None or not request.path.startswith(admin_prefix()):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        try:
            profile = user.wagtail_userprofile
        except UserProfile.DoesNotExist:
            profile = UserProfile(user=user)
            user.wagtail_userprofile = profile
        if not profile.current_time_zone:
            # In memory only, for this request: the editor's saved choice stays "not chosen".
            # Wagtail reads it in wagtail.admin.localization.get_localized_response.
            profile.current_time_zone = zone.key
        return None
