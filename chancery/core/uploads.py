"""What the mission's library accepts as an upload, checked before the file is kept.

`SizeLimitedUploadHandler` stops an upload as soon as it is larger than the largest file the
library takes, before the rest of it is read. `check_document_content` refuses a document
whose bytes are not what its extension says (an executable named `report.pdf`).
"""

import os

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.translation import gettext as _


def max_upload_size():
    """The largest file the image or document library accepts, in bytes."""
    return max(
        settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE or 0, settings.WAGTAILDOCS_MAX_UPLOAD_SIZE or 0
    )


class SizeLimitedUploadHandler(FileUploadHandler):
    """Stops reading an upload once it is larger than any file the library would keep.

    Django streams each file through its upload handlers chunk by chunk; without this, a
    1 GB upload is written to a temporary file in full before the form says it is too big.
    https://docs.djangoproject.com/en/5.2/ref/files/uploads/#custom-upload-handlers
    """

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # The whole request declares itself too big: refuse before reading a byte of it.
        limit = max_upload_size()
        if limit and content_length and content_length > limit + 1024 * 1024:
            raise StopUpload(connection_reset=True)

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        limit = max_upload_size()
        if limit and self.received > limit:
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


# What each document extension must look like inside. Office formats are zip files whose
# first entry names the format; plain text must decode and hold no control bytes.
ZIP_FORMATS = {"docx": "docx", "xlsx": "xlsx", "pptx": "pptx", "odt": "odt"}
TEXT_FORMATS = {"csv", "txt"}


def check_document_content(file, name):
    """Refuse a document whose content does not match its extension."""
    extension = os.path.splitext(name or "")[1].lower().lstrip(".")
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    # Office files name their format in the first few zip entries: 64 KiB holds them.
    head = file.read(65536)
    file.seek(position)
    if extension in TEXT_FORMATS:
        if b"\x00" in head or filetype.guess(head) is not None:
            raise ValidationError(
                _("This file is not plain text, so it cannot be a .%(ext)s file."),
                params={"ext": extension},
                code="content_mismatch",
            )
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the sample is still text.
            if error.start < len(head) - 4:
                raise ValidationError(
                    _("This .%(ext)s file is not UTF-8 text."),
                    params={"ext": extension},
                    code="content_mismatch",
                ) from None
        return
    if extension == "rtf":
        if not head.startswith(b"{\\rtf"):
            raise ValidationError(_("This file is not an RTF document."), code="content_mismatch")
        return
    kind = filetype.guess(head)
    found = kind.extension if kind else None
    if found != extension:
        raise ValidationError(
            _("This file is not a .%(ext)s document (its content looks like %(found)s)."),
            params={"ext": extension, "found": found or _("an unknown format")},
            code="content_mismatch",
        )
