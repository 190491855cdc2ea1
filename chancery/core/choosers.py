"""Choosers in the admin: an id that cannot be one shows as “nothing chosen”, not a 500.

A chooser (of a page, task, snippet, image …) keeps the chosen item's id in a hidden input.
When a form is refused and shown again, the chooser looks that id up to show the item's
title. Wagtail 8.0's `BaseChooser.get_instance` does `model.objects.get(pk=value)` and
catches only `DoesNotExist`, so a crafted post with text where the id belongs (`abc`,
`<script>`, a number too big for the column, a malformed UUID) ended in a server error on
every admin form with a chooser, Wagtail's own (sites, redirects, workflows, group
permissions) included, which our form-field overrides do not reach. `install()` (called in
CoreConfig.ready) wraps that method for every chooser, the page chooser's subclass included:
such an id reads as no item chosen, and the form's field refuses it on its own
(“Select a valid choice.”), so the editor sees the form again with that error.

Django 5.2's form field does not refuse every such id itself: for a page type's own table,
whose primary key is the link to its page, a number too big for the column reaches SQLite
and raises OverflowError. `ChosenItemField` refuses it like any id it cannot find; forms
choosing a specific page type use it (e.g. the ministry feed's news archive).
"""

import functools

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.widgets import BaseChooser

# What looking up a value that cannot be a primary key raises before the query runs: the pk
# field's conversion (int(), uuid.UUID()) or the database adapter's range check.
NOT_AN_ID = (ValueError, TypeError, OverflowError, ValidationError)


def install():
    """Make every admin chooser show an id that cannot be a primary key as nothing chosen."""
    original = BaseChooser.get_instance
    if getattr(original, "guarded", False):
        return

    @functools.wraps(original)
    def get_instance(self, value):
        try:
            return original(self, value)
        except NOT_AN_ID:
            return None

    get_instance.guarded = True
    BaseChooser.get_instance = get_instance


class ChosenItemField(forms.ModelChoiceField):
    """The form field of a chooser, refusing an id too big for the database as not found."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None
