"""`make drills`: fault drills against the production configuration, printing what they measured.

Starts its own PostgreSQL cluster (port 5441) and redis-server (port 6391) with data under
/tmp/chancery-resilience-*, gunicorn with deploy/gunicorn.conf.py and nginx with
deploy/nginx/chancery.conf, and stops exactly what it started (the shared PostgreSQL and
Redis are never touched). Then:

a. kill -9 of the gunicorn worker that is publishing, at a random moment of the request,
   DRILLS_KILLS times (100): every page wholly old or wholly new, no revision lost, the
   page tree clean, and the worker replaced (median and longest time to a ready worker);
b. PostgreSQL restarted during a burst of public requests and editors publishing: errors
   while it is down, none once it is back, no "connection already closed", no partial write;
c. Redis stopped: public pages still served (latency with and without), the editor still
   signed in, and the page cache back by itself once Redis is back (time to the first hit);
d. DRILLS_LOAD_SECONDS (300) of public requests at DRILLS_LOAD_RATE (40) requests/s through
   nginx: errors and p50/p99/max latency, measured from each request's scheduled start.

It writes the figures to var/drills/latest.json as well. Exit status 1 if a drill failed.
"""

import datetime as dt
import http.client
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy import render  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
SHIPPED_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
PG_PORT = int(os.environ.get("DRILLS_PG_PORT", "5441"))
REDIS_PORT = int(os.environ.get("DRILLS_REDIS_PORT", "6391"))
APP_PORT = int(os.environ.get("DRILLS_APP_PORT", "8791"))
NGINX_PORT = int(os.environ.get("DRILLS_NGINX_PORT", "8790"))
KILLS = int(os.environ.get("DRILLS_KILLS", "100"))
LOAD_SECONDS = float(os.environ.get("DRILLS_LOAD_SECONDS", "300"))
LOAD_RATE = float(os.environ.get("DRILLS_LOAD_RATE", "40"))
REPLACEMENT_LIMIT = 5.0  # seconds: the bound on replacing a killed worker
PASSWORD = secrets.token_urlsafe(16)
PUBLISH_PATH = "/admin/editorial/force-publish/{pk}/"


class DrillError(Exception):
    """A drill could not be set up or run (not a measured failure)."""


def check(condition, message):
    if not condition:
        raise DrillError(message)


def log(message=""):
    print(message, flush=True)


def percentile(values, fraction):
    """The `fraction` quantile (nearest rank) of `values`; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    # Rounded first so that 0.99 × 100 counts as 99, not 99.00000000000001.
    rank = max(1, math.ceil(round(fraction * len(ordered), 9)))
    return ordered[min(rank, len(ordered)) - 1]


# The services the drills start, each stopped by its own pid or data folder.


def pg_bin(name):
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if found:
        return str(found[-1])
    path = shutil.which(name)
    if not path:
        sys.exit(f"{name} is not installed (Debian: apt-get install postgresql).")
    return path


def as_postgres(argv):
    """PostgreSQL's server tools refuse to run as root: run them as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


