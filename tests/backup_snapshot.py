"""What a backup must keep, as JSON: every live page's content and every media file's checksum.

Used in the test process for the source installation, and run as
`python -m tests.backup_snapshot` against the restored one (tests/restore_settings.py).
"""

import hashlib
import json
import os
import sys
from pathlib import Path


def snapshot() -> dict:
    from django.conf import settings
    from django.db.models import Count
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, Revision

    pages = {}
    for page in Page.objects.live().specific().order_by("path"):
        if page.full_url is None:
            continue  # the root: no site, no address
        body = getattr(page, "body", None)
        pages[page.full_url] = {
            "title": page.title,
            "body": json.dumps(list(body.raw_data), sort_keys=True, default=str)
            if body is not None
            else None,
            "pk": page.pk,
        }
    revisions = {
        row["object_id"]: row["n"]
        for row in Revision.page_revisions.values("object_id").annotate(n=Count("pk"))
    }
    media_root = Path(settings.MEDIA_ROOT)
    media = {}
    for directory, _dirs, files in os.walk(media_root):
        for name in files:
            path = Path(directory) / name
            media[path.relative_to(media_root).as_posix()] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    referenced = [image.file.name for image in get_image_model().objects.all()]
    referenced += [
        rendition.file.name
        for image in get_image_model().objects.all()
        for rendition in image.renditions.all()
    ]
    referenced += [document.file.name for document in get_document_model().objects.all()]
    return {
        "pages": pages,
        "revisions": revisions,
        "media": media,
        "missing_files": sorted(name for name in referenced if name not in media),
    }


if __name__ == "__main__":
    import django

    django.setup()
    json.dump(snapshot(), sys.stdout)
