"""Forms of the editorial actions: a written reason is what they all ask for."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(_("Write the reason."), code="required")
        return reason


class ForcePublishForm(ReasonForm):
    """Why this item must go out now, without a second approval. Kept in the audit log."""

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.fields["reason"].help_text = _(
            "Why it cannot wait for a second press secretary. Another press secretary "
            "will review it afterwards under “Needs review after publishing”."
        )

    def clean(self):
        cleaned = super().clean()
        draft = self.page.get_latest_revision_as_object()
        if self.page.live and not (draft.minor_change or draft.change_note.strip()):
            raise forms.ValidationError(
                _(
                    "This item is already live: open it in the editor, tick “minor change” "
                    "or write a public change note, save, and come back."
                ),
                code="change_note_required",
            )
        return cleaned


class WithdrawForm(ReasonForm):
    """Why the item is withdrawn: shown to readers on the item itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "Shown to readers on the item: “This statement was withdrawn on …: reason”."
        )
