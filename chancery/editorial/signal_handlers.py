"""Reactions to publishing: corrections become public "Updated" lines; archives get the workflow."""

from django.db.models.signals import post_save
from wagtail.log_actions import log
from wagtail.models import Workflow, WorkflowPage
from wagtail.signals import page_published

from .enums import LogAction
from .models import TwoPersonApprovalTask

TWO_PERSON_WORKFLOW_NAME = "Two-person approval"


def two_person_workflow():
    """The active workflow made of our task, created by the data migration."""
    return (
        Workflow.objects.filter(
            active=True, workflow_tasks__task__in=TwoPersonApprovalTask.objects.all()
        )
        .order_by("pk")
        .first()
    )


def assign_workflow_to_new_archive(sender, instance, created, raw=False, **kwargs):
    """Every new news archive gets the two-person workflow, whatever its parent has."""
    if not created or raw:
        return
    workflow = two_person_workflow()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=instance, defaults={"workflow": workflow})


def record_correction(sender, instance, revision, **kwargs):
    """A published change to an item that was live before: a public note, or a logged minor fix."""
    from chancery.newsroom.models import PublicationPage, PublicationUpdate

    page = instance
    if not page.live or page.live_revision_id != revision.pk:
        return  # scheduled for later: recorded when it goes live
    if page.first_published_at is None or page.first_published_at >= page.last_published_at:
        return  # the first publication is not a change
    note = page.change_note.strip()
    if page.minor_change or not note:
        log(instance=page, action=LogAction.MINOR_CHANGE, revision=revision, user=revision.user)
        return
    update, created = PublicationUpdate.objects.get_or_create(
        revision=revision,
        defaults={"page": page, "published_at": page.last_published_at, "note": note},
    )
    if created:
        PublicationPage.objects.filter(pk=page.pk).update(last_updated_at=update.published_at)
        page.last_updated_at = update.published_at
        log(
            instance=page,
            action=LogAction.CORRECTION,
            data={"note": note},
            revision=revision,
            user=revision.user,
        )


def connect():
    from chancery.newsroom.models import NewsIndexPage, PublicationPage

    post_save.connect(
        assign_workflow_to_new_archive,
        sender=NewsIndexPage,
        dispatch_uid="editorial.assign_workflow_to_new_archive",
    )
    page_published.connect(
        record_correction, sender=PublicationPage, dispatch_uid="editorial.record_correction"
    )
