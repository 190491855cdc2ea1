"""Times the search page with ordinary and hostile queries, and prints the durations.

    DJANGO_SETTINGS_MODULE=chancery.settings.test .venv/bin/python scripts/bench_search.py [N]

Builds N publications (default 10,000, with `manage.py make_dataset`) in a throwaway test
database (SQLite, or PostgreSQL if DATABASE_URL says so), then asks the search page each
query several times through Django's test client. It asserts nothing about time: it prints,
so a person can judge.
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chancery.settings.test")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

REPEAT = 5
WORDS = [
    "harbour",
    "treaty",
    "fisheries",
    "consular",
    "visa",
    "agreement",
    "ministry",
    "embassy",
    "trade",
    "culture",
]

QUERIES = {
    "one word": "harbour",
    "three words": "harbour treaty fisheries",
    "no match": "zzzzzz",
    "100,000 characters": "harbour " * 12_500,
    "5,000 quotes": '"' * 5_000,
    "operators (500 chars)": ('"a" OR (b AND NOT c*) NEAR/2 {d} ^e ' * 20)[:500],
    "10 words (the cap)": " ".join(WORDS),
}


def build(count):
    """A front page, an archive and `count` publications from `manage.py make_dataset`."""
    from django.core.management import call_command
    from wagtail.models import Locale, Page, Site

    from chancery.core.factories import MissionSettingsFactory
    from chancery.home.factories import HomePageFactory
    from chancery.newsroom.factories import NewsIndexPageFactory, PublicationKindFactory

    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, title="Front page", slug="bench-home")
    Site.objects.all().delete()
    site = Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    MissionSettingsFactory(site=site)
    NewsIndexPageFactory(parent=home)
    PublicationKindFactory(locale=Locale.get_default())
    call_command("make_dataset", count, stdout=io.StringIO())


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.perf_counter()
        build(count)
        print(f"built {count} publications in {time.perf_counter() - started:.1f} s")
        client = Client()
        for label, query in QUERIES.items():
            durations, status = [], None
            for _ in range(REPEAT):
                started = time.perf_counter()
                status = client.get("/en/search/", {"q": query}).status_code
                durations.append(time.perf_counter() - started)
            print(
                f"{label:24} status {status}  median {statistics.median(durations) * 1000:7.1f} ms"
                f"  max {max(durations) * 1000:7.1f} ms"
            )
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
