"""`manage.py run_worker`: publishes and expires scheduled items on the minute, runs periodic jobs.

Operators run one (or more, for redundancy) beside the web server; `make demo` starts one
and deploy/chancery-worker.service runs it under systemd. SIGTERM or Ctrl-C stops it
cleanly: the item being published is finished, then it exits.
"""

import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connections
from django.utils import timezone

from chancery.scheduling.jobs import registered_jobs
from chancery.scheduling.publishing import fire_due, next_due_at

logger = logging.getLogger("chancery.scheduling.worker")


def run_jobs(stop: threading.Event, *, once: bool = False) -> None:
    """Call each registered job when its interval has passed, until `stop` is set."""
    next_run = {}
    while not stop.is_set():
        for job in registered_jobs():
            if stop.is_set():
                break
            if time.monotonic() < next_run.get(job.name, 0):
                continue
            close_old_connections()
            try:
                job.func()
            except Exception:
                # One failing job (a feed that is down) must not stop the others.
                logger.exception("Periodic job %s failed", job.name)
            next_run[job.name] = time.monotonic() + job.every.total_seconds()
        if once:
            break
        upcoming = min(next_run.values(), default=time.monotonic() + 1)
        stop.wait(max(0.1, min(upcoming - time.monotonic(), 5)))
    connections.close_all()


class Command(BaseCommand):
    help = (
        "Publish and expire scheduled items at their minute, and run the periodic jobs "
        "(such as polling the ministry's feeds). Stops cleanly on SIGTERM or Ctrl-C."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=10.0,
            help="Seconds between checks for newly scheduled items (1 to 60, default 10).",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="Publish and expire what is due, run every job once, and exit.",
        )
        parser.add_argument(
            "--no-jobs",
            action="store_true",
            help="Only publish and expire; do not run the periodic jobs.",
        )

    def handle(self, *args, interval, once, no_jobs, **options):
        if not 1 <= interval <= 60:
            raise CommandError("--interval must be between 1 and 60 seconds.")
        if once:
            self.fire()
            if not no_jobs:
                run_jobs(threading.Event(), once=True)
            return

        stop = threading.Event()

        def request_stop(signum, frame):
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)

        job_thread = None
        if not no_jobs:
            job_thread = threading.Thread(target=run_jobs, args=(stop,), name="jobs", daemon=True)
            job_thread.start()
        names = ", ".join(job.name for job in registered_jobs()) or "none"
        self.stdout.write(f"Worker started (checks every {interval:g} s; jobs: {names}).")

        while not stop.is_set():
            try:
                self.fire()
                wake = self.seconds_until_next_check(interval)
            except Exception:
                # The database may be restarting: try again at the next check.
                logger.exception("Scheduled publishing failed; retrying")
                close_old_connections()
                wake = interval
            stop.wait(wake)

        if job_thread is not None:
            job_thread.join(timeout=30)
        connections.close_all()
        self.stdout.write("Worker stopped.")

    def fire(self):
        close_old_connections()
        for fired in fire_due(timezone.now()):
            self.stdout.write(
                f"{timezone.now():%Y-%m-%d %H:%M:%S} UTC: {fired.action} {fired.label} "
                f"(due {fired.due_at:%Y-%m-%d %H:%M:%S} UTC)"
            )

    def seconds_until_next_check(self, interval: float) -> float:
        """Wake at the next go-live or expiry if it comes before the next regular check."""
        due = next_due_at()
        now = timezone.now()
        if due is None or due <= now:
            # Anything already due was tried just now (and failed, and was logged).
            return interval
        return min(interval, (due - now).total_seconds())
