"""`manage.py restore ARCHIVE [--force]`: bring a backup back into an empty installation.

Every checksum is verified before anything is written. Without --force it refuses a
database or media folder that already has content.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chancery.operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a `manage.py backup` archive (database and media) into this installation."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database and media folder that already have content.",
        )

    def handle(self, *args, archive, force=False, **options):
        try:
            manifest = restore_backup(archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(_("Restore failed: %(error)s") % {"error": error}) from error
        self.stdout.write(
            _("Restored the backup made at %(created_at)s (%(files)d files).")
            % {"created_at": manifest["created_at"], "files": len(manifest["files"])}
        )
