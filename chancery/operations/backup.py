"""One-file backups of a Chancery installation, and bringing them back.

An archive (`chancery-backup-<UTC time>.tar.gz`) holds:

- `database.sqlite3` (SQLite, copied with SQLite's online backup API, so a consistent
  snapshot even while editors write) or `database.pgdump` (PostgreSQL, `pg_dump` in its
  custom format, one consistent snapshot by PostgreSQL's MVCC);
- `media/…`, every file under MEDIA_ROOT (images, renditions, documents);
- `manifest.json`: when and from what it was made, and the SHA-256 of every other member.

The database is copied first and the media after it, so every file the database refers to
is in the archive (files uploaded during the backup may be there too, unreferenced).
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.db import connections
from django.utils.translation import gettext as _

from chancery.pagecache.generation import bump_now

MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
MEDIA_PREFIX = "media/"
FORMAT_VERSION = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


@dataclass(frozen=True)
class Database:
    """What backup and restore need to know of the configured database."""

    engine: str  # "sqlite" or "postgresql"
    settings: dict

    @classmethod
    def configured(cls, alias="default"):
        conf = connections[alias].settings_dict
        if conf["ENGINE"] == "django.db.backends.sqlite3":
            return cls("sqlite", conf)
        if conf["ENGINE"] == "django.db.backends.postgresql":
            return cls("postgresql", conf)
        raise BackupError(_("Only SQLite and PostgreSQL databases can be backed up."))

    @property
    def member(self):
        return SQLITE_MEMBER if self.engine == "sqlite" else POSTGRES_MEMBER

    def pg_env(self):
        """The libpq environment for pg_dump and pg_restore (no password on a command line)."""
        conf = self.settings
        env = {**os.environ, "PGDATABASE": conf["NAME"]}
        for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
            if conf.get(key):
                env[name] = str(conf[key])
        if conf.get("PASSWORD"):
            env["PGPASSWORD"] = conf["PASSWORD"]
        return env


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def archive_name(moment: dt.datetime) -> str:
    return f"chancery-backup-{moment:%Y%m%dT%H%M%SZ}.tar.gz"


def dump_sqlite(database: Database, target: Path) -> None:
    """A consistent copy of the live database through SQLite's online backup API."""
    source = sqlite3.connect(database.settings["NAME"], timeout=30)
    try:
        destination = sqlite3.connect(target)
        try:
            # pages=-1: the whole database in one step, under one read transaction, so the
            # copy is one moment's state even while other connections commit (WAL).
            # https://www.sqlite.org/backup.html
            source.backup(destination, pages=-1)
        finally:
            destination.close()
    finally:
        source.close()


def run_pg_tool(argv: list[str], env: dict) -> None:
    tool = shutil.which(argv[0])
    if tool is None:
        raise BackupError(
            _("%(tool)s is not installed (Debian: apt-get install postgresql-client).")
            % {"tool": argv[0]}
        )
    result = subprocess.run(  # noqa: S603 - a PostgreSQL client tool with our own arguments
        [tool, *argv[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s")
            % {"tool": argv[0], "error": result.stderr.strip() or result.returncode}
        )


def dump_postgresql(database: Database, target: Path) -> None:
    """pg_dump in the custom format: one consistent snapshot, restorable with pg_restore."""
    run_pg_tool(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
        database.pg_env(),
    )


def media_files(media_root: Path):
    """(relative name, path) of every regular file under `media_root`, sorted."""
    if not media_root.is_dir():
        return []
    found = []
    for directory, _dirs, files in os.walk(media_root):
        for name in files:
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                found.append((path.relative_to(media_root).as_posix(), path))
    return sorted(found)


def create_backup(
    output_dir: Path,
    *,
    media_root: Path | None = None,
    database: Database | None = None,
    after_database: Callable[[], None] | None = None,
) -> Path:
    """Write one archive of the database and the media into `output_dir`; return its path.

    The archive appears under its final name only when it is complete (written to a hidden
    temporary name, flushed to disk, then renamed). `after_database` is called between the
    database snapshot and the media copy.
    """
    output_dir = Path(output_dir)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    database = database or Database.configured()
    if not output_dir.is_dir():
        raise BackupError(_("%(dir)s is not a folder.") % {"dir": output_dir})
    if not os.access(output_dir, os.W_OK | os.X_OK):
        raise BackupError(_("Cannot write to %(dir)s.") % {"dir": output_dir})
    created_at = utc_now()
    # Staged beside the archive, so the final rename never crosses file systems.
    staging = Path(tempfile.mkdtemp(prefix=".chancery-backup-", dir=output_dir))
    try:
        files = {}
        db_file = staging / database.member
        if database.engine == "sqlite":
            dump_sqlite(database, db_file)
        else:
            dump_postgresql(database, db_file)
        files[database.member] = db_file
        if after_database:
            after_database()
        for name, path in media_files(media_root):
            copy = staging / "media" / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            try:
                shutil.copyfile(path, copy)
            except FileNotFoundError:
                continue  # Deleted since the folder was listed: not referenced any more.
            files[MEDIA_PREFIX + name] = copy
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": created_at.isoformat(),
            "engine": database.engine,
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
            "files": {
                name: {"sha256": sha256_of(path), "size": path.stat().st_size}
                for name, path in files.items()
            },
        }
        manifest_path = staging / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True))
        partial = staging / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(manifest_path, arcname=MANIFEST)
            for name, path in files.items():
                tar.add(path, arcname=name)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        target = unused_name(output_dir, created_at)
        os.replace(partial, target)
        fsync_dir(output_dir)
        return target
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def unused_name(output_dir: Path, moment: dt.datetime) -> Path:
    target = output_dir / archive_name(moment)
    number = 1
    while target.exists():
        number += 1
        target = output_dir / archive_name(moment).replace(".tar.gz", f"-{number}.tar.gz")
    return target


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# Restoring


