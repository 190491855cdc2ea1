"""Checks run when a press secretary saves a feed in the admin."""

from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from chancery.core.choosers import ChosenItemField


class FeedForm(WagtailAdminModelForm):
    class Meta:
        # The news archive's id is a page link: see chancery/core/choosers.py.
        field_classes = {"news_index": ChosenItemField}

    def clean(self):
        cleaned = super().clean()
        url = cleaned.get("url") or ""
        if url and urlsplit(url).scheme.lower() not in {"http", "https"}:
            # The importer only speaks HTTP; anything else (ftp:, file:) is refused here.
            self.add_error("url", _("Enter an http:// or https:// address."))
        locale = cleaned.get("locale")
        kind = cleaned.get("kind")
        news_index = cleaned.get("news_index")
        if locale and kind and kind.locale_id != locale.pk:
            self.add_error("kind", _("Choose a kind in the feed's language."))
        if locale and news_index and news_index.locale_id != locale.pk:
            self.add_error("news_index", _("Choose a news archive in the feed's language."))
        return cleaned
