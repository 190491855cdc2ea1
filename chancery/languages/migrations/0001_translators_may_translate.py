"""Translators, press secretaries and site administrators may start a translation (Wagtail's
"Translate" action, wagtail.contrib.simple_translation), from a page or from Translation status."""

from django.db import migrations

GROUPS = ["Translators", "Press secretaries", "Site administrators"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations (post_migrate); make it now.
    app_config = apps.get_app_config("simple_translation")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    submit = Permission.objects.get(
        content_type__app_label="simple_translation", codename="submit_translation"
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(submit)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_groups_and_workflow"),
        ("simple_translation", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
