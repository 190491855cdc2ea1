"""The public URL space, discovered from the URL resolver and the page tree, not hand-listed.

`public_urls()` gives one reachable URL for every public URL pattern: each Django pattern
outside the admin (its arguments filled with sample values), each live page, and each route
of a routable page (its regex groups filled with a real year and month).
"""

import re

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

SAMPLES = {"int": "1", "slug": "sample", "str": "sample", "path": "sample", "uuid": None}
ADMIN_PREFIXES = ("admin/", "django-admin/", "cms/")


def _fill_route(route: str) -> str | None:
    def sample(match):
        converter = match.group(1) or "str"
        return SAMPLES.get(converter) or "sample"

    if "<uuid:" in route:
        return None
    return re.sub(r"<(?:(\w+):)?\w+>", sample, route)


def _fill_regex(regex: str, year: int = 2024, month: int = 1) -> str:
    text = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    text = re.sub(r"\(\?P<\w+>\\d\{4\}\)|\(\\d\{4\}\)", str(year), text)
    text = re.sub(r"\(\?P<\w+>\\d\{2\}\)|\(\\d\{2\}\)", f"{month:02d}", text)
    text = re.sub(r"\(\?P<\w+>[^)]*\)|\([^)]*\)", "1", text)
    text = re.sub(r"[?*+]|\\", "", text)
    return text


def _walk(patterns, prefix=""):
    for pattern in patterns:
        raw = str(pattern.pattern)
        if hasattr(pattern.pattern, "regex") and not hasattr(pattern.pattern, "_route"):
            part = _fill_regex(raw)
        else:
            part = _fill_route(raw)
            if part is None:
                continue
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + part)
        elif isinstance(pattern, URLPattern):
            yield prefix + part


def resolver_urls(language="en") -> list[str]:
    """A sample URL for every pattern outside the admin, with its language prefix."""
    urls = []
    for raw in _walk(get_resolver().url_patterns):
        # i18n_patterns show their prefix as the active language; make it explicit.
        path = "/" + raw.lstrip("/")
        if path.lstrip("/").startswith(ADMIN_PREFIXES):
            continue
        if "sample" in path and path.rstrip("/").endswith("sample"):
            # Wagtail's catch-all serve pattern: covered page by page below.
            pass
        try:
            resolve(path)
        except Resolver404:
            continue
        urls.append(path)
    return sorted(set(urls))


def page_urls(year: int, month: int) -> list[str]:
    """One live page of each page type and every route of it if it is routable.

    A page type is one URL pattern: its other pages are served by the same code.
    """
    urls = []
    seen_types = set()
    for page in Page.objects.live().specific().exclude(depth=1).order_by("path"):
        url = page.get_url()
        if not url or type(page) in seen_types:
            continue
        seen_types.add(type(page))
        urls.append(url)
        if isinstance(page, RoutablePageMixin):
            for pattern in page.get_resolver().url_patterns:
                suffix = _fill_regex(str(pattern.pattern), year, month)
                if suffix:
                    urls.append(url + suffix)
    return sorted(set(urls))


def public_urls(year: int = 2024, month: int = 1) -> list[str]:
    return sorted(set(resolver_urls()) | set(page_urls(year, month)))
