"""`manage.py backup` and `manage.py restore`: nothing lost, even with editors writing.

The backup is made from the test database (SQLite or PostgreSQL, whichever DATABASE_URL
names) while a second thread keeps publishing items with new images; the archive is then
restored by a separate `manage.py restore` process into a brand-new database and media
folder, and every published page and every media file is compared.
"""

import io
import json
import os
import subprocess
import sys
import tarfile
import threading
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.test import Client
from psycopg import sql
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page
from wagtail.rich_text import RichText

from chancery.newsroom.factories import PublicationPageFactory
from chancery.operations.backup import MANIFEST, create_backup, sha256_of
from tests.backup_snapshot import snapshot
from tests.media import png_bytes
from tests.test_worker_processes import database_url

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
WAIT = 60  # seconds: a bound on every wait for the other thread, never a measured time


def root_collection():
    # The root collection comes from a migration, which a transactional test's flush removes.
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def new_image(title, color):
    return get_image_model().objects.create(
        title=title,
        collection=root_collection(),
        file=ImageFile(io.BytesIO(png_bytes(color=color)), name=f"{title}.png"),
    )


def illustrated_item(news, kind, n):
    """A published item with a photograph and a link to a document."""
    image = new_image(f"photo-{n}", (n * 7 % 256, 40, 90))
    document = get_document_model().objects.create(
        collection=root_collection(),
        title=f"Text {n}",
        file=ContentFile(f"Agreement text {n}\n".encode(), name=f"text-{n}.txt"),
    )
    return PublicationPageFactory(
        parent=news,
        kind=kind,
        title=f"Illustrated item {n}",
        slug=f"illustrated-{n}",
        body=[
            (
                "paragraph",
                RichText(f'<p>Item {n}, <a linktype="document" id="{document.pk}">text</a>.</p>'),
            ),
            ("image", {"image": image, "caption": f"Caption {n}"}),
        ],
    )


class Writer(threading.Thread):
    """An editor who keeps publishing illustrated items and saving drafts until told to stop.

    `hold_next()` makes the next item's transaction wait, uncommitted, until `release()`.
    """

    def __init__(self, news, kind, draft):
        super().__init__(daemon=True)
        self.news, self.kind, self.draft = news, kind, draft
        self.stop = threading.Event()
        self.commits = 0
        self.committed = threading.Condition()
        self.hold = threading.Event()
        self.holding = threading.Event()
        self.released = threading.Event()
        self.held_title = None
        self.error = None

    def run(self):
        n = 1000
        try:
            while not self.stop.is_set():
                n += 1
                with transaction.atomic():
                    item = illustrated_item(self.news, self.kind, n)
                    draft = Page.objects.get(pk=self.draft.pk).specific
                    draft.title = f"Draft saved {n} times"
                    draft.save_revision()
                    if self.hold.is_set():
                        self.hold.clear()
                        self.held_title = item.title
                        self.holding.set()
                        assert self.released.wait(WAIT)
                with self.committed:
                    self.commits += 1
                    self.committed.notify_all()
        except Exception as error:  # reported by the test
            self.error = error
        finally:
            connection.close()

    def wait_for(self, commits):
        with self.committed:
            assert self.committed.wait_for(lambda: self.commits >= commits or self.error, WAIT)
        assert self.error is None, self.error


