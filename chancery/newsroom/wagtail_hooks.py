from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import PublicationKind


class PublicationKindViewSet(SnippetViewSet):
    model = PublicationKind
    icon = "tag"
    menu_label = _("Publication kinds")
    list_display = ["name", "plural_name", "slug"]
    list_filter = ["locale"]


register_snippet(PublicationKindViewSet)
