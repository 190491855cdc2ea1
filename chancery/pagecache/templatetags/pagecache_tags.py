"""`{% memo %}`: a fragment of a public page rendered once per content generation.

    {% load pagecache_tags %}
    {% memo page.pk %}…the latest items…{% endmemo %}

The fragment is kept in the process's memo (chancery/pagecache/memo.py) under its place in
the template, the values given, the active language and the active time zone, so it is as
fresh as the page cache and never shown in another language or zone. Use it only around
what depends on those values and on published content alone: nothing about the request
(query, user, CSRF token) and nothing that changes with the clock (the masthead's date line,
counters and clocks). Outside a reader's request (previews, the admin) it renders every time.
"""

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from chancery.pagecache import memo

register = template.Library()


class MemoNode(template.Node):
    def __init__(self, nodelist, vary_on):
        self.nodelist = nodelist
        self.vary_on = vary_on

    def render(self, context):
        key = (
            "fragment",
            self.origin.name,
            self.token.position,
            get_language(),
            timezone.get_current_timezone_name(),
            *(str(value.resolve(context)) for value in self.vary_on),
        )
        return memo.get(key, lambda: self.nodelist.render(context))


@register.tag("memo")
def do_memo(parser, token):
    vary_on = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(nodelist, vary_on)
