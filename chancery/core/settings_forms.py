"""The admin form of Settings → Mission: checks the per-language texts editors enter."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from .formsets import BoundedFormsetsMixin


def kept_rows(formset):
    """The cleaned data of the rows that stay after saving (not deleted, not left empty)."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class MissionSettingsForm(BoundedFormsetsMixin, WagtailAdminModelForm):
    """One row per language for the texts, one name per city and language, only the
    mission's own cities, and at most a hundred rows in each list."""

    def clean(self):
        cleaned_data = super().clean()
        if not all(formset.is_valid() for formset in self.formsets.values()):
            return cleaned_data
        seen = set()
        for row in kept_rows(self.formsets["texts"]):
            if row["locale"].pk in seen:
                raise ValidationError(
                    _("%(language)s has two rows of texts; keep one.")
                    % {"language": row["locale"].get_display_name()}
                )
            seen.add(row["locale"].pk)
        seen = set()
        for row in kept_rows(self.formsets["city_names"]):
            city = row["city"]
            if self.instance.pk is None or city.mission_id != self.instance.pk:
                raise ValidationError(
                    _("“%(city)s” is not one of this mission's cities.") % {"city": city}
                )
            if (city.pk, row["locale"].pk) in seen:
                raise ValidationError(
                    _("%(city)s has two names in %(language)s; keep one.")
                    % {"city": city, "language": row["locale"].get_display_name()}
                )
            seen.add((city.pk, row["locale"].pk))
        return cleaned_data
