"""The form a press secretary fills in to issue an embargo link."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateTimeInput

from .models import EmbargoLink, scheduled_go_live


class IssueLinkForm(forms.ModelForm):
    class Meta:
        model = EmbargoLink
        fields = ["recipient_name", "recipient_organisation", "recipient_email", "expires_at"]
        widgets = {"expires_at": AdminDateTimeInput}
        help_texts = {
            "recipient_name": _("The journalist the link is for; shown in the log of opens."),
            "expires_at": _("At the latest the go-live time. The link stops working then."),
        }

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.go_live = scheduled_go_live(page)
        if self.go_live and not self.is_bound:
            self.initial.setdefault("expires_at", self.go_live)

    def clean(self):
        cleaned = super().clean()
        if self.page.live:
            raise forms.ValidationError(_("This item is already published: there is no embargo."))
        if self.go_live is None:
            raise forms.ValidationError(
                _("Schedule the item (set a go-live time and publish) before sharing it.")
            )
        expires_at = cleaned.get("expires_at")
        if expires_at is None:
            return cleaned
        if expires_at <= timezone.now():
            self.add_error("expires_at", _("This time has already passed."))
        elif expires_at > self.go_live:
            self.add_error(
                "expires_at",
                _("The link must expire at the latest at the go-live time, %(go_live)s.")
                % {"go_live": date_format(timezone.localtime(self.go_live), "DATETIME_FORMAT")},
            )
        return cleaned
