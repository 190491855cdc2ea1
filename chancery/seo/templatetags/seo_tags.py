from django import template

from ..structured_data import json_ld as render_json_ld

register = template.Library()


@register.simple_tag
def json_ld(data):
    """`{% json_ld structured_data %}`: a JSON-LD script element, escaped for HTML."""
    return render_json_ld(data) if data else ""
