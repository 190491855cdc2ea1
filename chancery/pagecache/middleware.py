"""Serves anonymous readers' GET requests for public pages from the cache.

The first middleware, so a stored answer carries every header the others add (security
headers, the content security policy) and a hit costs one cache round trip and no database
query: the session, locale, time zone and Wagtail are not reached at all. Under gunicorn
a hit is answered even earlier, before Django's request handling (see wsgi.py). What is
never cached:
- requests from anyone with a session cookie (editors, logged-in users) or credentials;
- paths under CHANCERY_PAGE_CACHE_EXCLUDED_PATHS (the admin with its previews, documents,
  static and media files);
- responses other than 200, responses that set a cookie, that say `Cache-Control: private`,
  `no-cache` or `no-store` (Django's `never_cache`; embargo links use it), or that vary on
  anything but the language.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_max_age
from django.utils.translation import get_language_from_request
from wagtail.models import Site

from chancery.core.models import MissionSettings

from . import local, memo
from .generation import GENERATION_KEY, current_generation
from .lifetime import lifetime_seconds

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"
# Headers a cached response may vary on: the key holds the language; sessions are never
# served from the cache; compression is nginx's business.
HARMLESS_VARY = {"accept-language", "cookie", "accept-encoding"}
NEVER_STORE_DIRECTIVES = ("private", "no-cache", "no-store")
# Where the WSGI layer leaves its lookup of a miss for the middleware (request.META).
LOOKUP_ENVIRON_KEY = "chancery.pagecache.lookup"
# An entry: (generation, status, headers, content, expires at as a POSIX timestamp).
ENTRY_LENGTH = 5


def is_anonymous_read(request) -> bool:
    """A GET or HEAD from a reader with no session and no credentials, outside the admin."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    # Static and media files are files, never pages: nginx or WhiteNoise serve them.
    excluded = (
        *settings.CHANCERY_PAGE_CACHE_EXCLUDED_PATHS,
        settings.STATIC_URL,
        settings.MEDIA_URL,
    )
    return not request.path_info.startswith(excluded)


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


def lookup(request):
    """The request's cache key, the current generation and the entry to answer with.

    The entry is None on a miss, including an entry rendered before the last change (it
    carries an older generation). The key is None when the page cache is off or the host
    is not ours.
    """
    key = cache_key(request) if settings.CHANCERY_PAGE_CACHE_SECONDS > 0 else None
    if key is None:
        return None, current_generation(), None
    generation = local.known_generation()
    if generation is not None and (entry := local.get(key, generation)) is not None:
        return key, generation, entry
    # One round trip for both: on a crisis day every request is a hit.
    read_at = time.monotonic()
    found = cache.get_many([GENERATION_KEY, key])
    shared = found.get(GENERATION_KEY)
    if shared is not None:
        local.remember_generation(shared, read_at)
    generation = shared or current_generation()
    entry = found.get(key)
    # An entry stored by an older release has another shape: a miss like any other.
    if entry is not None and (len(entry) != ENTRY_LENGTH or entry[0] != generation):
        entry = None
    if shared is not None:
        if entry is not None:
            local.put(key, entry)
        else:
            # Evicted from the shared cache but still current: this process's copy will do.
            entry = local.get(key, shared)
    return key, generation, entry


class PageCacheMiddleware:
    """The application's own page cache; see the module docstring for what it leaves alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous_read(request):
            return self.get_response(request)
        # The WSGI layer (wsgi.py) may have looked this request up already and missed.
        key, generation, entry = request.META.pop(LOOKUP_ENVIRON_KEY, None) or lookup(request)
        if entry is not None:
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
        _generation, status, headers, content, _expires_at = entry
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
        entry = (generation, response.status_code, headers, response.content, time.time() + seconds)
        cache.set(key, entry, timeout=seconds)
        local.put(key, entry)
        response[HEADER] = "miss"
