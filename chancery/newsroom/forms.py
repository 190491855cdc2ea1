"""Editorial checks on publications, run when an editor saves in the admin."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

# POST keys of the admin edit view's actions that send a change towards readers.
PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")


class PublicationPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk and not instance.has_unpublished_changes and "change_note" in self.fields:
            # Each change gets its own note: the last published one is not offered again.
            self.initial["change_note"] = ""
            self.initial["minor_change"] = False

    def sends_change_to_readers(self) -> bool:
        data = self.data
        if any(data.get(key) for key in PUBLISHING_ACTIONS):
            return True
        return bool(data.get("action-workflow-action")) and (
            data.get("workflow-action-name") == "approve"
        )

    def clean_change(self, cleaned):
        """A change to a live item is either minor or explained to readers, not both."""
        note = (cleaned.get("change_note") or "").strip()
        minor = cleaned.get("minor_change")
        if minor and note:
            self.add_error(
                "change_note",
                _("A minor change has no public note: untick “minor change” or clear the note."),
            )
        elif (
            self.instance.pk
            and self.instance.live
            and not minor
            and not note
            and self.sends_change_to_readers()
        ):
            self.add_error(
                "change_note",
                _(
                    "This item is already live: tick “minor change” for a typo, "
                    "or write a public note saying what changed."
                ),
            )

    def clean(self):
        cleaned = super().clean()
        if "change_note" in self.fields:
            self.clean_change(cleaned)
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