class PrivatePostgres:
    """A throwaway PostgreSQL cluster on PG_PORT with its data under /tmp."""

    def __init__(self, work: Path):
        self.data = Path(tempfile.mkdtemp(prefix="chancery-resilience-pg-", dir="/tmp"))
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
        self.socket_dir = self.data
        # Beside the data folder: the postgres user cannot write into the drills' own folder.
        self.log = self.data.parent / f"{self.data.name}.log"
        self.started = False
        subprocess.run(  # noqa: S603
            as_postgres(
                [
                    pg_bin("initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.log.touch()
        if os.geteuid() == 0:
            shutil.chown(self.log, "postgres", "postgres")

    def ctl(self, *args):
        options = f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -k {self.socket_dir}"
        return subprocess.run(  # noqa: S603
            as_postgres(
                [
                    pg_bin("pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.log),
                    "-o",
                    options,
                    "-w",
                    *args,
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self):
        self.ctl("start")
        self.started = True

    def restart(self):
        self.ctl("restart", "-m", "fast")

    def stop(self):
        if self.started:
            self.ctl("stop", "-m", "fast")
            self.started = False
        shutil.rmtree(self.data, ignore_errors=True)
        self.log.unlink(missing_ok=True)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{PG_PORT}/chancery_drills"


class PrivateRedis:
    """A throwaway redis-server on REDIS_PORT that keeps nothing on disk."""

    def __init__(self):
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [shutil.which("redis-server"), "--port", str(REDIS_PORT), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(REDIS_PORT)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{REDIS_PORT}/0"


def wait_for_port(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


DRILL_CONFIG = """
# deploy/gunicorn.conf.py as shipped, plus hooks that tell the drills which worker is busy
# with which request and when a new worker is ready. Written by scripts/drills.py.
import os, runpy, time
globals().update({{k: v for k, v in runpy.run_path({shipped!r}).items() if not k.startswith("__")}})
_STATE = {state!r}

def post_worker_init(worker):
    with open(os.path.join(_STATE, "ready", str(os.getpid())), "w") as f:
        f.write(repr(time.time()))

def pre_request(worker, req):
    with open(os.path.join(_STATE, "busy", str(os.getpid())), "w") as f:
        f.write(req.path)

def post_request(worker, req, environ, resp):
    with open(os.path.join(_STATE, "served"), "a") as f:
        f.write(f"{{os.getpid()}} {{time.time()!r}}\\n")
    try:
        os.unlink(os.path.join(_STATE, "busy", str(os.getpid())))
    except FileNotFoundError:
        pass
"""


class App:
    """gunicorn with the shipped configuration (and the drills' hooks) on APP_PORT."""

    def __init__(self, work: Path, env: dict):
        self.state = work / "gunicorn"
        for sub in ("ready", "busy"):
            (self.state / sub).mkdir(parents=True, exist_ok=True)
        self.config = work / "gunicorn_drill.conf.py"
        self.config.write_text(
            DRILL_CONFIG.format(shipped=str(SHIPPED_CONFIG), state=str(self.state))
        )
        self.log = work / "gunicorn.log"
        self.env = env
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [str(GUNICORN), "--config", str(self.config), "chancery.wsgi"],
            env=self.env,
            cwd=ROOT,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )
        wait_for_port(APP_PORT)
        deadline = time.monotonic() + 60
        while len(self.workers()) < self.expected_workers() and time.monotonic() < deadline:
            time.sleep(0.1)

    def expected_workers(self):
        return int(self.env.get("WEB_CONCURRENCY") or os.cpu_count() * 2 + 1)

    def workers(self):
        """The pids of the master's live worker processes."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def ready_after(self, moment, exclude):
        """(pid, time) of a worker that became ready after `moment`, other than `exclude`."""
        for path in (self.state / "ready").iterdir():
            pid = int(path.name)
            try:
                ready_at = float(path.read_text() or 0)
            except (OSError, ValueError):
                continue
            if pid != exclude and ready_at >= moment:
                return pid, ready_at
        return None

    def first_served_by(self, pid):
        """When worker `pid` finished its first request, or None."""
        try:
            lines = (self.state / "served").read_text().splitlines()
        except FileNotFoundError:
            return None
        for line in lines:
            who, _, when = line.partition(" ")
            if who == str(pid):
                return float(when)
        return None

    def busy_with(self, path):
        for entry in (self.state / "busy").iterdir():
            try:
                if entry.read_text() == path:
                    return int(entry.name)
            except OSError:
                continue
        return None

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_text(self):
        return self.log.read_text(errors="replace")


# HTTP, with cookies handled by hand (the production session cookie is Secure; the drills
# talk plain HTTP on 127.0.0.1).


def request(port, method, path, *, headers=None, body=None, timeout=30):
    """(status, headers, body) of one request; raises OSError if the connection fails."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(
            method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})}
        )
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


class Editor:
    """A press office account signed in through the admin's two steps, as a browser would."""

    def __init__(self, port, username, totp_key):
        self.port = port
        self.username = username
        self.totp_key = totp_key
        self.cookies = {}

    def cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def send(self, method, path, data=None):
        headers = {"Cookie": self.cookie_header()} if self.cookies else {}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        status, response_headers, content = request(
            self.port, method, path, headers=headers, body=body
        )
        for value in response_headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return status, response_headers, content

    def csrf(self, html):
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return match.group(1).decode()

    def sign_in(self):
        from django_otp.oath import totp

        _, _, page = self.send("GET", "/admin/login/")
        status, headers, _ = self.send(
            "POST",
            "/admin/login/",
            {
                "csrfmiddlewaretoken": self.csrf(page),
                "username": self.username,
                "password": PASSWORD,
            },
        )
        check(status == 302, f"password step answered {status}")
        verify = headers["Location"]
        _, _, page = self.send("GET", verify)
        code = f"{totp(bytes.fromhex(self.totp_key)):06d}"
        status, headers, _ = self.send(
            "POST", verify, {"csrfmiddlewaretoken": self.csrf(page), "code": code}
        )
        check(status == 302 and "two-step" not in headers["Location"], "second step refused")
        status, _, page = self.send("GET", "/admin/")
        check(status == 200, f"admin answered {status} after signing in")
        self.token = self.csrf_token_from_cookie()

    def csrf_token_from_cookie(self):
        return self.cookies.get("csrftoken", "")

    def signed_in(self):
        status, headers, _ = self.send("GET", "/admin/")
        return status == 200

    def force_publish(self, pk):
        """Publish the page's latest revision now; the status, or None if the connection broke."""
        path = PUBLISH_PATH.format(pk=pk)
        try:
            status, _, _ = self.send(
                "POST",
                path,
                {"csrfmiddlewaretoken": self.token, "reason": "Fault drill."},
            )
            return status
        except (OSError, http.client.HTTPException):
            return None


# Content the drills publish, and how they check it.


def setup_content(pages=5):
    """A superuser with an authenticator, the demo site, and `pages` drill items; returns
    (username, hex TOTP key, [page ids])."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from chancery.newsroom.factories import PublicationPageFactory, paragraphs
    from chancery.newsroom.models import NewsIndexPage, PublicationPage

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    user = get_user_model().objects.filter(username="drill-editor").first()
    if user is None:
        user = get_user_model().objects.create_superuser(
            "drill-editor", "drill@example.org", PASSWORD
        )
    user.set_password(PASSWORD)
    user.save()
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="drills", confirmed=True)
    news = NewsIndexPage.objects.filter(locale__language_code="en").first()
    ids = []
    for n in range(pages):
        page = PublicationPage.objects.filter(slug=f"drill-item-{n}").first()
        if page is None:
            page = PublicationPageFactory(
                parent=news,
                title=f"Drill version {n}.0",
                slug=f"drill-item-{n}",
                body=paragraphs(f"Body of drill version {n}.0"),
            )
        if page.live_revision is None:
            page.save_revision().publish()
        ids.append(page.pk)
    return user.username, device.key, ids


def new_version(pk, label):
    """Save a new revision of page `pk` whose title and body both say `label`."""
    from django.db import close_old_connections

    from chancery.newsroom.factories import paragraphs
    from chancery.newsroom.models import PublicationPage

    close_old_connections()
    page = PublicationPage.objects.get(pk=pk)
    page.title = f"Drill version {label}"
    page.body = paragraphs(f"Body of drill version {label}")
    # A correction to a live item must say whether readers are told (the editorial rules).
    page.minor_change = True
    page.save_revision()


def page_state(pk):
    """(live title's label, live body's label, live revision's label, number of revisions)."""
    from django.db import close_old_connections
    from wagtail.models import Revision

    from chancery.newsroom.models import PublicationPage

    close_old_connections()
    page = PublicationPage.objects.get(pk=pk)
    body = page.body.raw_data[0]["value"] if len(page.body.raw_data) else ""
    body_label = re.search(r"Body of drill version ([\w.]+)", str(body))
    revision = page.live_revision.as_object() if page.live_revision else None
    return (
        page.title.removeprefix("Drill version "),
        body_label.group(1) if body_label else None,
        revision.title.removeprefix("Drill version ") if revision else None,
        Revision.page_revisions.filter(object_id=str(pk)).count(),
    )


def tree_problems():
    """Everything `manage.py fixtree` would report, as text ('' when the tree is clean)."""
    import io

    from django.core.management import call_command
    from django.db import close_old_connections

    close_old_connections()
    out = io.StringIO()
    call_command("fixtree", interactive=False, stdout=out)
    return "\n".join(
        line
        for line in out.getvalue().splitlines()
        if line.strip() and not line.startswith("Checking") and "No problems" not in line
    )


# The drills.


def drill_kills(app, editor, page_ids, kills, rng=random):
    """(a) kill -9 of the publishing worker at a random moment, `kills` times."""
    durations = []
    for n in range(3):  # how long an uninterrupted publish takes, to aim the kills
        new_version(page_ids[0], f"0.w{n}")
        started = time.monotonic()
        status = editor.force_publish(page_ids[0])
        check(status == 302, f"publishing answered {status}")
        durations.append(time.monotonic() - started)
    # A little past the usual end, so that some kills land after the commit.
    window = statistics.median(durations) * 1.3
    replacements, serving, outcomes, problems = [], [], {"old": 0, "new": 0}, []
    missed = stale = 0
    for n in range(kills):
        pk = page_ids[n % len(page_ids)]
        before = page_state(pk)
        label = f"{n + 1}.{n % 10}"
        new_version(pk, label)
        revisions = before[3] + 1
        result = {}
        thread = threading.Thread(
            target=lambda pk=pk, result=result: result.update(status=editor.force_publish(pk))
        )
        thread.start()
        path = PUBLISH_PATH.format(pk=pk)
        pid, deadline = None, time.monotonic() + 10
        while pid is None and time.monotonic() < deadline and thread.is_alive():
            pid = app.busy_with(path)
            time.sleep(0.002)
        if pid is None:
            missed += 1
            thread.join(30)
            continue
        time.sleep(rng.uniform(0, window))  # noqa: S311 - a moment, not a secret
        killed_at = time.time()
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:  # it had finished, and exited (max_requests)
            missed += 1
            thread.join(30)
            continue
        finally:
            # A killed worker never runs post_request: its busy mark stays behind.
            (app.state / "busy" / str(pid)).unlink(missing_ok=True)
        thread.join(60)
        ready = None
        deadline = time.monotonic() + 30
        while ready is None and time.monotonic() < deadline:
            ready = app.ready_after(killed_at, exclude=pid)
            time.sleep(0.01)
        replacements.append(ready[1] - killed_at if ready else float("inf"))
        if ready:
            serving.append(first_request(app, ready[0]) - killed_at)
        stale += reader_sees_other_version(pk)
        title, body, live_revision, count = page_state(pk)
        if not (title == body == live_revision):
            problems.append(f"page {pk}: title {title}, body {body}, live revision {live_revision}")
        if title == label:
            outcomes["new"] += 1
        elif title == before[0]:
            outcomes["old"] += 1
        else:
            problems.append(f"page {pk}: neither old {before[0]} nor new {label}: {title}")
        if count != revisions:
            problems.append(f"page {pk}: {count} revisions, expected {revisions}")
    if stale:
        problems.append(f"{stale} times a reader got another version than the database's")
    tree = tree_problems()
    if tree:
        problems.append(f"fixtree: {tree}")
    finite = [r for r in replacements if r != float("inf")]
    return {
        "kills": len(replacements),
        "missed": missed,
        "publish_seconds": round(window, 3),
        "old": outcomes["old"],
        "new": outcomes["new"],
        "replacement_median_s": round(statistics.median(finite), 3) if finite else None,
        "replacement_max_s": round(max(replacements), 3) if replacements else None,
        "first_request_median_s": round(statistics.median(serving), 3) if serving else None,
        "first_request_max_s": round(max(serving), 3) if serving else None,
        "stale_reads": stale,
        "within_limit": bool(replacements) and max(replacements) <= REPLACEMENT_LIMIT,
        "problems": problems,
        "ok": not problems and bool(replacements) and max(replacements) <= REPLACEMENT_LIMIT,
    }


def first_request(app, pid, timeout=30.0):
    """When the worker `pid` finished its first request: bursts of concurrent requests until
    one lands on it (the kernel gives a sequential client to whichever worker it likes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        served = app.first_served_by(pid)
        if served is not None:
            return served
        burst = [
            threading.Thread(target=request, args=(APP_PORT, "GET", "/robots.txt"))
            for _ in range(app.expected_workers() + 1)
        ]
        for thread in burst:
            thread.start()
        for thread in burst:
            thread.join(30)
    return float("inf")


def reader_sees_other_version(pk):
    """1 if a reader of page `pk` gets another version than the database's live one, else 0."""
    from chancery.newsroom.models import PublicationPage

    page = PublicationPage.objects.get(pk=pk)
    _, _, body = request(APP_PORT, "GET", page.url)
    return (
        0 if f"Drill version {page.title.removeprefix('Drill version ')}<".encode() in body else 1
    )


PUBLIC_PATHS = [
    "/en/",
    "/ru/",
    "/en/news/",
    "/en/news/feeds/rss/",
    "/en/sitemap.xml",
    "/robots.txt",
]


class Burst:
    """Readers on uncached addresses (each needs the database) and an editor publishing,
    in threads, recording (time, ok, detail) of every request until stopped."""

    def __init__(self, port, editor, page_ids, readers=3):
        self.port, self.editor, self.page_ids = port, editor, page_ids
        self.stop = threading.Event()
        self.events = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.read, daemon=True) for _ in range(readers)]
        self.threads.append(threading.Thread(target=self.publish, daemon=True))

    def record(self, ok, detail):
        with self.lock:
            self.events.append((time.time(), ok, detail))

    def read(self):
        while not self.stop.is_set():
            # A query string the cache has never seen: rendered, from the database.
            number = secrets.randbelow(4) + 1  # the archive has at least four pages
            path = secrets.choice(
                [f"/en/?drill={secrets.token_hex(4)}", f"/en/news/?page={number}"]
            )
            try:
                status, _, _ = request(self.port, "GET", path, timeout=10)
                self.record(status == 200, f"GET {path} {status}")
            except OSError as error:
                self.record(False, f"GET {path} {error}")

    def publish(self):
        n = 0
        while not self.stop.is_set():
            n += 1
            pk = self.page_ids[n % len(self.page_ids)]
            try:
                new_version(pk, f"9{n}.{n % 10}")
            except Exception as error:
                self.record(False, f"save {error.__class__.__name__}")
                time.sleep(0.1)
                continue
            status = self.editor.force_publish(pk)
            self.record(status == 302, f"publish {status}")
            time.sleep(0.05)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(30)


def drill_postgres_restart(app, editor, page_ids, postgres, settle=10.0):
    """(b) PostgreSQL restarted while readers and an editor work."""
    log_start = len(app.log_text())
    with Burst(APP_PORT, editor, page_ids) as burst:
        time.sleep(3)
        down_at = time.time()
        started = time.monotonic()
        postgres.restart()
        restart_seconds = time.monotonic() - started
        up_at = time.time()
        time.sleep(settle)
    events = burst.events
    during = [e for e in events if down_at <= e[0] < up_at + 1]
    # The first second after PostgreSQL is back belongs to the restart: requests that were
    # already waiting on the old connection end then.
    after = [e for e in events if e[0] >= up_at + 1]
    failures_after = [e[2] for e in after if not e[1]]
    first_ok = min((e[0] for e in events if e[0] >= up_at and e[1]), default=None)
    new_log = app.log_text()[log_start:]
    closed = new_log.count("connection already closed")
    problems = []
    for pk in page_ids:
        title, body, live_revision, _ = page_state(pk)
        if not (title == body == live_revision):
            problems.append(f"page {pk}: title {title}, body {body}, live revision {live_revision}")
    tree = tree_problems()
    if tree:
        problems.append(f"fixtree: {tree}")
    before = [e for e in events if e[0] < down_at]
    return {
        "requests": len(events),
        "errors_before": sum(1 for e in before if not e[1]),
        "restart_seconds": round(restart_seconds, 2),
        "errors_while_restarting": sum(1 for e in during if not e[1]),
        "requests_after": len(after),
        "errors_after": len(failures_after),
        "error_samples_after": failures_after[:5],
        "first_success_after_s": round(first_ok - up_at, 3) if first_ok else None,
        "connection_already_closed": closed,
        "problems": problems,
        "ok": not failures_after
        and closed == 0
        and not problems
        and len(after) > 0
        and not any(not e[1] for e in before),
    }


def timed_gets(port, paths, rounds):
    latencies, statuses, marks = [], [], []
    for _ in range(rounds):
        for path in paths:
            started = time.monotonic()
            status, headers, _ = request(port, "GET", path, timeout=10)
            latencies.append(time.monotonic() - started)
            statuses.append(status)
            marks.append(headers.get("X-Page-Cache"))
    return latencies, statuses, marks


def drill_redis_stop(app, editor, redis):
    """(c) Redis stopped and started again."""
    paths = ["/en/", "/en/news/", "/ru/"]
    timed_gets(APP_PORT, paths, 2)  # fill the cache
    up_latencies, up_statuses, up_marks = timed_gets(APP_PORT, paths, 10)
    redis.stop()
    down_latencies, down_statuses, down_marks = timed_gets(APP_PORT, paths, 10)
    editor_ok = editor.signed_in()
    redis.start()
    back_at = time.monotonic()
    resumed = None
    while time.monotonic() - back_at < 120:
        _, _, marks = timed_gets(APP_PORT, ["/en/"], 1)
        if marks[-1] == "hit":
            resumed = time.monotonic() - back_at
            break
        time.sleep(0.1)
    result = {
        "p50_ms_with_redis": round(statistics.median(up_latencies) * 1000, 1),
        "p50_ms_without_redis": round(statistics.median(down_latencies) * 1000, 1),
        "hits_with_redis": up_marks.count("hit"),
        "non_200_without_redis": sum(1 for s in down_statuses if s != 200),
        "hits_without_redis": down_marks.count("hit"),
        "editor_still_signed_in": editor_ok,
        "cache_resumed_after_s": round(resumed, 2) if resumed is not None else None,
    }
    result["ok"] = (
        all(s == 200 for s in up_statuses)
        and result["non_200_without_redis"] == 0
        and result["hits_without_redis"] == 0
        and editor_ok
        and resumed is not None
    )
    return result


def fixed_rate_load(port, paths, rate, seconds, workers=32):
    """Requests at a fixed rate (open loop), each timed from its scheduled start, so a stall
    shows up as latency instead of as fewer requests; returns the figures."""
    for path in paths:  # a site in service has its pages in the caches
        request(port, "GET", path)
    total = int(rate * seconds)
    start = time.monotonic() + 0.5
    latencies, errors, lock = [], [], threading.Lock()
    next_index = iter(range(total))
    index_lock = threading.Lock()

    def worker():
        connection = None
        while True:
            with index_lock:
                n = next(next_index, None)
            if n is None:
                break
            scheduled = start + n / rate
            delay = scheduled - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            path = paths[n % len(paths)]
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", path, headers={"Host": "127.0.0.1"})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                detail = f"{path} {response.status}"
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as error:
                ok, detail = False, f"{path} {error.__class__.__name__}"
                if connection:
                    connection.close()
                connection = None
            with lock:
                latencies.append(time.monotonic() - scheduled)
                if not ok:
                    errors.append(detail)
        if connection:
            connection.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    return {
        "seconds": round(elapsed, 1),
        "rate_asked": rate,
        "requests": len(latencies),
        "rate_achieved": round(len(latencies) / elapsed, 1) if elapsed > 0 else None,
        "errors": len(errors),
        "error_samples": errors[:5],
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1) if latencies else None,
        "max_ms": round(max(latencies) * 1000, 1) if latencies else None,
        "ok": not errors and len(latencies) == total,
    }


def load_paths():
    from chancery.newsroom.models import PublicationPage

    items = [
        page.url
        for page in PublicationPage.objects.live().public().filter(locale__language_code="en")[:20]
    ]
    month = PublicationPage.objects.live().first().published_at
    return PUBLIC_PATHS + [f"/en/news/{month:%Y/%m}/"] + [u for u in items if u]


# Running them all.


def ensure_tools():
    missing = [
        tool
        for tool in ("nginx", "redis-server")
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists()
    ]
    if not Path("/usr/lib/postgresql").exists():
        missing.append("postgresql")
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(f"Install {' '.join(missing)} (apt-get install {' '.join(missing)}).")
    log(f"Installing {' '.join(missing)} from Debian")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)  # noqa: S607
    subprocess.run(  # noqa: S603
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],  # noqa: S607
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def app_environment(work, postgres, redis):
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO")},
        "DJANGO_SETTINGS_MODULE": "chancery.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": postgres.url,
        "REDIS_URL": redis.url,
        "SECURE_SSL_REDIRECT": "false",
        "CHANCERY_VAR_DIR": str(work / "var"),
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "GUNICORN_BIND": f"127.0.0.1:{APP_PORT}",
        "PYTHONUNBUFFERED": "1",
    }


