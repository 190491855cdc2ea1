"""Keeps Wagtail's locales in step with the configured languages."""

from django.conf import settings
from wagtail.models import Locale


def ensure_locales(using="default", **kwargs):
    """Creates a Wagtail locale for each configured language that has none yet.

    Locales are never deleted here: a language removed from the configuration keeps its
    pages in the database until an editor deletes them.
    """
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.using(using).get_or_create(language_code=code)
