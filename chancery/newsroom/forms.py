"""Editorial checks on publications, run when an editor saves in the admin."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class PublicationPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        slug = cleaned.get("slug") or ""
        if slug.isdigit():
            # /news/2022/ is the year archive, so an all-digit slug could never be reached.
            self.add_error("slug", _("The slug cannot be only digits; add a word."))
        if cleaned.get("source_url") and not cleaned.get("source_name"):
            self.add_error("source_name", _("Name the source of a republished item."))
        go_live_at = cleaned.get("go_live_at")
        published_at = cleaned.get("published_at")
        if (
            go_live_at
            and go_live_at > timezone.now()
            and published_at
            and published_at < go_live_at
        ):
            # A scheduled item appears at its go-live: the time readers see (and the order of
            # every list) follows it, rather than the moment the draft was started.
            cleaned["published_at"] = go_live_at
        pinned_until = cleaned.get("pinned_until")
        if pinned_until and not cleaned.get("pinned"):
            self.add_error("pinned_until", _("Only a pinned item can have a pin expiry."))
        if cleaned.get("pinned") and pinned_until and pinned_until <= timezone.now():
            self.add_error("pinned_until", _("The pin would already have expired."))
        return cleaned
