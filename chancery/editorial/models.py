"""The two-person approval task and the record of publications forced past it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

from .roles import is_last_editor


class TwoPersonApprovalTask(AbstractGroupApprovalTask):
    """A review step that only someone other than the item's last editor can approve.

    Wagtail's stock group approval lets the person who wrote a revision approve it. This
    task hides "Approve" from the user of the latest revision, refuses an approval that
    arrives anyway, and keeps the page locked for everyone outside its groups while in review.
    Site administrators attach it to workflows under Settings → Workflows.
    """

    # A workflow step's settings: nothing readers see (chancery.pagecache).
    page_cache_ignore = True

    def user_may_review(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return False
        return not is_last_editor(obj, user)

    def get_actions(self, obj, user):
        if not self.user_may_review(obj, user):
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object
        # The admin's edit view saves a reviewer's own changes as a new revision before it
        # calls this, so the check is repeated here: whoever wrote the latest text may not
        # approve it. The task then stays open for someone else.
        if action_name == "approve" and not self.user_may_review(obj, user):
            return
        super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(revision__user=user)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve, but never the item's last editor.")

    class Meta:
        verbose_name = _("two-person approval task")
        verbose_name_plural = _("two-person approval tasks")


class ForcedPublicationQuerySet(models.QuerySet):
    def awaiting_review(self):
        """Forced publications no second press secretary has confirmed yet, oldest first."""
        return self.filter(confirmed_at__isnull=True).order_by("forced_at", "pk")

    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class ForcedPublication(models.Model):
    """An item published without a second approval, and its review afterwards.

    Press secretaries see the open ones under "Needs review after publishing" until another
    press secretary confirms each.
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="forced_publications",
        verbose_name=_("page"),
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("revision"),
    )
    reason = models.TextField(_("reason"))
    forced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    forced_at = models.DateTimeField(_("published at"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = ForcedPublicationQuerySet.as_manager()

    # Readers never see this record (chancery.pagecache).
    page_cache_ignore = True

    class Meta:
        verbose_name = _("publication without a second approval")
        verbose_name_plural = _("publications without a second approval")

    def __str__(self):
        return str(self.page)

    def can_be_confirmed_by(self, user) -> bool:
        """Anyone allowed to force a publication may confirm it, except whoever forced it."""
        return (
            self.confirmed_at is None
            and user.has_perm("editorial.force_publish")
            and self.forced_by_id != user.pk
        )


class EditorialRight(models.Model):
    """Holds the editorial permissions that belong to no one model; it has no table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("force_publish", _("Can publish without a second approval, giving a reason")),
            ("withdraw_publication", _("Can withdraw a publication")),
            ("unpublish_publication", _("Can unpublish or delete a live publication")),
        ]

    def __str__(self):
        return str(self._meta.verbose_name)