def main():
    ensure_tools()
    work = Path(tempfile.mkdtemp(prefix="chancery-resilience-drills-", dir="/tmp"))
    stack = []
    results = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    try:
        postgres = PrivatePostgres(work)
        stack.append(postgres.stop)
        postgres.start()
        subprocess.run(  # noqa: S603
            [
                pg_bin("createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(PG_PORT),
                "-U",
                "postgres",
                "chancery_drills",
            ],
            check=True,
        )
        redis = PrivateRedis()
        redis.start()
        stack.append(redis.stop)
        env = app_environment(work, postgres, redis)
        os.environ.update(env)
        import django

        django.setup()
        from django.core.management import call_command

        log("Preparing the database (migrate, demo content, static files)")
        call_command("migrate", interactive=False, verbosity=0)
        username, key, page_ids = setup_content()
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.db import connections

        connections.close_all()
        app = App(work, env)
        stack.append(app.stop)
        app.start()
        log(f"gunicorn: {len(app.workers())} workers (deploy/gunicorn.conf.py)")
        editor = Editor(APP_PORT, username, key)
        editor.sign_in()

        log(f"\n(a) kill -9 of the publishing worker, {KILLS} times")
        results["kills"] = drill_kills(app, editor, page_ids, KILLS)
        report(results["kills"])

        log("\n(b) PostgreSQL restarted during a burst of reading and publishing")
        results["postgres_restart"] = drill_postgres_restart(app, editor, page_ids, postgres)
        report(results["postgres_restart"])

        log("\n(c) Redis stopped, then started again")
        results["redis_stop"] = drill_redis_stop(app, editor, redis)
        report(results["redis_stop"])

        log(f"\n(d) {LOAD_SECONDS:g} s at {LOAD_RATE:g} requests/s through nginx")
        conf = render.render(
            work / "nginx",
            listen_port=NGINX_PORT,
            upstream=f"127.0.0.1:{APP_PORT}",
            static_root=work / "static",
            media_root=work / "media",
        )
        render.start(conf)
        stack.append(lambda: render.stop(conf))
        wait_for_port(NGINX_PORT)
        results["sustained_load"] = fixed_rate_load(
            NGINX_PORT, load_paths(), LOAD_RATE, LOAD_SECONDS
        )
        report(results["sustained_load"])
    finally:
        for stop in reversed(stack):
            try:
                stop()
            except Exception as error:  # keep stopping the others
                log(f"while stopping: {error}")
        shutil.rmtree(work, ignore_errors=True)
    out = ROOT / "var" / "drills"
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2))
    failed = [name for name, r in results.items() if isinstance(r, dict) and not r.get("ok")]
    log(f"\nFigures written to {out / 'latest.json'}")
    log("All drills passed." if not failed else f"FAILED: {', '.join(failed)}")
    return 1 if failed else 0


def report(result):
    for key, value in result.items():
        log(f"  {key:28} {value}")


if __name__ == "__main__":
    sys.exit(main())
