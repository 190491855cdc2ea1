"""The shipped production configuration (deploy/) is valid and does what it promises."""

import configparser
import http.server
import multiprocessing
import runpy
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from deploy import render

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - 127.0.0.1
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - local
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


class Upstream:
    """A stand-in application on 127.0.0.1 that answers every GET with one page, or with
    `counting`, with the number of requests it has answered, and `headers` of its own."""

    def __init__(self, port, headers=None, counting=False):
        answered = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                answered.append(1)
                body = (
                    f"<p>render {len(answered)}</p>".encode()
                    if counting
                    else b"<p>the last good front page</p>"
                )
                self.send_response(200)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def nginx(tmp_path):
    """The shipped nginx site, listening on a free port, in front of a free upstream port."""
    app_port, port = free_port(), free_port()
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "hello.txt").write_text("static hello")
    conf = render.render(
        tmp_path / "nginx",
        listen_port=port,
        upstream=f"127.0.0.1:{app_port}",
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
    )
    yield conf, port, app_port
    render.stop(conf)


def test_nginx_configuration_is_valid(nginx):
    """`nginx -t` accepts the shipped site with only paths and ports replaced."""
    conf, _, _ = nginx
    result = render.run(conf, "-t", check=False)
    assert result.returncode == 0, result.stderr


def wait_for(url):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            return fetch(url)
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"{url} did not answer")


def test_nginx_serves_static_files_from_disk(nginx):
    """/static/ is answered by nginx itself, with a year-long cache lifetime."""
    conf, port, _ = nginx
    render.start(conf)
    status, body, headers = wait_for(f"http://127.0.0.1:{port}/static/hello.txt")
    assert (status, body) == (200, "static hello")
    assert "immutable" in headers["Cache-Control"]


def test_nginx_serves_last_good_page_while_the_application_is_down(nginx):
    """With the application stopped, readers still get the last good page, not an error."""
    conf, port, app_port = nginx
    upstream = Upstream(app_port)
    try:
        render.start(conf)
        status, body, headers = wait_for(f"http://127.0.0.1:{port}/en/")
        assert status == 200
        assert headers["X-Micro-Cache"] == "MISS"
    finally:
        upstream.stop()
    # Past the one-second micro-cache lifetime every answer must still be the last good page,
    # now marked STALE (nginx counts whole seconds, so this is polled, with a bound).
    deadline = time.monotonic() + 10
    marks = []
    while time.monotonic() < deadline and "STALE" not in marks:
        status, body, headers = fetch(f"http://127.0.0.1:{port}/en/")
        assert status == 200
        assert body == "<p>the last good front page</p>"
        marks.append(headers["X-Micro-Cache"])
        time.sleep(0.25)
    assert "STALE" in marks, marks


def test_micro_cache_never_keeps_a_page_longer_than_its_own_second(nginx):
    """An application's long max-age (the sitemaps give crawlers 15 minutes) must not keep a
    page in nginx: after a change, readers get the new page within about a second."""
    conf, port, app_port = nginx
    upstream = Upstream(app_port, {"Cache-Control": "public, max-age=900"}, counting=True)
    try:
        render.start(conf)
        _, first, _ = wait_for(f"http://127.0.0.1:{port}/en/sitemap.xml")
        assert fetch(f"http://127.0.0.1:{port}/en/sitemap.xml")[1] == first  # a micro-cache hit
        deadline = time.monotonic() + 5
        body = first
        while body == first and time.monotonic() < deadline:
            time.sleep(0.25)
            body = fetch(f"http://127.0.0.1:{port}/en/sitemap.xml")[1]
        assert body != first, "nginx kept the page past its micro-cache lifetime"
    finally:
        upstream.stop()


def test_micro_cache_never_stores_private_answers(nginx):
    """What the application marks private or no-store (embargo links) is never reused."""
    conf, port, app_port = nginx
    upstream = Upstream(app_port, {"Cache-Control": "private, no-store"}, counting=True)
    try:
        render.start(conf)
        url = f"http://127.0.0.1:{port}/en/embargo/token/"
        _, first, _ = wait_for(url)
        _, second, headers = fetch(url)
        assert first != second
        assert headers["X-Micro-Cache"] != "HIT"
    finally:
        upstream.stop()


def test_nginx_never_caches_for_editors(nginx):
    """A request with a session cookie always reaches the application."""
    conf, port, app_port = nginx
    upstream = Upstream(app_port)
    try:
        render.start(conf)
        wait_for(f"http://127.0.0.1:{port}/en/")
        _, _, headers = fetch(f"http://127.0.0.1:{port}/en/", {"Cookie": "sessionid=abc"})
        assert headers["X-Micro-Cache"] == "BYPASS"
    finally:
        upstream.stop()


def test_gunicorn_configuration_states_its_workers(monkeypatch):
    """gunicorn runs cores + 1 threaded workers of 4 threads on 127.0.0.1 unless told
    otherwise; threaded workers keep nginx's upstream connections alive."""
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("GUNICORN_THREADS", raising=False)
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert config["workers"] == multiprocessing.cpu_count() + 1
    assert config["threads"] == 4
    assert config["bind"] == "127.0.0.1:8001"
    assert config["worker_class"] == "gthread"
    assert config["keepalive"] > 0


@pytest.mark.parametrize("unit", ["chancery-web.service", "chancery-worker.service"])
def test_systemd_units_run_the_shipped_commands(unit):
    """Each unit reads the environment file and starts a program the repository ships."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.read(DEPLOY / unit)
    service = parser["Service"]
    assert service["EnvironmentFile"] == "/etc/chancery/chancery.env"
    assert service["User"] == "chancery"
    command = service["ExecStart"]
    if "gunicorn" in command:
        assert "--config deploy/gunicorn.conf.py chancery.wsgi" in command
    else:
        assert command.endswith("manage.py run_worker")
    assert parser["Install"]["WantedBy"] == "multi-user.target"
