"""Grant the groups' image and document permissions where Wagtail looks for them.

Wagtail checks collection permissions of custom image and document models against its own
models' permissions (`auth_model="wagtailimages.Image"` / `"wagtaildocs.Document"`), not the
custom ones that 0002 granted: without these no editorial group could open the image or
document library. Found by tests/test_authorisation_matrix.py.

Authors get "add" and "choose" only: in Wagtail's ownership policy "change" on a collection
also lets one delete anyone's image or document, and deleting is for press secretaries and
site administrators. Authors still edit and delete what they uploaded themselves.
"""

from django.db import migrations

MEDIA = (("wagtailimages", "image"), ("wagtaildocs", "document"))
COLLECTION_PERMISSIONS = {
    "Authors": ["add", "choose"],
    "Press secretaries": ["add", "change", "delete", "choose"],
    "Translators": ["choose"],
    "Site administrators": ["add", "change", "delete", "choose"],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations (post_migrate); make them now.
    for app_label, _ in MEDIA:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    for group in Group.objects.filter(name__in=COLLECTION_PERMISSIONS):
        for app_label, model in MEDIA:
            for action in COLLECTION_PERMISSIONS[group.name]:
                permission = Permission.objects.filter(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                ).first()
                if permission is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root, permission=permission
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0003_feed_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
