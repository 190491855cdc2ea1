from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LanguagesConfig(AppConfig):
    """The languages readers choose between, the switcher, and translation status for editors."""

    name = "chancery.languages"
    label = "languages"
    verbose_name = _("Languages")

    def ready(self):
        from django.apps import apps

        from .locales import ensure_locales

        # Every configured language gets its Wagtail locale as soon as the database is
        # migrated, so adding a code to CHANCERY_LANGUAGES is all an operator has to do.
        # Sent for wagtailcore (which owns Locale): post_migrate skips apps without models.
        post_migrate.connect(ensure_locales, sender=apps.get_app_config("wagtailcore"))
