from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "chancery.core"
    label = "core"
    verbose_name = _("Mission")

    def ready(self):
        from django.db import models
        from wagtail.admin.forms.models import register_form_field_override
        from wagtail.fields import StreamField

        from . import choosers
        from .admin_time import MissionDateTimeField, MissionDateTimeInput
        from .stream_fields import GuardedBlockField

        # Every date-and-time field of the admin names its zone, shows the cities, and refuses
        # local times that the clocks skip or repeat (chancery/core/admin_time.py).
        register_form_field_override(
            models.DateTimeField,
            override={"form_class": MissionDateTimeField, "widget": MissionDateTimeInput},
        )
        # A crafted post with a StreamField's keys missing or garbled is a form error, not a
        # server error (chancery/core/stream_fields.py).
        register_form_field_override(StreamField, override={"form_class": GuardedBlockField})
        # A crafted post with text where a chooser's id belongs shows the form again with
        # its error, not a server error (chancery/core/choosers.py).
        choosers.install()
