"""Serves anonymous readers' GET requests for public pages from the cache.

Placed right after WhiteNoise, so a hit costs two cache reads and no database query: the
session, locale, time zone and Wagtail are not reached at all. What is never cached:
- requests from anyone with a session cookie (editors, logged-in users) or credentials;
- paths under CHANCERY_PAGE_CACHE_EXCLUDED_PATHS (the admin with its previews, documents);
- responses other than 200, responses that set a cookie, that say `Cache-Control: private`,
  `no-cache` or `no-store` (Django's `never_cache`; embargo links use it), or that vary on
  anything but the language.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_max_age
from django.utils.translation import get_language_from_request
from wagtail.models import Site

from chancery.core.models import MissionSettings

from . import memo
from .generation import GENERATION_KEY, current_generation
from .lifetime import lifetime_seconds

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"
# Headers a cached response may vary on: the key holds the language; sessions are never
# served from the cache; compression is nginx's business.
HARMLESS_VARY = {"accept-language", "cookie", "accept-encoding"}
NEVER_STORE_DIRECTIVES = ("private", "no-cache", "no-store")


def is_anonymous_read(request) -> bool:
    """A GET or HEAD from a reader with no session and no credentials, outside the admin."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not request.path_info.startswith(tuple(settings.CHANCERY_PAGE_CACHE_EXCLUDED_PATHS))


def is_storable(response) -> bool:
    if response.status_code != 200 or response.cookies or response.streaming:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(directive in control for directive in NEVER_STORE_DIRECTIVES):
        return False
    if get_max_age(response) == 0:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    return vary <= HARMLESS_VARY


def cache_key(request) -> str | None:
    """One key per URL and language. The entry carries the generation it was rendered in."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    language = get_language_from_request(request, check_path=True)
    url = f"{request.scheme}://{host}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"pagecache:page:{language}:{digest}"


class PageCacheMiddleware:
    """The application's own page cache; see the module docstring for what it leaves alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous_read(request):
            return self.get_response(request)
        key = cache_key(request) if settings.CHANCERY_PAGE_CACHE_SECONDS > 0 else None
        if key is None:
            generation, entry = current_generation(), None
        else:
            # One round trip for both: on a crisis day every request is a hit.
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or current_generation()
            entry = found.get(key)
        # An entry rendered before the last change carries an older generation: a miss.
        if entry is not None and entry[0] == generation:
            return self._rebuild(entry)
        # What every page reads (site, mission, routes) comes from this generation's memo.
        token = memo.begin(generation)
        try:
            response = self.get_response(request)
            if key is not None and request.method == "GET" and is_storable(response):
                # Tagged with the generation read before rendering, so a change committed
                # while this page rendered leaves the entry already out of date.
                self._store(request, key, generation, response)
        finally:
            memo.end(token)
        return response

    def _rebuild(self, entry):
        _generation, status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[HEADER] = "hit"
        return response

    def _store(self, request, key, generation, response):
        site = Site.find_for_request(request)
        if site is None:
            return
        zone = MissionSettings.for_request(request).reference_zone
        seconds = lifetime_seconds(request, zone)
        if seconds <= 0:
            return
        headers = [(name, value) for name, value in response.items() if name != HEADER]
        cache.set(
            key, (generation, response.status_code, headers, response.content), timeout=seconds
        )
        response[HEADER] = "miss"
