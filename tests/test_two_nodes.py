"""Two application servers, one PostgreSQL (or SQLite file) and one Redis, never out of step.

An editor publishes through the first server; the second server's front page, which it had
cached, shows the item on the very next request, and neither server serves the old front
page again. The servers are real gunicorn processes with deploy/gunicorn.conf.py.
"""

import http.cookiejar
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from chancery.newsroom.factories import PublicationPageFactory
from tests.accounts_helpers import sign_in
from tests.test_page_cache import closed_port, start_redis, stop
from tests.test_worker_processes import database_url, worker_env

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

GUNICORN = str(Path(settings.BASE_DIR) / ".venv" / "bin" / "gunicorn")
CONFIG = str(Path(settings.BASE_DIR) / "deploy" / "gunicorn.conf.py")


class Node:
    """One gunicorn application server on a free port of 127.0.0.1."""

    def __init__(self, tmp_path, name, redis_url):
        self.port = closed_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = (tmp_path / f"{name}.log").open("w")
        env = worker_env(
            DJANGO_SETTINGS_MODULE="tests.two_nodes_settings",
            DATABASE_URL=database_url(),
            TWO_NODES_REDIS_URL=redis_url,
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            WEB_CONCURRENCY="1",
        )
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn and config
            [GUNICORN, "--config", CONFIG, "chancery.wsgi"],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                assert self.process.poll() is None, "gunicorn exited"
                time.sleep(0.1)
        raise AssertionError("gunicorn did not start")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(timeout=40)
        self.log.close()


def get(opener, url):
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


def anonymous():
    return urllib.request.build_opener()


def editor_opener(user, password):
    """An opener signed in as `user` (password and TOTP, as an editor does) through a session
    in the shared database, which every node reads."""
    client = sign_in(Client(), user, password)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("Cookie", f"{settings.SESSION_COOKIE_NAME}={session_key}")]
    return opener, jar


EDITOR_PASSWORD = "a long password 1"


def publish_through(node, user, page):
    """Publish `page` on `node` as a press secretary would in an emergency: forced, with a reason.

    Under the two-person rule this is the one way a single editor publishes in one request.
    """
    opener, jar = editor_opener(user, EDITOR_PASSWORD)
    url = f"{node.base}/admin/editorial/force-publish/{page.pk}/"
    status, html, _ = get(opener, url)
    assert status == 200, html[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    csrf_cookie = next(c.value for c in jar if c.name == settings.CSRF_COOKIE_NAME)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "reason": "Two-node test."}
    ).encode()
    request = urllib.request.Request(url, data=data, method="POST")  # noqa: S310 - 127.0.0.1
    request.add_header(
        "Cookie",
        f"{settings.SESSION_COOKIE_NAME}={opener.addheaders[0][1].split('=', 1)[1]}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf_cookie}",
    )
    request.add_header("Referer", f"{node.base}/admin/")
    plain = urllib.request.build_opener(NoRedirect)
    try:
        with plain.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def redis_url():
    port = closed_port()
    process = start_redis(port)
    yield f"redis://127.0.0.1:{port}/0"
    stop(process)


@pytest.fixture
def nodes(tmp_path, redis_url):
    started = []
    try:
        started.append(Node(tmp_path, "first", redis_url))
        started.append(Node(tmp_path, "second", redis_url))
        yield started
    finally:
        for node in started:
            node.stop()


def test_item_published_on_one_node_is_on_the_others_front_page(nodes, news, statement_kind):
    """The second node's cached front page gives way to the item published on the first."""
    first, second = nodes
    editor = User.objects.create_superuser("editor", "editor@example.org", EDITOR_PASSWORD)
    draft = PublicationPageFactory(
        parent=news, kind=statement_kind, title="Published on the first node", live=False
    )
    draft.save_revision()
    reader = anonymous()
    for node in nodes:
        get(reader, f"{node.base}/en/")
        status, html, headers = get(reader, f"{node.base}/en/")
        assert status == 200
        assert headers["X-Page-Cache"] == "hit"
        assert "Published on the first node" not in html

    assert publish_through(first, editor, draft) == 302

    # Polled with a bounded deadline; in fact the first request after publishing is fresh.
    deadline = time.monotonic() + 1.0
    seen = False
    while not seen and time.monotonic() < deadline:
        seen = "Published on the first node" in get(reader, f"{second.base}/en/")[1]
    assert seen, "the second node still serves the old front page"
    for _ in range(5):
        for node in nodes:
            status, html, _ = get(reader, f"{node.base}/en/")
            assert status == 200
            assert "Published on the first node" in html, node.base
