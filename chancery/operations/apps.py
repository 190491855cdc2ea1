from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Backups, restores and the static mirror: what an operator runs, not what editors see."""

    name = "chancery.operations"
    label = "operations"
    verbose_name = _("Operations")
