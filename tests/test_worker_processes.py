"""Real worker processes against the test database: on time, once, killed, stopped.

These start `manage.py run_worker` as separate processes, so the data they must see is
committed (transactional tests). Every wait is bounded and every process is stopped.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connections
from django.utils import timezone

from chancery.newsroom.factories import PublicationPageFactory
from tests.test_scheduling import schedule, scheduled_publish_count

# serialized_rollback restores what migrations create (the default locale, the root page),
# which a transactional test otherwise flushes for the tests after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


def database_url():
    """The test database (not the development one) as a DATABASE_URL for the workers."""
    conf = connections["default"].settings_dict
    if conf["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{conf['NAME']}"
    user = quote(conf["USER"] or "", safe="")
    password = quote(conf["PASSWORD"] or "", safe="")
    return f"postgres://{user}:{password}@{conf['HOST']}:{conf['PORT'] or 5432}/{conf['NAME']}"


def worker_env(**extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "chancery.settings.test",
        "DATABASE_URL": database_url(),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


class Worker:
    """A worker process whose output goes to a file the test can read while it runs."""

    def __init__(self, tmp_path, name, *args, command=None, env=None):
        self.log = tmp_path / f"{name}.log"
        self.handle = self.log.open("w")
        argv = command or [sys.executable, MANAGE, "run_worker", *args]
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and manage.py)
            argv,
            env=env or worker_env(),
            stdout=self.handle,
            stderr=subprocess.STDOUT,
            cwd=settings.BASE_DIR,
        )

    def output(self):
        return self.log.read_text()

    def stop(self, sig=signal.SIGTERM):
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=30)
        finally:
            self.handle.close()

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        self.handle.close()


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}")


@pytest.fixture
def workers():
    started = []
    yield started
    for worker in started:
        worker.kill()


def test_two_workers_publish_each_item_once_at_its_minute(tmp_path, workers, news, statement_kind):
    """Two workers that wake for the same go-live publish every item, each exactly once, and
    stop cleanly on SIGTERM."""
    go_live = timezone.now().replace(microsecond=0) + dt.timedelta(seconds=7)
    pages = [schedule(PublicationPageFactory(parent=news, live=False), go_live) for _ in range(8)]
    for name in ("a", "b"):
        # A 60 s check interval: the items go live on time only if the worker wakes for them.
        workers.append(Worker(tmp_path, name, "--interval", "60", "--no-jobs"))

    def all_live():
        return all(type(page).objects.get(pk=page.pk).live for page in pages)

    wait_for(all_live, 50, "the scheduled items to go live")
    for worker in workers:
        assert worker.stop(signal.SIGTERM) == 0, worker.output()
        assert "Worker stopped." in worker.output()
    for page in pages:
        page.refresh_from_db()
        assert scheduled_publish_count(page) == 1
        assert go_live <= page.first_published_at < go_live + dt.timedelta(seconds=60)
    reported = sum(w.output().count("published ") for w in workers)
    assert reported == len(pages)


STALLING_WORKER = """
import os, time
import django
django.setup()
from django.core.management import call_command
from wagtail.signals import page_published

def stall(sender, **kwargs):
    # Inside the publishing transaction: the process is killed here, before it commits.
    open(os.environ["MARKER"], "w").close()
    time.sleep(60)

page_published.connect(stall)
call_command("run_worker", "--once", "--no-jobs")
"""


def test_worker_killed_while_publishing_leaves_the_item_to_the_next(
    tmp_path, workers, news, statement_kind
):
    """A worker killed halfway publishes nothing; the restarted one publishes the item once."""
    page = schedule(
        PublicationPageFactory(parent=news, live=False),
        timezone.now() - dt.timedelta(seconds=1),
    )
    marker = tmp_path / "publishing"
    stalled = Worker(
        tmp_path,
        "stalled",
        command=[sys.executable, "-c", STALLING_WORKER],
        env=worker_env(MARKER=str(marker)),
    )
    workers.append(stalled)
    wait_for(marker.exists, 30, "the first worker to start publishing")
    stalled.kill()

    page.refresh_from_db()
    assert not page.live
    assert scheduled_publish_count(page) == 0

    restarted = Worker(tmp_path, "restarted", "--interval", "1", "--no-jobs")
    workers.append(restarted)
    wait_for(lambda: type(page).objects.get(pk=page.pk).live, 30, "the restarted worker")
    assert restarted.stop() == 0
    assert scheduled_publish_count(page) == 1
