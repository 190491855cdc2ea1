"""Uploads to the image and document libraries: limits, bombs, impostors and file names."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from tests.accounts_helpers import sign_in

from .media import gif_bytes, png_bomb, png_bytes

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert("xss1337")</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture
def admin(client, db):
    user = get_user_model().objects.create_superuser(
        "uploader", "uploader@example.org", "pw-for-tests-only"
    )
    return sign_in(client, user, "pw-for-tests-only")


def upload_image(admin, name, content, title="Upload"):
    return admin.post(
        reverse("wagtailimages:add"),
        {"title": title, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


def upload_document(admin, name, content, title="Upload"):
    return admin.post(
        reverse("wagtaildocs:add"),
        {"title": title, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_real_image_is_accepted(admin):
    """A small PNG goes into the library: the checks below refuse only what is wrong."""
    response = upload_image(admin, "photo.png", png_bytes(8, 8))
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Upload").exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("drawing.svg", SVG),
        ("drawing.png", SVG),
        ("program.png", EXE),
        ("photo.jpg", png_bytes(8, 8)),
        ("photo.gif", b"GIF89a" + b"\x00" * 20),
        ("bomb.png", png_bomb()),
        ("frames.gif", gif_bytes(1000, 1000, 50)),
    ],
    ids=["svg", "svg-as-png", "exe-as-png", "png-as-jpg", "broken-gif", "pixel-bomb", "frame-bomb"],
)
def test_hostile_images_are_refused(admin, name, content):
    """SVG, impostors, pixel bombs and frame bombs are refused with a form error."""
    response = upload_image(admin, name, content)
    assert response.status_code == 200
    assert not get_image_model().objects.exists()
    assert "error" in response.content.decode()


def test_a_real_document_is_accepted(admin):
    """PDF, DOCX and UTF-8 text documents whose content matches go into the library."""
    for name, content in [
        ("a.pdf", pdf_bytes()),
        ("b.docx", docx_bytes()),
        ("c.txt", "Привет, world.\n".encode()),
        ("d.csv", b"a,b\n1,2\n"),
    ]:
        response = upload_document(admin, name, content, title=name)
        assert response.status_code == 302, (name, response.content.decode()[:500])
    assert get_document_model().objects.count() == 4


@pytest.mark.parametrize(
    "name, content",
    [
        ("report.pdf", EXE),
        ("report.pdf", docx_bytes()),
        ("report.docx", pdf_bytes()),
        ("report.docx", b"PK\x03\x04" + b"\x00" * 100),
        ("notes.txt", EXE),
        ("notes.txt", png_bytes()),
        ("table.csv", b"\xff\xfe\x00\x00binary\x00"),
        ("letter.rtf", pdf_bytes()),
    ],
)
def test_documents_whose_content_does_not_match_are_refused(admin, name, content):
    """A document whose bytes are another format than its extension says is refused."""
    response = upload_document(admin, name, content)
    assert response.status_code == 200
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "../../../../etc/cron.d/evil.txt",
        "..\\..\\windows\\evil.txt",
        "/etc/passwd.txt",
        "....//....//evil.txt",
        "%2e%2e%2fevil.txt",
        "evil\x00.txt.txt",
    ],
)
def test_path_traversal_names_stay_in_the_library(admin, name):
    """A file name with path parts is stored under a plain name inside the media folder."""
    response = upload_document(admin, name, b"Plain text.\n", title="Traversal")
    assert response.status_code in (200, 302)
    document = get_document_model().objects.filter(title="Traversal").first()
    if document is None:
        return
    stored = Path(document.file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve() / "documents")
    assert ".." not in document.file.name and "\\" not in document.file.name
    assert "\x00" not in document.file.name


def test_documents_are_downloads_through_the_serve_view(admin, client):
    """A document is served by Wagtail's view as an attachment, even a PDF or text file."""
    upload_document(admin, "statement.pdf", pdf_bytes(), title="Statement")
    upload_document(admin, "notes.txt", b"<script>alert('xss1337')</script>\n", title="Notes")
    for document in get_document_model().objects.all():
        response = client.get(document.url)
        assert document.url.startswith("/documents/")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'none'" in response["Content-Security-Policy"]
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


def test_oversized_upload_is_stopped_while_streaming(admin, settings):
    """An upload past the limit is cut off by the upload handler and refused, not a 500."""
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 64 * 1024
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 64 * 1024
    response = upload_document(admin, "big.txt", b"a" * (512 * 1024), title="Big")
    assert response.status_code in (200, 400, 413)
    assert not get_document_model().objects.filter(title="Big").exists()
    response = upload_image(admin, "big.png", png_bytes(600, 600) + b"\x00" * 300_000)
    assert response.status_code in (200, 400, 413)
    assert not get_image_model().objects.exists()


def test_upload_limits_are_configured():
    """Every layer has a limit: Django's request and file buffers and Wagtail's libraries."""
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 20 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS <= 50_000_000
    assert settings.FILE_UPLOAD_HANDLERS[0] == "chancery.core.uploads.SizeLimitedUploadHandler"
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
