"""Embargoed previews: secret links that let named journalists read a scheduled item early."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import LinkState
from .tokens import hash_token, new_token


def scheduled_go_live(page) -> dt.datetime | None:
    """When a not-yet-live page is scheduled to go live, or None if it is not scheduled."""
    if page.live:
        return None
    revision = page.scheduled_revision
    return revision.approved_go_live_at if revision else None


class EmbargoLinkQuerySet(models.QuerySet):
    def for_token(self, token: str):
        return self.filter(token_hash=hash_token(token))

    def newest_first(self):
        return self.order_by("-created_at", "-pk")


class EmbargoLink(models.Model):
    """A secret preview link for one recipient (a journalist) of one scheduled item.

    Press secretaries issue it from the item's "Embargo links" screen; the link is shown once.
    It opens the item before its go-live, until the expiry the editor set (never later than
    the go-live), unless it is revoked. Every open is recorded.
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="embargo_links",
        verbose_name=_("item"),
    )
    recipient_name = models.CharField(_("recipient"), max_length=120)
    recipient_organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    recipient_email = models.EmailField(_("e-mail"), blank=True)
    # Only the SHA-256 of the token is kept: a copy of the database opens nothing.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    created_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = EmbargoLinkQuerySet.as_manager()

    # Readers never see links or their opens, and the preview is never cached: issuing or
    # opening a link must not empty every cached page (chancery.pagecache).
    page_cache_ignore = True

    class Meta:
        verbose_name = _("embargo link")
        verbose_name_plural = _("embargo links")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        if self.recipient_organisation:
            return f"{self.recipient_name} ({self.recipient_organisation})"
        return self.recipient_name

    @classmethod
    def issue(cls, *, page, expires_at, user=None, **recipient) -> tuple["EmbargoLink", str]:
        """Create a link and return it with its token, which is not stored and cannot be
        shown again."""
        token = new_token()
        link = cls.objects.create(
            page=page,
            expires_at=expires_at,
            created_by=user,
            token_hash=hash_token(token),
            **recipient,
        )
        return link, token

    def state_at(self, moment: dt.datetime) -> LinkState:
        """Whether the link opens the item at `moment`, and if not, why."""
        if self.revoked_at is not None:
            return LinkState.REVOKED
        page = self.page
        if page.live:
            return LinkState.PUBLISHED
        go_live = scheduled_go_live(page)
        if go_live is None:
            return LinkState.UNSCHEDULED
        if moment >= self.expires_at or moment >= go_live:
            return LinkState.EXPIRED
        return LinkState.OPEN

    def revoke(self, user=None):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.revoked_by = user
            self.save(update_fields=["revoked_at", "revoked_by"])


class EmbargoOpen(models.Model):
    """One time someone opened an embargo link: when, from which address, and whether the
    item was shown (a revoked or expired link is refused, and that is recorded too)."""

    link = models.ForeignKey(
        EmbargoLink, on_delete=models.CASCADE, related_name="opens", verbose_name=_("link")
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    shown = models.BooleanField(_("item shown"), default=True)

    page_cache_ignore = True

    class Meta:
        verbose_name = _("embargo link open")
        verbose_name_plural = _("embargo link opens")
        ordering = ["-opened_at", "-pk"]

    def __str__(self):
        return f"{self.link} {self.opened_at:%Y-%m-%d %H:%M}"
