"""Names that code branches on: the editorial groups and the audit-log actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EditorialGroup(models.TextChoices):
    """The press office's roles; the value is the Django group's name in the database."""

    AUTHORS = "Authors", _("Authors")
    PRESS_SECRETARIES = "Press secretaries", _("Press secretaries")
    TRANSLATORS = "Translators", _("Translators")
    SITE_ADMINISTRATORS = "Site administrators", _("Site administrators")


class LogAction(models.TextChoices):
    """Our own entries in Wagtail's audit log (Reports → Site history and each page's history)."""

    FORCE_PUBLISH = "chancery.force_publish", _("Publish without a second approval")
    FORCE_PUBLISH_CONFIRM = (
        "chancery.force_publish.confirm",
        _("Confirm a publication made without a second approval"),
    )
    WITHDRAW = "chancery.withdraw", _("Withdraw")
    CORRECTION = "chancery.correction", _("Publish a correction")
    MINOR_CHANGE = "chancery.minor_change", _("Publish a minor change")
