from django import template
from wagtail.models import Site

from chancery.masthead.masthead import build_masthead

register = template.Library()


@register.inclusion_tag("components/masthead.html", takes_context=True)
def masthead(context):
    """Renders the masthead of the site the request is for."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"masthead": None}
    return {"masthead": build_masthead(site, request=request)}
