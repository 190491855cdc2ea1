"""`manage.py backup [--output DIR]`: one archive of the database and the media files.

Operators run it from cron or a systemd timer (deploy/chancery-backup.timer); it prints the
archive's path. Safe while the site is in use: the database copy is one consistent moment.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chancery.operations.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write one timestamped .tar.gz with the database, the media files and a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Folder to write the archive into (default: var/backups).",
        )

    def handle(self, *args, output=None, **options):
        if output is None:
            output = Path(settings.VAR_DIR) / "backups"
            output.mkdir(parents=True, exist_ok=True)
        try:
            archive = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(_("Backup failed: %(error)s") % {"error": error}) from error
        self.stdout.write(str(archive))
