"""Where the language switcher and the hreflang alternates of a page lead.

Each configured language gets one link: to the translation of the page being read (with the
same archive period and filters), or, when there is none yet, to the nearest page above it
that is translated (the archive, else the front page) with a notice, so the switcher never
leads to a 404. A language with nowhere to go gets no link.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page, Site

from chancery.pagecache import memo

UNTRANSLATED_PARAM = "untranslated"


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the switcher: `Русский` → /ru/news/2022/01/."""

    code: str
    name: str
    url: str | None
    current: bool
    translated: bool  # False: a fallback page, not a translation of this one

    @property
    def bidi(self) -> bool:
        return get_language_info(self.code)["bidi"]


def language_links(request, page=None, archive_filter=None) -> list[LanguageLink]:
    """The switcher's links for `request`, showing `page` (None outside Wagtail's pages)."""
    current = get_language()
    links = []
    if page is not None:
        found = _page_targets(request, page, archive_filter)
    else:
        found = _view_targets(request)
    for code, name in settings.LANGUAGES:
        if code == current:
            links.append(LanguageLink(code, name, request.get_full_path(), True, True))
        else:
            url, translated = found.get(code, (None, False))
            links.append(LanguageLink(code, name, url, False, translated))
    return links


def _page_targets(request, page, archive_filter):
    """One query for the page's translations and those of every page above it."""
    # The same for every reader of this page until a page changes (a new generation).
    translations, nearest = (
        memo.get(("translations", page.pk), lambda: _translations(page))
        if page.pk
        else _translations(page)
    )

    page_url = page.get_url(request) or ""
    # Routable pages (the archive) serve sub-paths such as 2022/01/: keep them.
    suffix = request.path[len(page_url) :] if page_url and request.path.startswith(page_url) else ""
    targets = {}
    for code in dict(settings.LANGUAGES):
        translation = translations.get(code)
        url = translation.get_url(request) if translation is not None else None
        if url:
            query = archive_filter.query_string(locale=translation.locale) if archive_filter else ""
            targets[code] = (f"{url}{suffix}{'?' + query if query else ''}", True)
        elif code in nearest:
            fallback_url = nearest[code].get_url(request)
            if fallback_url:
                targets[code] = (f"{fallback_url}?{UNTRANSLATED_PARAM}=1", False)
    return targets


def _translations(page):
    """The page's live public translations by language, and for languages without one the
    nearest translated page above it: one query for both."""
    step = page.steplen
    # The paths of the page's ancestors below the tree root: the front page, the archive …
    above = [page.path[:end] for end in range(2 * step, len(page.path), step)]
    keys_above = Page.objects.filter(path__in=above).values("translation_key")
    candidates = (
        Page.objects.live()
        .public()
        .filter(Q(translation_key=page.translation_key) | Q(translation_key__in=keys_above))
        .select_related("locale")
    )
    translations, nearest = {}, {}
    for candidate in candidates:
        code = candidate.locale.language_code
        if candidate.translation_key == page.translation_key:
            translations[code] = candidate
        elif code not in nearest or candidate.depth > nearest[code].depth:
            # Translated trees mirror the source's, so deeper means nearer.
            nearest[code] = candidate
    return translations, nearest


def _view_targets(request):
    """Views that are not Wagtail pages: the same view in each language, else the front page."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name not in {None, "wagtail_serve"}:
        full_path = request.get_full_path()
        return {code: (translate_url(full_path, code), True) for code in dict(settings.LANGUAGES)}
    site = Site.find_for_request(request)
    if site is None:
        return {}
    homes = {
        home.locale.language_code: home
        for home in Page.objects.live()
        .public()
        .filter(translation_key=site.root_page.translation_key)
        .select_related("locale")
    }
    # Not a translation of what the reader asked for, so no hreflang alternate either.
    return {code: (home.get_url(request), False) for code, home in homes.items()}


def alternates(request, links: list[LanguageLink]) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) for each real translation, then x-default (the default
    language's version), as search engines expect: https://developers.google.com/search/docs/specialty/international/localized-versions
    """
    return hreflang_set(
        [
            (link.code, request.build_absolute_uri(link.url))
            for link in links
            if link.translated and link.url
        ]
    )


def hreflang_set(versions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(hreflang, URL) of each language's version, then x-default (the default language's
    version); nothing for a page with no translation. Pages' heads and sitemaps use it."""
    if len(versions) < 2:
        return []
    default = dict(versions).get(settings.LANGUAGE_CODE)
    return [*versions, ("x-default", default)] if default else list(versions)
