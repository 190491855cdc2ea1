"""In-process figures for `make bench`: median render time and SQL queries per page.

Runs inside Django with the page cache off (the caller sets PAGE_CACHE_SECONDS=0), renders
each endpoint repeatedly through Django's test client, and prints one JSON list.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chancery.settings.production")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from chancery.newsroom.models import NewsIndexPage  # noqa: E402

RUNS = int(os.environ.get("BENCH_RENDERS", "15"))
CANDIDATES = {
    "search": ["/en/search/?q={word}"],
    "feed": ["/en/news/feeds/rss/"],
    # The largest file of the sitemap (the index only names the files).
    "sitemap": ["/en/sitemap-publications.xml"],
}


class QueryCounter:
    """Counts the SQL statements run while it is installed as an execute wrapper."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __len__(self):
        return self.count


def main():
    client = Client(HTTP_HOST="127.0.0.1")
    news = NewsIndexPage.objects.filter(locale__language_code="en").first()
    items = news.publications().newest_first()
    total = items.count()
    middle = items[total // 2]
    month = middle.published_at
    urls = {
        "front": "/en/",
        "item": middle.url,
        "archive": news.url,
        "archive_deep": f"{news.url}?page={max(1, -(-total // 10) // 2)}",
        "month": f"{news.url}{month.year}/{month.month:02d}/",
    }
    for name, candidates in CANDIDATES.items():
        urls[name] = next(
            (
                u
                for u in (c.format(word="harbour") for c in candidates)
                if client.get(u).status_code == 200
            ),
            None,
        )
    figures = []
    for name, url in urls.items():
        if url is None:
            continue
        client.get(url)
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            client.get(url)
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        figures.append(
            {
                "endpoint": name,
                "url": url,
                "median_ms": round(statistics.median(times), 2),
                "queries": len(queries),
            }
        )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
