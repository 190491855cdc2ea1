from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """Roles, the two-person rule, forced publishing, corrections and withdrawal."""

    name = "chancery.editorial"
    label = "editorial"
    verbose_name = _("Editorial")

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
