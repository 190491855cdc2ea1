"""Shows every time in the reference zone of the mission whose site is being served."""

from functools import cache

from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site
from wagtail.users.models import UserProfile

from .admin_time import current_mission
from .models import MissionSettings


@cache
def admin_prefix():
    return reverse("wagtailadmin_home")


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
        site = Site.find_for_request(request)
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