def unpack(archive: Path, into: Path) -> dict:
    """Extract `archive` into `into` and check it against its manifest; return the manifest.

    Nothing outside `into` is touched: members are extracted with tarfile's "data" filter
    (no absolute paths, no `..`, no links out, no device files).
    """
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(into, filter="data")
    except FileNotFoundError as error:
        raise BackupError(_("No such archive: %(path)s") % {"path": archive}) from error
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(
            _("%(path)s is not a readable backup archive: %(error)s")
            % {"path": archive, "error": error}
        ) from error
    try:
        manifest = json.loads((into / MANIFEST).read_text())
        listed = manifest["files"]
        engine = manifest["engine"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(_("The archive has no valid manifest.json.")) from error
    present = {path.relative_to(into).as_posix() for path in into.rglob("*") if path.is_file()}
    present.discard(MANIFEST)
    problems = []
    for name in sorted(set(listed) - present):
        problems.append(_("missing: %(name)s") % {"name": name})
    for name in sorted(present - set(listed)):
        problems.append(_("not in the manifest: %(name)s") % {"name": name})
    for name in sorted(set(listed) & present):
        if sha256_of(into / name) != listed[name].get("sha256"):
            problems.append(_("checksum mismatch: %(name)s") % {"name": name})
    expected_db = SQLITE_MEMBER if engine == "sqlite" else POSTGRES_MEMBER
    if expected_db not in listed:
        problems.append(_("missing: %(name)s") % {"name": expected_db})
    if problems:
        raise BackupError(
            _("The archive is damaged; nothing was restored.") + "\n  " + "\n  ".join(problems)
        )
    return manifest


def database_has_content(alias="default") -> bool:
    """True if the configured database holds anything an editor made.

    A new installation (no tables, or only what `migrate` creates: the root page, Wagtail's
    welcome page, the default site, groups) is empty.
    """
    connection = connections[alias]
    tables = set(connection.introspection.table_names())
    if "wagtailcore_page" not in tables:
        return False
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    user_model = get_user_model()
    if user_model._meta.db_table in tables and user_model.objects.using(alias).exists():
        return True
    for model in (get_image_model(), get_document_model()):
        if model._meta.db_table in tables and model.objects.using(alias).exists():
            return True
    # Pages of Chancery's own types; the root and the welcome page are plain wagtailcore.Page.
    return (
        Page.objects.using(alias)
        .exclude(content_type__app_label="wagtailcore", content_type__model="page")
        .exists()
    )


def media_has_content(media_root: Path) -> bool:
    return bool(media_files(Path(media_root)))


def restore_sqlite(database: Database, dump: Path) -> None:
    """Copy the archived database over the configured one with SQLite's backup API."""
    target = Path(database.settings["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    connections.close_all()
    source = sqlite3.connect(dump)
    try:
        destination = sqlite3.connect(target, timeout=30)
        try:
            source.backup(destination, pages=-1)
        finally:
            destination.close()
    finally:
        source.close()


def restore_postgresql(database: Database, dump: Path) -> None:
    """pg_restore into the configured database, all or nothing (one transaction)."""
    connections.close_all()
    run_pg_tool(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={database.settings['NAME']}",
            str(dump),
        ],
        database.pg_env(),
    )


def restore_backup(
    archive: Path,
    *,
    media_root: Path | None = None,
    database: Database | None = None,
    force: bool = False,
) -> dict:
    """Bring `archive` back into this installation; return its manifest.

    Checks every checksum first; refuses to overwrite a database or media folder with
    content unless `force`. Media files in the archive replace files of the same name.
    """
    archive = Path(archive)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    database = database or Database.configured()
    with tempfile.TemporaryDirectory(prefix="chancery-restore-") as scratch:
        scratch = Path(scratch)
        manifest = unpack(archive, scratch)
        if manifest["engine"] != database.engine:
            raise BackupError(
                _(
                    "The archive holds a %(archived)s database but this installation uses "
                    "%(configured)s; nothing was restored."
                )
                % {"archived": manifest["engine"], "configured": database.engine}
            )
        if not force:
            if database_has_content():
                raise BackupError(
                    _(
                        "The database already has content; restore into an empty installation, "
                        "or pass --force to replace it."
                    )
                )
            if media_has_content(media_root):
                raise BackupError(
                    _(
                        "%(dir)s already has files; restore into an empty media folder, "
                        "or pass --force to overwrite them."
                    )
                    % {"dir": media_root}
                )
        if database.engine == "sqlite":
            restore_sqlite(database, scratch / SQLITE_MEMBER)
        else:
            restore_postgresql(database, scratch / POSTGRES_MEMBER)
        media = scratch / "media"
        for name in manifest["files"]:
            if not name.startswith(MEDIA_PREFIX):
                continue
            target = media_root / name.removeprefix(MEDIA_PREFIX)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(media / name.removeprefix(MEDIA_PREFIX), target)
    # Pages cached before the restore describe another database.
    bump_now()
    return manifest
