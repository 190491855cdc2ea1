"""Answers page-cache hits before Django's request handling starts.

On the day every newsroom refreshes the front page, nearly every request is a hit. Through
Django's handler a hit still pays for the request signals, the middleware chain and a
response object; here it costs the cache key and one round trip to the cache. Misses, and
anything the page cache would not serve (see middleware.py), go on to Django unchanged, and
PageCacheMiddleware stores what they render with every header the answer carries.
"""

from http import HTTPStatus

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest

from .middleware import HEADER, LOOKUP_ENVIRON_KEY, is_anonymous_read, lookup

READS = ("GET", "HEAD")


class CachedPageApplication:
    """A WSGI application: the page cache in front of Django's `application`."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if settings.CHANCERY_PAGE_CACHE_SECONDS > 0 and environ.get("REQUEST_METHOD") in READS:
            request = WSGIRequest(environ)
            if is_anonymous_read(request):
                found = lookup(request)
                if found[2] is not None:
                    return self._answer(request, found[2], start_response)
                # The middleware renders the miss with this lookup instead of a second one.
                environ[LOOKUP_ENVIRON_KEY] = found
        return self.application(environ, start_response)

    def _answer(self, request, entry, start_response):
        _generation, status, headers, content, _expires_at = entry
        start_response(f"{status} {HTTPStatus(status).phrase}", [*headers, (HEADER, "hit")])
        # A HEAD answer carries the GET's headers, Content-Length included, and no body.
        return [b"" if request.method == "HEAD" else content]
