"""Inline panels in the admin: a post claiming thousands of rows is refused before they are built.

An inline panel (Settings → Mission's city clocks, phone numbers, texts and city names) posts
its row count as `<name>-TOTAL_FORMS`. Wagtail 8.0's InlinePanel passes no `max_num` unless
the panel sets one, so Django 5.2 builds, validates and draws the form again with up to its
`absolute_max` of 2,000 rows; a crafted count of 10**9 made the answer take minutes (each
city row has a drop-down of ~600 time zones). Forms using `BoundedFormsetsMixin` cap every
inline formset at `MAX_ROWS` rows: Django builds no more than that and refuses the post with
its own “Please submit at most … forms.” (https://docs.djangoproject.com/en/5.2/topics/forms/
formsets/#limiting-the-maximum-number-of-forms). A missing or non-numeric count is Django's
“ManagementForm data is missing or has been tampered with” already.
"""

# Far more rows than a mission has cities, phones or languages; few enough to draw at once.
MAX_ROWS = 100


class BoundedFormsetsMixin:
    """For a WagtailAdminModelForm with inline panels: at most MAX_ROWS rows in each."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for formset in self.formsets.values():
            # Set on the instance before its forms are built (formset.forms is lazy).
            formset.max_num = min(formset.max_num or MAX_ROWS, MAX_ROWS)
            formset.absolute_max = formset.max_num
            formset.validate_max = True
