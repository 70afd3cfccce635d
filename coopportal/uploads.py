"""Uploaded files: checked by content, stored under unguessable names, served only by views.

The type comes from the file's magic bytes, never from its name or the browser's
content type, so an `.exe` renamed `.pdf` is refused. Files live under MEDIA_ROOT,
which no URL serves; a view that has checked permission returns them with
`attachment_response`.
"""

import io
import math
import uuid
import zipfile
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from coopportal.formatting import format_number

DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "jpg": "image/jpeg",
    "png": "image/png",
}
IMAGE_TYPES = {key: DOCUMENT_TYPES[key] for key in ("jpg", "png")}
SPREADSHEET_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


# DOCX, ODT, XLSX and ODS are zip archives: what they expand to is bounded too (a zip bomb of a few KB
# can expand to gigabytes when a library opens it).
ZIP_TYPES = {"docx", "odt", "xlsx", "ods"}
MAX_ZIP_ENTRIES = 2000
MEGABYTE = 1_048_576


def describe_megabytes(size: int, *, round_up: bool) -> str:
    """`size` in MB with at most one decimal, rounded up (a file's size) or down (a limit), so a file one
    byte over the limit never reads as the limit itself: 10 MB + 1 byte is "10.1 MB" against "10 MB"."""
    tenths = math.ceil(size * 10 / MEGABYTE) if round_up else math.floor(size * 10 / MEGABYTE)
    return format_number(tenths // 10) if tenths % 10 == 0 else format_number(tenths / 10, decimal_pos=1)


def too_large_error(size: int, limit: int) -> ValidationError:
    return ValidationError(
        _("The file is %(size)s MB; the limit is %(limit)s MB.")
        % {"size": describe_megabytes(size, round_up=True), "limit": describe_megabytes(limit, round_up=False)},
        code="too_large",
    )


def check_zip_expansion(uploaded_file, *, max_expanded: int | None = None) -> None:
    """Refuse a zip archive that is unreadable, has too many entries or expands past `max_expanded` bytes
    (default MAX_UNZIPPED_UPLOAD_BYTES). The sizes are the archive's declared ones, which Python's zipfile
    also enforces when the entries are read, so an archive cannot expand further than it declares."""
    max_expanded = max_expanded or settings.MAX_UNZIPPED_UPLOAD_BYTES
    position = uploaded_file.tell()
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ValidationError(_("This file is damaged: it cannot be opened."), code="bad_zip") from exc
    finally:
        uploaded_file.seek(position)
    if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > max_expanded:
        raise ValidationError(
            _("This file expands to more than %(limit)s MB when opened; save it again or split it.")
            % {"limit": describe_megabytes(max_expanded, round_up=False)},
            code="zip_too_large",
        )


def detect_type(uploaded_file) -> str | None:
    """The file's type as an extension (`pdf`, `docx`, ...) from its content, or None."""
    position = uploaded_file.tell() if hasattr(uploaded_file, "tell") else 0
    uploaded_file.seek(0)
    head = uploaded_file.read(8192)
    uploaded_file.seek(position)
    kind = filetype.guess(head)
    return kind.extension if kind else None


def validate_upload(uploaded_file, *, allowed: dict[str, str] = DOCUMENT_TYPES, max_bytes: int | None = None) -> str:
    """Check size and content type; return the detected extension or raise ValidationError."""
    max_bytes = max_bytes or settings.MAX_UPLOAD_BYTES
    if uploaded_file is None or uploaded_file.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if uploaded_file.size > max_bytes:
        raise too_large_error(uploaded_file.size, max_bytes)
    kind = detect_type(uploaded_file)
    if kind not in allowed:
        raise ValidationError(
            _("This file is not an accepted type. Accepted: %(types)s.")
            % {"types": ", ".join(ext.upper() for ext in allowed)},
            code="bad_type",
        )
    if kind in ZIP_TYPES:
        check_zip_expansion(uploaded_file)
    return kind


def validated_upload(uploaded_file, *, allowed: dict[str, str] = DOCUMENT_TYPES, max_bytes: int | None = None):
    """validate_upload, then name the file by its detected type so the stored suffix is the real one."""
    kind = validate_upload(uploaded_file, allowed=allowed, max_bytes=max_bytes)
    uploaded_file.name = f"upload.{kind}"
    return uploaded_file


@deconstructible
class UnguessablePath:
    """`upload_to` callable: `<prefix>/<random hex>.<ext>`; the original name never reaches the disk."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename):
        suffix = PurePath(filename).suffix.lower()
        if not (suffix[1:].isalnum() and len(suffix) <= 6):
            suffix = ".bin"
        return f"{self.prefix}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other):
        return isinstance(other, UnguessablePath) and other.prefix == self.prefix


def attachment_response(field_file, download_name: str) -> FileResponse:
    """Serve a stored file as a download, never rendered inline by the browser."""
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=download_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class OversizedUpload(UploadedFile):
    """Stands for a file that passed MAX_UPLOAD_BYTES while it arrived: its size is the real one, its content
    was never kept, so validation refuses it with the exact size."""

    def __init__(self, name: str, size: int):
        super().__init__(io.BytesIO(), name=name, content_type="application/octet-stream", size=size)


class UploadLimitHandler(FileUploadHandler):
    """The first upload handler. A multipart body whose Content-Length passes MAX_REQUEST_BYTES is refused
    before any of it is read (400), and a file past MAX_UPLOAD_BYTES is counted but no longer kept, so the
    form can tell its size without the server storing it."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > settings.MAX_REQUEST_BYTES:
            raise RequestDataTooBig("The request body is larger than MAX_REQUEST_BYTES.")

    def receive_data_chunk(self, raw_data, start):
        # None stops the chunk here: the later handlers (memory or temporary file) keep nothing more.
        return None if start + len(raw_data) > settings.MAX_UPLOAD_BYTES else raw_data

    def file_complete(self, file_size):
        return OversizedUpload(self.file_name, file_size) if file_size > settings.MAX_UPLOAD_BYTES else None
