"""Uploaded files: checked by content, stored under unguessable names, served only by views.

The type comes from the file's magic bytes, never from its name or the browser's
content type, so an `.exe` renamed `.pdf` is refused. Files live under MEDIA_ROOT,
which no URL serves; a view that has checked permission returns them with
`attachment_response`.
"""

import uuid
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

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
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(uploaded_file.size / 1_048_576, 1), "limit": round(max_bytes / 1_048_576, 1)},
            code="too_large",
        )
    kind = detect_type(uploaded_file)
    if kind not in allowed:
        raise ValidationError(
            _("This file is not an accepted type. Accepted: %(types)s.")
            % {"types": ", ".join(ext.upper() for ext in allowed)},
            code="bad_type",
        )
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
