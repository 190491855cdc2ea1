"""docs/readers.md lists every public URL pattern: a new one fails here until it is documented."""

import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from chancery.newsroom.models import NewsIndexPage

DOC = (Path(__file__).parent.parent / "docs" / "readers.md").read_text()
# Patterns that are regular expressions, as the document writes them.
REGEX_FORMS = {
    r"/documents/^(\d+)/(.*)$": "/documents/<id>/<filename>",
    r"/LANG/^((?:[\w\-]+/)*)$": "/LANG/<page path>/",
}
# The archive's own routes (a routable page), as the document writes them.
ARCHIVE_ROUTES = {
    r"^$": ["/LANG/news/"],
    r"^(\d{4})/$": ["/LANG/news/YYYY/"],
    r"^(\d{4})/(\d{2})/$": ["/LANG/news/YYYY/MM/"],
    r"^feeds/(rss|atom|json)/$": [
        "/LANG/news/feeds/rss/",
        "/LANG/news/feeds/atom/",
        "/LANG/news/feeds/json/",
    ],
}


def public_patterns(patterns, prefix=""):
    for pattern in patterns:
        part = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from public_patterns(pattern.url_patterns, prefix + part)
        elif isinstance(pattern, URLPattern):
            yield prefix + part


def documented_form(raw: str) -> str:
    """`en/embargo/<str:token>/` → `/LANG/embargo/<token>/`."""
    path = re.sub(r"^en/", "LANG/", raw)
    path = "/" + re.sub(r"<\w+:(\w+)>", r"<\1>", path)
    if path in REGEX_FORMS:
        return REGEX_FORMS[path]
    return path.replace("^", "").replace("$", "")


def test_every_public_url_pattern_is_documented():
    """Each URL pattern outside the admin appears in docs/readers.md."""
    patterns = [
        p for p in public_patterns(get_resolver().url_patterns) if not p.startswith("admin/")
    ]
    assert len(patterns) > 10
    missing = [
        (raw, documented_form(raw))
        for raw in patterns
        if f"`{documented_form(raw)}" not in DOC and documented_form(raw) != "/"
    ]
    assert not missing, missing


def test_every_archive_route_is_documented():
    """Each route of the archive page (year, month, feeds …) appears in docs/readers.md."""
    # "" is Wagtail's own fallback to the page's serve(), the same address as "^$".
    routes = [str(p.pattern) for p in NewsIndexPage.get_resolver().url_patterns if str(p.pattern)]
    assert set(routes) == set(ARCHIVE_ROUTES), "a new archive route: document it"
    for forms in ARCHIVE_ROUTES.values():
        for form in forms:
            assert f"`{form}" in DOC, form


def test_readme_links_the_readers_document():
    """The README points to docs/readers.md."""
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    assert "(docs/readers.md)" in readme
