"""Template helpers for the editorial notices on publications."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def time_element(moment, fmt="d.m.Y H:i"):
    """`<time datetime="…">` for an aware moment, shown in the active (the mission's) zone.

    Safe HTML, so it can stand inside a translated sentence ({% blocktranslate %}).
    """
    local = timezone.localtime(moment)
    iso = local.isoformat(timespec="minutes")
    return format_html('<time datetime="{}">{}</time>', iso, format_date(local, fmt))
