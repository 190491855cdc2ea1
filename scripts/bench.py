"""`make bench`: Chancery against the static-file limit, at 1,000 and 100,000 items.

For each dataset size it builds (or reuses) a PostgreSQL database, starts the production
configuration from deploy/ on 127.0.0.1 (gunicorn with deploy/gunicorn.conf.py, nginx with
deploy/nginx/chancery.conf), measures every endpoint with wrk in three modes (uncached:
the page cache off; app_cache: gunicorn with its page cache; nginx: the full production
stack) and a static copy of the same page's HTML served by nginx, then stops exactly the
processes it started. It prints the table, writes var/bench/latest.json, and records the
in-process figures (median render time and SQL queries per page, cache bypassed).

Environment: BENCH_SIZES (default "1000,100000"), BENCH_DURATION (seconds per run, 5),
BENCH_CONNECTIONS (16), BENCH_POSTGRES (server URL without database),
BENCH_REDIS (redis://127.0.0.1:6379/7), BENCH_PORT_BASE (8710). Every dataset gets its
search index (make_dataset writes the entries in bulk), so search is measured at every size.
"""

import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy import render  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
VAR = ROOT / "var" / "bench"
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,100000").split(",") if n]
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/7")
PORT_BASE = int(os.environ.get("BENCH_PORT_BASE", "8710"))
ENDPOINTS = ["front", "item", "archive", "archive_deep", "month", "search", "feed", "sitemap"]
MODES = ["uncached", "app_cache", "nginx"]
# Where the discovery features live; the first that answers 200 is measured.
CANDIDATES = {
    "search": ["/en/search/?q={word}"],
    "feed": ["/en/news/feeds/rss/"],
    # The largest file of the sitemap (the index only names the files).
    "sitemap": ["/en/sitemap-publications.xml"],
}


def log(message):
    print(message, flush=True)


def ensure_tools():
    missing = [tool for tool in ("wrk", "nginx") if not shutil.which(tool)]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(f"Install {' '.join(missing)} (apt-get install {' '.join(missing)}).")
    log(f"Installing {' '.join(missing)} from Debian")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)  # noqa: S607
    subprocess.run(  # noqa: S603
        ["apt-get", "install", "-y", "-qq", *missing],  # noqa: S607
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def app_env(items, page_cache=True, bind=""):
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO")},
        "DJANGO_SETTINGS_MODULE": "chancery.settings.production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{POSTGRES}/chancery_performance_bench_{items}",
        "REDIS_URL": REDIS,
        "SECURE_SSL_REDIRECT": "false",
        "CHANCERY_VAR_DIR": str(VAR / "var"),
        "STATIC_ROOT": str(VAR / "static"),
        "MEDIA_ROOT": str(VAR / "media"),
        "PAGE_CACHE_SECONDS": "900" if page_cache else "0",
        "GUNICORN_BIND": bind,
        "LOG_LEVEL": "ERROR",
    }


SECRET_KEY = secrets.token_urlsafe(60)


def manage(items, *args, capture=False):
    return subprocess.run(  # noqa: S603
        [str(PYTHON), str(ROOT / "manage.py"), *args],
        env=app_env(items),
        cwd=ROOT,
        check=True,
        capture_output=capture,
        text=True,
    )


def prepare_database(items):
    """Create the size's database if needed, migrate it, fill it to `items` publications."""
    name = f"chancery_performance_bench_{items}"
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    log(f"[{items}] migrating")
    manage(items, "migrate", "--no-input", "-v", "0")
    started = time.monotonic()
    manage(items, "make_dataset", str(items))
    log(f"[{items}] dataset ready in {time.monotonic() - started:.0f} s")


def wait_until_up(url, deadline=60):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


class Gunicorn:
    """gunicorn as deploy/chancery-web.service runs it, on a bench port; stopped by its pid."""

    def __init__(self, items, port, page_cache):
        self.port = port
        self.process = subprocess.Popen(  # noqa: S603
            [str(GUNICORN), "--config", str(ROOT / "deploy" / "gunicorn.conf.py"), "chancery.wsgi"],
            env=app_env(items, page_cache, f"127.0.0.1:{port}"),
            cwd=ROOT,
        )
        wait_until_up(f"http://127.0.0.1:{port}/en/")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    return float(match.group(1)) * UNITS[match.group(2)] if match else None