@pytest.fixture
def fresh_installation(tmp_path):
    """A new, empty database and media folder, as DATABASE_URL and settings for a subprocess."""
    media = tmp_path / "restored-media"
    media.mkdir()
    conf = connection.settings_dict
    if conf["ENGINE"] == "django.db.backends.sqlite3":
        url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        yield url, media
        return
    name = f"{conf['NAME']}_restored"
    admin = database_url().rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as pg:
        pg.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        pg.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield database_url().rsplit("/", 1)[0] + "/" + name, media
    finally:
        with psycopg.connect(admin, autocommit=True) as pg:
            pg.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def run_in(installation, *argv):
    url, media = installation
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.restore_settings",
        "DATABASE_URL": url,
        "RESTORE_MEDIA_ROOT": str(media),
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and modules
        [sys.executable, *argv],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_backup_during_writes_restores_everything_into_a_fresh_installation(
    tmp_path, news, statement_kind, fresh_installation
):
    """Pages, revisions and media committed before the backup all come back, byte for byte."""
    for n in range(3):
        illustrated_item(news, statement_kind, n)
    draft = PublicationPageFactory(parent=news, kind=statement_kind, title="Draft", live=False)
    draft.save_revision()
    reader = Client()
    for page in Page.objects.live().specific().filter(depth__gt=1):
        assert reader.get(page.url).status_code == 200  # renditions are made, and backed up
    before = snapshot()
    assert len(before["pages"]) >= 5 and len(before["media"]) >= 9

    writer = Writer(news, statement_kind, draft)
    writer.start()
    try:
        writer.wait_for(2)
        # A transaction is open, uncommitted, while the database is copied ...
        writer.hold.set()
        assert writer.holding.wait(WAIT)

        def during_backup():
            # ... and two more items with new images are committed while the media are copied.
            writer.released.set()
            goal = writer.commits + 2
            writer.wait_for(goal)

        output = tmp_path / "backups"
        output.mkdir()
        archive = create_backup(output, after_database=during_backup)
    finally:
        writer.stop.set()
        writer.released.set()
        writer.join(WAIT)
    assert writer.error is None, writer.error
    after = snapshot()

    restored = run_in(fresh_installation, MANAGE, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    result = run_in(fresh_installation, "-m", "tests.backup_snapshot")
    assert result.returncode == 0, result.stderr
    copy = json.loads(result.stdout)

    # Everything published before the backup is there, with the same title, body and URL.
    for url, content in before["pages"].items():
        assert copy["pages"].get(url) == content, url
    # Whatever else came back is exactly what the editor committed, never half of it.
    for url, content in copy["pages"].items():
        assert after["pages"][url] == content, url
    held = next(url for url, c in after["pages"].items() if c["title"] == writer.held_title)
    assert held not in copy["pages"], "an uncommitted transaction leaked into the backup"
    # No revision made before the backup is lost.
    for pk, count in before["revisions"].items():
        assert copy["revisions"].get(pk, 0) >= count, pk
    # Every media file is the same bytes; every file the database names is there.
    for name, digest in before["media"].items():
        assert copy["media"].get(name) == digest, name
    for name, digest in copy["media"].items():
        assert after["media"][name] == digest, name
    assert copy["missing_files"] == []


def test_the_archive_has_a_manifest_with_every_checksum(tmp_path, news, statement_kind):
    """One .tar.gz, named by its UTC time, whose manifest lists every member's SHA-256."""
    illustrated_item(news, statement_kind, 1)
    output = tmp_path / "out"
    output.mkdir()
    call_command("backup", output=output, stdout=io.StringIO())
    archives = list(output.iterdir())
    assert len(archives) == 1, archives  # no temporary files left beside it
    archive = archives[0]
    assert archive.name.startswith("chancery-backup-") and archive.name.endswith("Z.tar.gz")
    extracted = tmp_path / "x"
    with tarfile.open(archive) as tar:
        tar.extractall(extracted, filter="data")
    manifest = json.loads((extracted / MANIFEST).read_text())
    engine = "sqlite" if connection.vendor == "sqlite" else "postgresql"
    assert manifest["engine"] == engine
    assert manifest["created_at"].endswith("+00:00")
    members = {p.relative_to(extracted).as_posix() for p in extracted.rglob("*") if p.is_file()}
    assert members - {MANIFEST} == set(manifest["files"])
    for name, entry in manifest["files"].items():
        assert sha256_of(extracted / name) == entry["sha256"], name
    assert any(name.startswith("media/original_images/") for name in manifest["files"])


def test_backup_into_an_unwritable_folder_fails_clearly(tmp_path):
    """A folder that does not exist or cannot be written is a clear error, not a traceback."""
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("backup", output=tmp_path / "missing")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            # root ignores permissions: a regular file in the way is unwritable for anyone.
            locked = tmp_path / "a-file"
            locked.write_text("")
            match = "is not a folder"
        else:
            match = "Cannot write"
        with pytest.raises(CommandError, match=match):
            call_command("backup", output=locked)
    finally:
        (tmp_path / "locked").chmod(0o700)
    result = subprocess.run(  # noqa: S603
        [sys.executable, MANAGE, "backup", "--output", str(tmp_path / "missing")],
        env={**os.environ, "DATABASE_URL": database_url()},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "is not a folder" in result.stderr and "Traceback" not in result.stderr


def test_restore_refuses_an_installation_with_content(tmp_path, news, statement_kind):
    """Restoring over a database with content is refused unless --force; nothing changes."""
    illustrated_item(news, statement_kind, 1)
    output = tmp_path / "out"
    output.mkdir()
    archive = create_backup(output)
    PublicationPageFactory(parent=news, kind=statement_kind, title="Made after the backup")
    with pytest.raises(CommandError, match="already has content"):
        call_command("restore", str(archive))
    assert Page.objects.filter(title="Made after the backup").exists()


def test_restore_checks_every_checksum_before_touching_anything(
    tmp_path, news, statement_kind, fresh_installation
):
    """A damaged archive is refused with the damaged member named; the target stays empty."""
    illustrated_item(news, statement_kind, 1)
    output = tmp_path / "out"
    output.mkdir()
    archive = create_backup(output)
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    victim = next(p for p in (unpacked / "media" / "original_images").rglob("*") if p.is_file())
    victim.write_bytes(victim.read_bytes()[:-1] + b"\0")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as tar:
        for path in sorted(unpacked.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(unpacked).as_posix())

    result = run_in(fresh_installation, MANAGE, "restore", str(damaged))
    assert result.returncode != 0
    assert "checksum mismatch: media/original_images/" in result.stderr
    assert "Traceback" not in result.stderr
    url, media = fresh_installation
    assert list(media.iterdir()) == []
    if url.startswith("sqlite"):
        assert not Path(url.removeprefix("sqlite:///")).exists()
    else:
        connections.close_all()
        with psycopg.connect(url) as pg:
            tables = pg.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            ).fetchone()[0]
        assert tables == 0
