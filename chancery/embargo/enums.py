from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkState(models.TextChoices):
    OPEN = "open", _("Open")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    PUBLISHED = "published", _("Item published")
    UNSCHEDULED = "unscheduled", _("Item no longer scheduled")
