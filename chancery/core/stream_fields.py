"""StreamFields in the admin: a post the editor's browser could not have sent is a form error.

The admin's scripts send a StreamField as numbered keys (`body-count`, `body-0-type`,
`body-0-value` …) and its rich text as Draftail JSON. Wagtail 8.0 reads those keys with
`data[...]`, `int(...)` and `json.loads(...)`, so a crafted post that leaves one out or puts
text where a number or JSON belongs ended in a server error. Every StreamField of every admin
form uses the field below (registered in CoreConfig.ready), which turns such a post into
“This field is required.” or a message saying the content could not be read.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.blocks import BlockField, BlockWidget


class Malformed:
    """What a StreamField's keys came to when they could not be read; never saved."""

    def __init__(self, *, missing: bool):
        self.missing = missing


class GuardedBlockWidget(BlockWidget):
    def value_from_datadict(self, data, files, name):
        if self.value_omitted_from_data(data, files, name):
            return Malformed(missing=True)
        try:
            return super().value_from_datadict(data, files, name)
        except (KeyError, ValueError, TypeError, OverflowError, AttributeError):
            # A missing or non-numeric key, or rich text that is not Draftail JSON.
            return Malformed(missing=False)


class GuardedBlockField(BlockField):
    """Wagtail's StreamField form field, answering a malformed post with a form error."""

    default_error_messages = {
        "malformed": _(
            "The content of this field could not be read. Reload the page and try again."
        ),
    }

    def __init__(self, block=None, **kwargs):
        kwargs.setdefault("widget", GuardedBlockWidget(block))
        super().__init__(block=block, **kwargs)

    def clean(self, value):
        if isinstance(value, Malformed):
            code = "required" if value.missing else "malformed"
            raise ValidationError(self.error_messages[code], code=code)
        return super().clean(value)

    def bound_data(self, data, initial):
        # The form is shown again with its error: the content as it was before the post.
        return initial if isinstance(data, Malformed) else super().bound_data(data, initial)

    def has_changed(self, initial_value, data_value):
        if isinstance(data_value, Malformed):
            return True
        return super().has_changed(initial_value, data_value)
