from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "chancery.scheduling"
    label = "scheduling"
    verbose_name = _("Scheduling and embargo")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
