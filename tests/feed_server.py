"""A local HTTP server on 127.0.0.1 (a free port) that plays the ministry's feed server.

It serves the fixture feeds in tests/fixtures/feeds/ with ETag and Last-Modified and
answers conditional requests with 304, and has routes that misbehave: a 404, a response
that waits past any timeout, a gigantic body, a redirect to file:.
"""

import contextlib
import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
DEMO_FEED = Path(__file__).parent.parent / "chancery" / "static" / "demo" / "ministry-feed.xml"
LAST_MODIFIED = "Wed, 25 Nov 2026 10:00:00 GMT"
CONTENT_TYPES = {
    "atom.xml": "application/atom+xml; charset=utf-8",
    "not-a-feed.html": "text/html; charset=utf-8",
}
HUGE_CHUNK = b"<!-- padding -->" * 4096  # 64 KiB
HUGE_TOTAL = 256 * 1024 * 1024


class FeedServer:
    """Start with `start()`, stop with `stop()`; `requests` records (path, headers)."""

    def __init__(self):
        self.requests = []
        self.release = threading.Event()
        self.huge_sent = 0
        self.huge_finished = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address
        return f"http://{host}:{port}{path}"

    def requests_for(self, path: str):
        return [headers for seen, headers in self.requests if seen == path]

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):
                pass

            def do_GET(self):  # noqa: N802 - the name http.server dispatches to
                server.requests.append((self.path, dict(self.headers)))
                route = {
                    "/missing": self.missing,
                    "/slow": self.slow,
                    "/trickle": self.trickle,
                    "/huge": self.huge,
                    "/huge-declared": self.huge_declared,
                    "/to-file": self.to_file,
                    "/moved": self.moved,
                }.get(self.path)
                if route:
                    return route()
                if self.path == "/static/demo/ministry-feed.xml":
                    return self.file(DEMO_FEED, "application/xml")
                if self.path.startswith("/always/"):
                    # Ignores conditional requests, like many real servers.
                    return self.feed(self.path.removeprefix("/always/"), conditional=False)
                if self.path.startswith("/feeds/"):
                    return self.feed(self.path.removeprefix("/feeds/"), conditional=True)
                return self.missing()

            def feed(self, name, conditional):
                path = FIXTURES / name
                if "/" in name or not path.is_file():
                    return self.missing()
                body = path.read_bytes()
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if conditional and (
                    self.headers.get("If-None-Match") == etag
                    or self.headers.get("If-Modified-Since") == LAST_MODIFIED
                ):
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", CONTENT_TYPES.get(name, "application/xml"))
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
                self.end_headers()
                self.wfile.write(body)

            def file(self, path, content_type):
                body = path.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def missing(self):
                self.send_error(404, "Not Found")

            def slow(self):
                # Waits until the test is over: far past the importer's timeout.
                server.release.wait(timeout=30)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.feed("rss.xml", conditional=False)

            def trickle(self):
                # Every byte arrives well within the per-read timeout, but the whole body
                # would take far longer than the fetch may.
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    for _ in range(200):
                        if server.release.wait(timeout=0.1):
                            break
                        self.wfile.write(b" ")
                        self.wfile.flush()

            def huge(self):
                # No Content-Length: the size is only known by reading, so the cap must be
                # enforced while streaming.
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.end_headers()
                try:
                    self.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
                    while server.huge_sent < HUGE_TOTAL:
                        self.wfile.write(HUGE_CHUNK)
                        server.huge_sent += len(HUGE_CHUNK)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    server.huge_finished.set()

            def huge_declared(self):
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(HUGE_TOTAL))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(b"<?xml")

            def to_file(self):
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.end_headers()

            def moved(self):
                self.send_response(301)
                self.send_header("Location", "/feeds/rss.xml")
                self.end_headers()

        return Handler