def wrk(url):
    """requests/s, p50 ms, p99 ms and errors of one wrk run against `url`."""
    result = subprocess.run(  # noqa: S603
        [
            shutil.which("wrk"),
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}s",
            "--timeout",
            "10s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        errors += sum(int(n) for n in match.groups())
    return {
        "rps": round(rps, 1),
        "p50_ms": round(p50, 2),
        "p99_ms": round(p99, 2),
        "errors": errors,
    }


def endpoint_urls(items, base):
    """The URL of each endpoint in this dataset (found through the running application)."""
    info = json.loads(
        manage(items, "shell", "-c", INFO_SCRIPT, capture=True).stdout.strip().splitlines()[-1]
    )
    urls = {
        "front": "/en/",
        "item": info["item"],
        "archive": "/en/news/",
        "archive_deep": f"/en/news/?page={max(1, info['pages'] // 2)}",
        "month": info["month"],
    }
    for name, candidates in CANDIDATES.items():
        urls[name] = None
        if name == "search" and not info["search_indexed"]:
            # An empty index answers at once: figures for it would flatter search.
            log(f"[{items}] search not measured: the dataset was built without its index")
            continue
        for candidate in candidates:
            url = candidate.format(word=info["word"])
            if get(base + url)[0] == 200:
                urls[name] = url
                break
    return urls, info


INFO_SCRIPT = """
import json
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.search.models import IndexEntry
from chancery.newsroom.models import NewsIndexPage, PublicationPage
news = NewsIndexPage.objects.filter(locale__language_code="en").first()
items = news.publications().newest_first()
total = items.count()
middle = items[total // 2]
zone = __import__("zoneinfo").ZoneInfo("UTC")
local = timezone.localtime(middle.published_at)
print(json.dumps({
    "item": middle.url,
    "pages": -(-total // 10),
    "total": total,
    "month": f"{news.url}{local.year}/{local.month:02d}/",
    "word": "harbour",
    "search_indexed": IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(PublicationPage)
    ).count() >= 0.99 * PublicationPage.objects.count(),
}))
"""


def measure_size(items, rows, inprocess):
    ports = {"uncached": PORT_BASE + 1, "app_cache": PORT_BASE + 2, "nginx": PORT_BASE + 3}
    prepare_database(items)
    log(f"[{items}] in-process render times (cache bypassed)")
    figures = json.loads(
        subprocess.run(  # noqa: S603
            [str(PYTHON), str(ROOT / "scripts" / "bench_inprocess.py")],
            env=app_env(items, page_cache=False),
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    for entry in figures:
        entry["items"] = items
    inprocess.extend(figures)

    flush_redis()
    uncached = Gunicorn(items, ports["uncached"], page_cache=False)
    nginx_conf = None
    cached = None
    try:
        base = f"http://127.0.0.1:{ports['uncached']}"
        urls, info = endpoint_urls(items, base)
        log(f"[{items}] endpoints: {urls}")
        pages_dir = VAR / "static-pages"
        pages_dir.mkdir(parents=True, exist_ok=True)
        for name, url in urls.items():
            if url:
                (pages_dir / f"{name}-{items}.html").write_bytes(get(base + url)[1])
        results = {name: {} for name in ENDPOINTS}
        for name, url in urls.items():
            if url:
                get(base + url)
                results[name]["uncached"] = wrk(base + url)
                log(f"[{items}] uncached {name}: {results[name]['uncached']}")
        uncached.stop()
        uncached = None

        flush_redis()
        cached = Gunicorn(items, ports["app_cache"], page_cache=True)
        nginx_conf = render.render(
            VAR / "nginx",
            listen_port=ports["nginx"],
            upstream=f"127.0.0.1:{ports['app_cache']}",
            static_root=VAR / "static",
            media_root=VAR / "media",
            extra_server=(
                f"    location /bench-static/ {{\n        alias {pages_dir}/;\n"
                "        default_type text/html;\n    }\n"
            ),
        )
        render.start(nginx_conf)
        wait_until_up(f"http://127.0.0.1:{ports['nginx']}/en/")
        for name, url in urls.items():
            if not url:
                continue
            static = wrk(f"http://127.0.0.1:{ports['nginx']}/bench-static/{name}-{items}.html")
            results[name]["static"] = static
            for mode in ("app_cache", "nginx"):
                target = f"http://127.0.0.1:{ports[mode]}{url}"
                get(target)
                get(target)
                results[name][mode] = wrk(target)
                log(f"[{items}] {mode} {name}: {results[name][mode]} static {static['rps']}")
    finally:
        if uncached:
            uncached.stop()
        if nginx_conf:
            render.stop(nginx_conf)
        if cached:
            cached.stop()
    for name in ENDPOINTS:
        static = results[name].get("static")
        for mode in MODES:
            figures = results[name].get(mode)
            if figures is None:
                rows.append(
                    {
                        "endpoint": name,
                        "items": items,
                        "mode": mode,
                        "rps": 0.0,
                        "p50_ms": None,
                        "p99_ms": None,
                        "errors": None,
                        "ratio_to_static": None,
                    }
                )
                continue
            ratio = figures["rps"] / static["rps"] if static and static["rps"] else None
            rows.append(
                {
                    "endpoint": name,
                    "items": items,
                    "mode": mode,
                    **figures,
                    "ratio_to_static": round(ratio, 4) if ratio is not None else None,
                }
            )
        if static:
            rows_static[(name, items)] = static


rows_static = {}


def flush_redis():
    """Empty the benchmark's own Redis database (never another one)."""
    match = re.fullmatch(r"redis://([^:/]+):(\d+)/(\d+)", REDIS)
    if not match:
        return
    host, port, db = match.groups()
    subprocess.run(  # noqa: S603
        ["redis-cli", "-h", host, "-p", port, "-n", db, "flushdb"],  # noqa: S607
        check=False,
        capture_output=True,
    )


def print_table(rows, inprocess):
    log("")
    log(
        f"{'endpoint':<13}{'items':>8} {'mode':<10}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'errors':>8}{'static/s':>10}{'ratio':>8}"
    )
    for row in rows:
        static = rows_static.get((row["endpoint"], row["items"]), {}).get("rps")
        ratio = row["ratio_to_static"]
        log(
            f"{row['endpoint']:<13}{row['items']:>8} {row['mode']:<10}{row['rps']:>10.1f}"
            f"{row['p50_ms'] if row['p50_ms'] is not None else '-':>9}"
            f"{row['p99_ms'] if row['p99_ms'] is not None else '-':>9}"
            f"{row['errors'] if row['errors'] is not None else '-':>8}"
            f"{static if static else '-':>10}"
            f"{ratio if ratio is not None else 'n/a':>8}"
        )
    log("")
    log("In-process, cache bypassed (median of repeated renders):")
    log(f"{'endpoint':<13}{'items':>8}{'median ms':>11}{'queries':>9}")
    for entry in inprocess:
        log(
            f"{entry['endpoint']:<13}{entry['items']:>8}{entry['median_ms']:>11}"
            f"{entry['queries']:>9}"
        )


def main():
    ensure_tools()
    VAR.mkdir(parents=True, exist_ok=True)
    log("Collecting static files")
    manage(SIZES[0], "collectstatic", "--no-input", "-v", "0")
    rows, inprocess = [], []
    started = time.monotonic()
    for items in SIZES:
        measure_size(items, rows, inprocess)
    (VAR / "latest.json").write_text(json.dumps(rows, indent=2) + "\n")
    (VAR / "inprocess.json").write_text(
        json.dumps(
            {
                "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores",
                "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                "static_rps": {f"{k[0]}@{k[1]}": v["rps"] for k, v in rows_static.items()},
                "pages": inprocess,
            },
            indent=2,
        )
        + "\n"
    )
    print_table(rows, inprocess)
    log(f"\nWrote {VAR / 'latest.json'} in {time.monotonic() - started:.0f} s.")


if __name__ == "__main__":
    main()
