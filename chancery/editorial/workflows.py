"""What happens when a workflow is approved: the item is published, under the two-person rule.

Set as WAGTAIL_FINISH_WORKFLOW_ACTION; Wagtail's default publishes with the approver's
own publish permission, which nobody has on publications
(https://docs.wagtail.org/en/stable/reference/settings.html#wagtail-finish-workflow-action).
"""

from django.core.exceptions import PermissionDenied

# Wagtail imports this module while wagtail.models is still loading, so models are imported
# inside the functions.


def approved_by_second_person(workflow_state, revision) -> bool:
    """Whether a two-person task of this workflow was approved by someone else than the writer."""
    from wagtail.models import TaskState

    from .models import TwoPersonApprovalTask

    return (
        TaskState.objects.filter(
            workflow_state=workflow_state,
            status=TaskState.STATUS_APPROVED,
            task__in=TwoPersonApprovalTask.objects.all(),
            finished_by__isnull=False,
        )
        .exclude(finished_by_id=revision.user_id)
        .exists()
    )


def publish_approved(workflow_state, user=None):
    revision = workflow_state.content_object.get_latest_revision()
    if approved_by_second_person(workflow_state, revision):
        revision.publish(user=user, skip_permission_checks=True)
        return
    if user is None or not revision.content_object.permissions_for_user(user).can_publish():
        raise PermissionDenied("Publishing needs a second person's approval.")
    revision.publish(user=user)
