"""The static mirror: the whole public site as files that nginx serves while the app is down.

Every page is rendered by the application itself (Django's test client against the real
URLconf, as an anonymous reader, with the page cache bypassed), so the mirror holds exactly
what a reader without an account sees: live, public pages only. Drafts, scheduled and
embargoed items answer 404 to a reader and private pages redirect to the login, so none of
them is written.

Addresses map to files so that nginx can find them with `try_files` (deploy/nginx):

- `/en/news/` -> `en/news/index.html` (`index.rss`, `index.atom`, `index.json`, `index.xml`
  or `index.txt` for feeds and other types);
- `/robots.txt`, `/static/css/chancery.css` -> the same path;
- with a query string, `/en/news/?page=2` -> `en/news/.q/page=2/index.html` and
  `/en/sitemap-pages.xml?p=2` -> `en/sitemap-pages.xml.q/p=2` (nginx: `$uri.q/$args`).
"""

import html
import os
import posixpath
import re
import shutil
import tempfile
import uuid
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.test.utils import override_settings
from wagtail.models import Page, Site

# Extensions nginx's mime.types maps back to the right Content-Type.
EXTENSIONS = [
    ("text/html", "html"),
    ("application/rss+xml", "rss"),
    ("application/atom+xml", "atom"),
    ("application/feed+json", "json"),
    ("application/json", "json"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
    ("text/plain", "txt"),
]
INDEX_NAMES = [f"index.{ext}" for ext in dict.fromkeys(ext for _type, ext in EXTENSIONS)]
QUERY_MARK = ".q"
# Addresses that are not public reading: the admin, secret embargo links, the API.
SKIPPED_PREFIXES = ("/admin/",)
SKIPPED_PATTERNS = (re.compile(r"^/[^/]+/embargo/"), re.compile(r"^/[^/]+/api/"))
LINK_ATTRIBUTES = {"href", "src"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
XML_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")


def mirror_path(url: str, content_type: str = "text/html") -> str:
    """The file (relative to the mirror's root) that holds the site-relative `url`."""
    parts = urlsplit(url)
    path = unquote(parts.path) or "/"
    if ".." in path.split("/"):
        raise ValueError(url)
    directory = path.endswith("/")
    name = path.lstrip("/")
    if parts.query:
        # nginx compares $args as sent; a "/" in it cannot be a file name.
        name = f"{name.rstrip('/')}{'/' if directory else ''}{QUERY_MARK}/"
        name += parts.query.replace("/", "%2F")
        directory = True
    if directory:
        name = f"{name.rstrip('/')}/index.{extension(content_type)}".lstrip("/")
    return name


def extension(content_type: str) -> str:
    media_type = content_type.split(";")[0].strip().lower()
    for prefix, ext in EXTENSIONS:
        if media_type == prefix:
            return ext
    if media_type.endswith("+json"):
        return "json"
    if media_type.endswith("+xml"):
        return "xml"
    return "html"


def candidate_files(url: str) -> list[str]:
    """Every file nginx's `try_files` in deploy/nginx would look at for `url`, in order."""
    parts = urlsplit(url)
    path = unquote(parts.path) or "/"
    candidates = []
    if parts.query:
        base = f"{path}{QUERY_MARK}/{parts.query.replace('/', '%2F')}"
        candidates += [base] + [f"{base}/{index}" for index in INDEX_NAMES]
    candidates += [path] + [f"{path.rstrip('/')}/{index}" for index in INDEX_NAMES]
    return [candidate.lstrip("/") for candidate in candidates if not candidate.endswith("/")]


class LinkParser(HTMLParser):
    """Collects every href, src and srcset of an HTML document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if name in LINK_ATTRIBUTES:
                self.links.append(value.strip())
            elif name == "srcset":
                self.links += [item.strip().split()[0] for item in value.split(",") if item.strip()]


def html_links(body: bytes) -> list[str]:
    parser = LinkParser()
    parser.feed(body.decode("utf-8", errors="replace"))
    return parser.links


@dataclass
class MirrorReport:
    """What `build_mirror` wrote and what it could not."""

    files: dict = field(default_factory=dict)  # site-relative URL -> mirror file
    failed: dict = field(default_factory=dict)  # site-relative URL -> HTTP status
    redirects: dict = field(default_factory=dict)  # site-relative URL -> target


class Mirror:
    """One crawl of the public site into `root`."""

    def __init__(self, root: Path, site: Site, max_urls: int):
        self.root = root
        self.site = site
        self.max_urls = max_urls
        self.host = site.hostname
        self.secure = site.port == 443
        origin_port = "" if site.port in (80, 443) else f":{site.port}"
        self.origin = f"{'https' if self.secure else 'http'}://{site.hostname}{origin_port}"
        self.client = Client(
            HTTP_HOST=f"{site.hostname}{origin_port}", raise_request_exception=False
        )
        self.queue = deque()
        self.seen = set()
        self.report = MirrorReport()

    def internal(self, link: str, base: str) -> str | None:
        """`link` as a site-relative URL (path and query) if it is on this site, else None."""
        link = html.unescape(link)
        if link.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            return None
        absolute = urljoin(self.origin + base, link)
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or parts.hostname != self.host:
            return None
        relative = parts.path or "/"
        return f"{relative}?{parts.query}" if parts.query else relative

    def add(self, url: str | None):
        if url is None or url in self.seen:
            return
        path = urlsplit(url).path
        if path.startswith(SKIPPED_PREFIXES) or any(p.match(path) for p in SKIPPED_PATTERNS):
            return
        if len(self.seen) >= self.max_urls:
            raise RuntimeError(f"more than {self.max_urls} addresses; raise --max-urls")
        self.seen.add(url)
        self.queue.append(url)

    def write(self, url: str, content: bytes, content_type: str):
        name = mirror_path(url, content_type)
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        self.report.files[url] = name

    def fetch(self, url: str):
        path = urlsplit(url).path
        if path.startswith(settings.MEDIA_URL):
            return self.copy_media(url)
        response = self.client.get(url, secure=self.secure)
        # The test client closes the response itself (a second close would end the
        # database connection through request_finished).
        content = b"".join(response.streaming_content) if response.streaming else response.content
        content_type = response.get("Content-Type", "text/html")
        if response.status_code in (301, 302, 303, 307, 308):
            target = response["Location"]
            self.report.redirects[url] = target
            self.write(url, redirect_page(target), "text/html")
            self.add(self.internal(target, url))
            return
        if response.status_code != 200:
            if path.startswith(settings.STATIC_URL) and self.copy_static(url):
                return
            self.report.failed[url] = response.status_code
            return
        self.write(url, content, content_type)
        for link in self.links_in(content, content_type):
            self.add(self.internal(link, url))

    def links_in(self, content: bytes, content_type: str):
        media_type = content_type.split(";")[0].strip()
        if media_type == "text/html":
            return html_links(content)
        if media_type == "text/css":
            return CSS_URL.findall(content.decode("utf-8", errors="replace"))
        if media_type.endswith("xml"):
            return XML_LOC.findall(content.decode("utf-8", errors="replace"))
        return []

    def copy_media(self, url: str):
        """Media files are nginx's to serve; the mirror takes them from MEDIA_ROOT."""
        relative = unquote(urlsplit(url).path).removeprefix(settings.MEDIA_URL)
        source = Path(settings.MEDIA_ROOT) / relative
        if ".." in relative.split("/") or not source.is_file():
            self.report.failed[url] = 404
            return
        target = self.root / mirror_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        self.report.files[url] = mirror_path(url)

    def copy_static(self, url: str) -> bool:
        """A static file the application does not serve itself (no collectstatic yet)."""
        relative = unquote(urlsplit(url).path).removeprefix(settings.STATIC_URL)
        found = finders.find(relative)
        if not found:
            return False
        target = self.root / mirror_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(found, target)
        self.report.files[url] = mirror_path(url)
        for link in CSS_URL.findall(Path(found).read_text(errors="replace")):
            if target.suffix == ".css":
                self.add(self.internal(link, url))
        return True

    def run(self):
        for url in seeds(self.site):
            self.add(self.internal(url, "/"))
        while self.queue:
            self.fetch(self.queue.popleft())
        return self.report


def redirect_page(target: str) -> bytes:
    """A stand-in for a redirect: nginx serves files, not Location headers."""
    safe = html.escape(target, quote=True)
    return (
        f'<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0; url={safe}">'
        f'<link rel="canonical" href="{safe}"><a href="{safe}">{safe}</a>\n'
    ).encode()


def seeds(site: Site) -> list[str]:
    """Where the crawl starts: every language's front page, sitemaps and robots.txt, every
    live public page, and for every archive its feeds, every numbered page and every month."""
    from chancery.core.models import MissionSettings
    from chancery.newsroom.models import ARCHIVE_PAGE_SIZE, NewsIndexPage, month_counts
    from chancery.newsroom.paging import page_count

    zone = MissionSettings.for_site(site).reference_zone

    urls = ["/", "/robots.txt"]
    for code, _name in settings.LANGUAGES:
        urls += [f"/{code}/", f"/{code}/sitemap.xml"]
    root = site.root_page
    pages = Page.objects.live().public().specific()
    roots = [root, *root.get_translations()]
    for page in pages.filter(depth__gte=root.depth):
        if any(page.path.startswith(r.path) for r in roots):
            url = page.get_url(None)
            if url:
                urls.append(url)
    for index in NewsIndexPage.objects.live().public():
        url = index.get_url(None)
        if not url:
            continue
        urls += [f"{url}feeds/{fmt}/" for fmt in ("rss", "atom", "json")]
        total = page_count(index.publications().count(), ARCHIVE_PAGE_SIZE)
        urls += [f"{url}?page={number}" for number in range(2, total + 1)]
        # Months as the archive counts them: in the mission's zone.
        for start, _count in month_counts(index.publications(), zone):
            urls += [f"{url}{start:%Y}/", f"{url}{start:%Y/%m}/"]
    return list(dict.fromkeys(urls))


def build_mirror(target: Path, *, site: Site | None = None, max_urls: int = 1_000_000):
    """Crawl the public site of `site` (the default site) into `target`; return the report.

    The new mirror is written beside `target` and swapped in at the end, so nginx never
    serves a half-written one.
    """
    target = Path(target).resolve()
    site = site or Site.objects.get(is_default_site=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        # The page cache off: every page is rendered now from the database.
        with override_settings(CHANCERY_PAGE_CACHE_SECONDS=0):
            report = Mirror(staging, site, max_urls).run()
        staging.chmod(0o755)
        swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return report


def swap(new: Path, target: Path):
    """Put `new` at `target`, removing the old mirror only once the new one is in place."""
    old = None
    if target.exists():
        old = target.parent / f".{target.name}-old-{uuid.uuid4().hex}"
        os.replace(target, old)
    os.replace(new, target)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def unresolved_links(root: Path, origin_host: str) -> dict[str, list[str]]:
    """For each HTML file of the mirror at `root`, its internal links with no file to serve.

    Used by the tests and by `manage.py mirror --check`.
    """
    problems = {}
    for path in root.rglob("*.html"):
        relative = "/" + path.relative_to(root).as_posix()
        base = relative
        if QUERY_MARK + "/" in base:
            base = base.split(QUERY_MARK + "/")[0]
        base = posixpath.dirname(base) + "/"
        missing = []
        for link in html_links(path.read_bytes()):
            link = html.unescape(link)
            if link.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
                continue
            parts = urlsplit(urljoin(f"http://{origin_host}{base}", link))
            if parts.hostname != origin_host:
                continue
            url = f"{parts.path}?{parts.query}" if parts.query else parts.path
            if not any((root / c).is_file() for c in candidate_files(url)):
                missing.append(url)
        if missing:
            problems[relative] = missing
    return problems
