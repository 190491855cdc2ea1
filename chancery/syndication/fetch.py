"""Fetching a feed over HTTP: conditional, with a time limit and a size cap.

The standard library's urllib is enough here and keeps a dependency out; the opener is
built by hand so that only http:// and https:// are ever followed (no file:, ftp: or
data: through a redirect).
"""

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

CHUNK_SIZE = 64 * 1024
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)


class FetchError(Exception):
    """The feed could not be fetched; the message is shown to editors on the feed."""


@dataclass(frozen=True)
class FetchResult:
    """A fetched feed: `body` is None when the server said it has not changed (304)."""

    body: bytes | None
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""
    url: str = ""

    @property
    def not_modified(self) -> bool:
        return self.body is None


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        # urllib itself refuses file: and data: targets; this refuses ftp: as well.
        if urlsplit(newurl).scheme.lower() not in {"http", "https"}:
            raise FetchError(_("The feed redirects to an address that is not http(s)."))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class RefusedAddress(OSError):
    """The feed's host resolved to an address the importer may not connect to."""


def _connect_public(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
    """socket.create_connection, refusing loopback, private and link-local peers.

    The check is on the address actually connected to, so neither a DNS answer that
    changes between lookups nor a redirect can lead the importer into the local network.
    """
    sock = socket.create_connection(address, timeout, source_address)
    ip = ipaddress.ip_address(sock.getpeername()[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if not ip.is_global:
        sock.close()
        raise RefusedAddress(
            _("%(host)s is a private or local address; feeds must be on the internet.")
            % {"host": address[0]}
        )
    return sock


def _guarded(connection_class):
    class Guarded(connection_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if not settings.SYNDICATION_ALLOW_PRIVATE_ADDRESSES:
                self._create_connection = _connect_public

    return Guarded


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_guarded(http.client.HTTPConnection), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_guarded(http.client.HTTPSConnection), req, context=self._context)


def _opener():
    opener = urllib.request.OpenerDirector()
    for handler in (
        _HTTPHandler(),
        _HTTPSHandler(),
        _HttpOnlyRedirects(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.HTTPDefaultErrorHandler(),
    ):
        opener.add_handler(handler)
    return opener


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    timeout: float | None = None,
    max_bytes: int | None = None,
) -> FetchResult:
    """Fetch `url`, sending the validators of the last fetch; raise FetchError on failure.

    `timeout` bounds the whole exchange (each network wait and the total); the body is read
    in chunks and abandoned as soon as it passes `max_bytes`, so a gigantic feed is never
    held in memory.
    """
    timeout = settings.SYNDICATION_FETCH_TIMEOUT if timeout is None else timeout
    max_bytes = settings.SYNDICATION_MAX_FEED_BYTES if max_bytes is None else max_bytes
    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        raise FetchError(_("The feed address must start with http:// or https://."))
    headers = {"User-Agent": "Chancery feed importer", "Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - scheme checked above
    deadline = time.monotonic() + timeout
    timed_out = _("No complete answer within %(seconds)g seconds.") % {"seconds": timeout}
    too_big = _("The feed is larger than the %(size)s MB limit.") % {"size": _megabytes(max_bytes)}
    try:
        with _opener().open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(too_big)
            chunks, size = [], 0
            while chunk := response.read1(CHUNK_SIZE):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(too_big)
                if time.monotonic() > deadline:
                    raise FetchError(timed_out)
                chunks.append(chunk)
            return FetchResult(
                body=b"".join(chunks),
                etag=response.headers.get("ETag", "")[:500],
                last_modified=response.headers.get("Last-Modified", "")[:100],
                content_type=response.headers.get("Content-Type", ""),
                url=response.geturl(),
            )
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return FetchResult(body=None, etag=etag, last_modified=last_modified, url=url)
        raise FetchError(
            _("The server answered %(code)s %(reason)s.")
            % {"code": error.code, "reason": error.reason}
        ) from error
    except TimeoutError as error:
        raise FetchError(timed_out) from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FetchError(timed_out) from error
        if isinstance(error.reason, RefusedAddress):
            raise FetchError(str(error.reason)) from error
        raise FetchError(
            _("The feed could not be reached: %(reason)s.") % {"reason": error.reason}
        ) from error
    except (http.client.HTTPException, OSError) as error:
        raise FetchError(
            _("The connection failed: %(reason)s.") % {"reason": error or type(error).__name__}
        ) from error
