"""The kinds of publication every mission starts with; editors can add more."""

import uuid

from django.conf import settings
from django.db import migrations

DEFAULT_KINDS = [
    ("press-release", "Press release", "press releases"),
    ("statement", "Statement", "statements"),
    ("comment", "Comment", "comments"),
    ("remarks", "Remarks", "remarks"),
    ("speech", "Speech", "speeches"),
    ("interview", "Interview", "interviews"),
    ("briefing", "Briefing", "briefings"),
    ("reply", "Reply to a media question", "replies to media questions"),
    ("notice", "Notice", "notices"),
    ("news", "News", "news items"),
]


def create_kinds(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    PublicationKind = apps.get_model("newsroom", "PublicationKind")
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for slug, name, plural in DEFAULT_KINDS:
        PublicationKind.objects.get_or_create(
            slug=slug,
            locale=locale,
            defaults={"name": name, "plural_name": plural, "translation_key": uuid.uuid4()},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_kinds, migrations.RunPython.noop)]
