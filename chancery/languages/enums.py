"""Choices that translation-status code branches on."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationStatus(models.TextChoices):
    """Where one language's version of a publication stands against its source."""

    SOURCE = "source", _("Source")
    MISSING = "missing", _("Missing")
    OUTDATED = "outdated", _("Outdated")
    UP_TO_DATE = "up-to-date", _("Up to date")
