"""The press office's groups with their permissions, and the two-person workflow.

Groups: Authors (draft, submit), Press secretaries (approve, publish, schedule, pin, counters),
Translators (edit translations), Site administrators (settings, users, workflows). Page
permissions are granted on the root of the page tree, so they cover every site's front page.
Wagtail's stock Editors and Moderators groups and its "Moderators approval" workflow are
removed: only these roles exist, and every page goes through two-person approval.
"""

from django.db import migrations

AUTHORS = "Authors"
PRESS_SECRETARIES = "Press secretaries"
TRANSLATORS = "Translators"
SITE_ADMINISTRATORS = "Site administrators"
WORKFLOW_NAME = "Two-person approval"
TASK_NAME = "Second pair of eyes"

PAGE_PERMISSIONS = {
    AUTHORS: ["add_page", "change_page"],
    PRESS_SECRETARIES: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    TRANSLATORS: ["add_page", "change_page"],
    SITE_ADMINISTRATORS: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}

# Images and documents are permitted per collection (on the root collection here).
MEDIA = ("core.missionimage", "core.missiondocument")
COLLECTION_PERMISSIONS = {
    AUTHORS: ["add", "change", "choose"],
    PRESS_SECRETARIES: ["add", "change", "delete", "choose"],
    TRANSLATORS: ["choose"],
    SITE_ADMINISTRATORS: ["add", "change", "delete", "choose"],
}

ADMIN_ACCESS = "wagtailadmin.access_admin"
MODEL_PERMISSIONS = {
    AUTHORS: [ADMIN_ACCESS],
    TRANSLATORS: [ADMIN_ACCESS],
    PRESS_SECRETARIES: [
        ADMIN_ACCESS,
        "masthead.add_daycounter",
        "masthead.change_daycounter",
        "masthead.delete_daycounter",
        "newsroom.add_publicationkind",
        "newsroom.change_publicationkind",
        "editorial.force_publish",
        "editorial.withdraw_publication",
    ],
    SITE_ADMINISTRATORS: [
        ADMIN_ACCESS,
        # Only site administrators manage users: whoever can edit users can make a superuser.
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "auth.add_group",
        "auth.change_group",
        "auth.delete_group",
        "core.change_missionsettings",
        "masthead.add_daycounter",
        "masthead.change_daycounter",
        "masthead.delete_daycounter",
        "newsroom.add_publicationkind",
        "newsroom.change_publicationkind",
        "newsroom.delete_publicationkind",
        "wagtailcore.add_workflow",
        "wagtailcore.change_workflow",
        "wagtailcore.delete_workflow",
        "wagtailcore.add_task",
        "wagtailcore.change_task",
        "wagtailcore.delete_task",
        "wagtailcore.add_site",
        "wagtailcore.change_site",
        "wagtailcore.delete_site",
        "wagtailcore.add_locale",
        "wagtailcore.change_locale",
        "wagtailcore.delete_locale",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        "editorial.force_publish",
        "editorial.withdraw_publication",
        "editorial.unpublish_publication",
    ],
}


def ensure_permissions(apps):
    # Permissions are normally made after all migrations (post_migrate); make them now.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def permission(apps, dotted):
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = dotted.split(".")
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        raise LookupError(dotted) from None


def create_groups(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    for name in (AUTHORS, PRESS_SECRETARIES, TRANSLATORS, SITE_ADMINISTRATORS):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[permission(apps, dotted) for dotted in MODEL_PERMISSIONS[name]])
        if root_page is not None:
            for codename in PAGE_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=permission(apps, f"wagtailcore.{codename}"),
                )
        if root_collection is not None:
            for model in MEDIA:
                app_label, model_name = model.split(".")
                for action in COLLECTION_PERMISSIONS[name]:
                    try:
                        media_permission = permission(apps, f"{app_label}.{action}_{model_name}")
                    except LookupError:
                        continue  # "choose" exists only if the media model declares it
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=media_permission
                    )


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    TwoPersonApprovalTask = apps.get_model("editorial", "TwoPersonApprovalTask")

    task_type, _ = ContentType.objects.get_or_create(
        app_label="editorial", model="twopersonapprovaltask"
    )
    task = TwoPersonApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = TwoPersonApprovalTask.objects.create(
            name=TASK_NAME, content_type=task_type, active=True
        )
    task.groups.add(Group.objects.get(name=PRESS_SECRETARIES))
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    # Wagtail's stock workflow lets a moderator approve their own work: retire it.
    Workflow.objects.exclude(pk=workflow.pk).filter(name="Moderators approval").update(
        active=False
    )
    WorkflowPage.objects.exclude(workflow=workflow).filter(workflow__active=False).delete()
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    if root_page is not None:
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    archive_type = ContentType.objects.filter(app_label="newsroom", model="newsindexpage").first()
    if archive_type is not None:
        for archive in Page.objects.filter(content_type=archive_type):
            WorkflowPage.objects.update_or_create(page=archive, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("core", "0001_initial"),
        ("masthead", "0001_initial"),
        ("newsroom", "0003_corrections_and_withdrawal"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_groups, migrations.RunPython.noop),
        migrations.RunPython(create_workflow, migrations.RunPython.noop),
    ]
