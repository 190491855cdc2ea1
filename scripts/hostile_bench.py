"""Run by `make drills`: how long the hostile-input corpus takes to answer, request by request.

Runs the hostile-input tests (tests/test_hostile_public.py, tests/test_hostile_admin.py)
with Django's test client timed around every request, and prints, per suite, the number of
requests, their median, p99 and longest answer times (the issue's bound is 1 second each)
and the slowest request. The tests assert what the answers say; this script only measures,
and exits 1 if the tests fail or an answer took longer than the bound.
HOSTILE_BENCH_DATABASE_URL runs them on another database (PostgreSQL, say) instead of SQLite.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOUND = 1.0  # seconds
SUITES = {
    "public URLs": "tests/test_hostile_public.py",
    "admin forms": "tests/test_hostile_admin.py",
}


class RequestTimer:
    """A pytest plugin timing every request the test client makes, by suite."""

    def __init__(self):
        self.times = {name: [] for name in SUITES}
        self.current = None

    def pytest_runtest_setup(self, item):
        self.current = next(
            (name for name, path in SUITES.items() if item.nodeid.startswith(path)), None
        )

    def pytest_configure(self, config):
        from django.test import Client

        original = Client.request
        timer = self

        def timed(client, **request):
            start = time.perf_counter()
            try:
                return original(client, **request)
            finally:
                if timer.current is not None:
                    path = request.get("PATH_INFO", "")
                    timer.times[timer.current].append(
                        (time.perf_counter() - start, request.get("REQUEST_METHOD"), path)
                    )

        Client.request = timed


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    import pytest

    os.chdir(ROOT)
    os.environ["DJANGO_SETTINGS_MODULE"] = "chancery.settings.test"
    if os.environ.get("HOSTILE_BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["HOSTILE_BENCH_DATABASE_URL"]
    else:
        os.environ.pop("DATABASE_URL", None)
    timer = RequestTimer()
    started = time.perf_counter()
    status = pytest.main(["-q", "-p", "no:cacheprovider", *SUITES.values()], plugins=[timer])
    wall = time.perf_counter() - started
    figures = {"wall_seconds": round(wall, 1), "tests_passed": status == 0}
    slow = False
    for name, times in timer.times.items():
        seconds = [t for t, _method, _path in times]
        if not seconds:
            continue
        longest = max(times)
        figures[name] = {
            "requests": len(seconds),
            "median_ms": round(statistics.median(seconds) * 1000, 1),
            "p99_ms": round(percentile(seconds, 0.99) * 1000, 1),
            "max_ms": round(longest[0] * 1000, 1),
            "slowest": f"{longest[1]} {longest[2][:100]}",
        }
        slow = slow or longest[0] > BOUND
    print(json.dumps(figures, indent=2))
    sys.exit(1 if status != 0 or slow else 0)


if __name__ == "__main__":
    main()
