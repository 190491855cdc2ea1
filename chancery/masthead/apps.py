from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MastheadConfig(AppConfig):
    name = "chancery.masthead"
    label = "masthead"
    verbose_name = _("Masthead")
