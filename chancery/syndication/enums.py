"""Choices the importer branches on."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportMode(models.TextChoices):
    """What happens to a new entry of a feed."""

    DRAFT = "draft", _("Import as drafts for approval")
    PUBLISH = "publish", _("Publish automatically")


class PollStatus(models.TextChoices):
    """How the last poll of a feed went, shown in the feed list."""

    NEVER = "never", _("Not polled yet")
    OK = "ok", _("OK")
    UNCHANGED = "unchanged", _("OK, unchanged since the last poll")
    WARNING = "warning", _("Imported with warnings")
    FAILED = "failed", _("Failed")
