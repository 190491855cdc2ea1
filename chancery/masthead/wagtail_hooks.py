from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import DayCounter


class DayCounterViewSet(SnippetViewSet):
    """Counters in masthead order; drag rows to reorder them."""

    model = DayCounter
    icon = "time"
    menu_label = _("Day counters")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["event", "event_date", "caption", "shown_from", "shown_until", "site"]
    list_filter = ["site", "locale"]


register_snippet(DayCounterViewSet)
