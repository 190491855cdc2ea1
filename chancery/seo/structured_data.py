"""schema.org data for search engines: a NewsArticle per publication, as JSON-LD.

https://developers.google.com/search/docs/appearance/structured-data/article
"""

import json

from django.utils.safestring import SafeString, mark_safe

# As in django.utils.html.json_script: these would let the text close the <script> element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def news_article(page, *, url: str, language: str, publisher_name: str, publisher_url: str):
    """The NewsArticle describing `page` (a PublicationPage) published at `url`."""
    publisher = {"@type": "Organization", "name": publisher_name, "url": publisher_url}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        "description": page.lead,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": page.published_at.isoformat(),
        "dateModified": page.updated_at.isoformat(),
        "inLanguage": language,
        "articleSection": page.kind.name,
        "publisher": publisher,
        "author": publisher,
    }
    if page.is_republished:
        original = {"@type": "CreativeWork"}
        if page.source_name:
            original["publisher"] = {"@type": "Organization", "name": page.source_name}
            data["author"] = {"@type": "Organization", "name": page.source_name}
        if page.source_url:
            original["url"] = page.source_url
        if page.source_published_at:
            original["datePublished"] = page.source_published_at.isoformat()
        data["isBasedOn"] = original
    return data


def json_ld(data: dict) -> SafeString:
    """`data` as a `<script type="application/ld+json">` element, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
