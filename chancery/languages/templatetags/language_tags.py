from django import template

from chancery.languages.links import UNTRANSLATED_PARAM, alternates, language_links

register = template.Library()


@register.simple_tag(takes_context=True)
def language_switcher(context):
    """The switcher's links for the page being rendered, computed once per request."""
    request = context.get("request")
    if request is None:
        return []
    cached = getattr(request, "_chancery_language_links", None)
    if cached is None:
        cached = language_links(
            request, page=context.get("page"), archive_filter=context.get("archive_filter")
        )
        request._chancery_language_links = cached
    return cached


@register.simple_tag(takes_context=True)
def hreflang_alternates(context, links):
    """(hreflang, absolute URL) pairs for the <head>."""
    request = context.get("request")
    return alternates(request, links) if request is not None else []


@register.simple_tag(takes_context=True)
def came_untranslated(context):
    """Whether the reader arrived from the switcher because their page has no translation."""
    request = context.get("request")
    return bool(request is not None and request.GET.get(UNTRANSLATED_PARAM))
