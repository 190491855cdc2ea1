"""Fetching feeds: conditional requests, timeouts, size caps and refused addresses."""

import socket

import pytest

from chancery.syndication.fetch import FetchError, fetch
from tests.feed_server import FIXTURES, HUGE_TOTAL, LAST_MODIFIED


def test_fetch_returns_body_and_validators(feed_server):
    """A fetched feed comes back whole, with the server's ETag and Last-Modified."""
    result = fetch(feed_server.url("/feeds/rss.xml"))
    assert result.body == (FIXTURES / "rss.xml").read_bytes()
    assert result.etag.startswith('"')
    assert result.last_modified == LAST_MODIFIED
    assert not result.not_modified


def test_fetch_sends_validators_and_understands_304(feed_server):
    """The validators of the last fetch are sent back, and a 304 means 'not modified'."""
    first = fetch(feed_server.url("/feeds/rss.xml"))
    second = fetch(
        feed_server.url("/feeds/rss.xml"), etag=first.etag, last_modified=first.last_modified
    )
    assert second.not_modified
    assert second.etag == first.etag
    headers = feed_server.requests_for("/feeds/rss.xml")[-1]
    assert headers["If-None-Match"] == first.etag
    assert headers["If-Modified-Since"] == LAST_MODIFIED


def test_error_status_is_an_error(feed_server):
    """A 404 is reported with its status."""
    with pytest.raises(FetchError, match="404"):
        fetch(feed_server.url("/missing"))


def test_slow_server_times_out(feed_server):
    """A server that does not answer within the timeout is given up on."""
    with pytest.raises(FetchError, match="within 0.5 seconds"):
        fetch(feed_server.url("/slow"), timeout=0.5)


def test_trickling_server_times_out(feed_server):
    """A body that keeps coming a byte at a time is given up on at the overall limit."""
    with pytest.raises(FetchError, match="within 0.5 seconds"):
        fetch(feed_server.url("/trickle"), timeout=0.5)


def test_oversize_body_is_abandoned_while_streaming(feed_server):
    """A body without Content-Length is cut off at the cap, long before the server is done."""
    with pytest.raises(FetchError, match="larger than"):
        fetch(feed_server.url("/huge"), max_bytes=1024 * 1024)
    assert feed_server.huge_finished.wait(timeout=10)
    # The server could only push what fits in the socket buffers after we hung up.
    assert feed_server.huge_sent < HUGE_TOTAL // 4


def test_declared_oversize_body_is_refused_before_reading(feed_server):
    """A Content-Length above the cap is refused at once."""
    with pytest.raises(FetchError, match="larger than the 1 MB limit"):
        fetch(feed_server.url("/huge-declared"), max_bytes=1024 * 1024)


def test_redirect_to_file_is_refused(feed_server):
    """A redirect may not lead the importer off HTTP (e.g. to file:///etc/passwd)."""
    with pytest.raises(FetchError, match="302"):
        fetch(feed_server.url("/to-file"))


def test_redirect_within_http_is_followed(feed_server):
    """An ordinary HTTP redirect is followed."""
    result = fetch(feed_server.url("/moved"))
    assert result.body == (FIXTURES / "rss.xml").read_bytes()
    assert result.url.endswith("/feeds/rss.xml")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml"])
def test_non_http_addresses_are_refused(url):
    """Only http:// and https:// addresses are ever fetched."""
    with pytest.raises(FetchError, match="http"):
        fetch(url, timeout=0.5)


def test_closed_port_is_an_error():
    """Nothing listening is reported, not raised as a crash."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="could not be reached"):
        fetch(f"http://127.0.0.1:{port}/feed.xml", timeout=0.5, max_bytes=1024)


def test_private_addresses_are_refused_by_default(feed_server, settings):
    """Outside the demo and tests, a feed on a loopback or private address is refused."""
    settings.SYNDICATION_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(FetchError, match="private or local address"):
        fetch(feed_server.url("/feeds/rss.xml"))
    assert feed_server.requests_for("/feeds/rss.xml") == []
