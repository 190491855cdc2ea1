"""Shows every time in the reference zone of the mission whose site is being served."""

from django.utils import timezone
from wagtail.models import Site

from .models import MissionSettings


class MissionTimeZoneMiddleware:
    """Activates the mission's reference zone, so templates show `published_at` in it.

    Times are stored in UTC; Django converts to the active zone when rendering.
    https://docs.djangoproject.com/en/5.2/topics/i18n/timezones/#selecting-the-current-time-zone
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site = Site.find_for_request(request)
        if site is None:
            return self.get_response(request)
        with timezone.override(MissionSettings.for_request(request).reference_zone):
            return self.get_response(request)
