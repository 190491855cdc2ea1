from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Feed
from .polling import IMPORT_ACTION


class FeedViewSet(SnippetViewSet):
    """The ministry's feeds, with how each one's last poll went."""

    model = Feed
    icon = "globe"
    menu_label = _("Ministry feeds")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["source_name", "url", "mode", "status", "last_success_at", "status_message"]
    list_filter = ["mode", "status", "active"]
    search_fields = ["source_name", "url"]


register_snippet(FeedViewSet)


@hooks.register("register_log_actions")
def register_import_action(actions):
    actions.register_action(IMPORT_ACTION, _("Import from a feed"), _("Imported from a feed"))
