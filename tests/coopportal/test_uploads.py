import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from coopportal.uploads import UnguessablePath, validate_upload, validated_upload

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def test_pdf_is_accepted_by_its_content():
    assert validate_upload(SimpleUploadedFile("abstract.pdf", PDF)) == "pdf"


def test_exe_renamed_pdf_is_refused():
    with pytest.raises(ValidationError, match="not an accepted type"):
        validate_upload(SimpleUploadedFile("abstract.pdf", EXE, content_type="application/pdf"))


def test_empty_file_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        validate_upload(SimpleUploadedFile("empty.pdf", b""))


def test_file_over_the_limit_is_refused(settings):
    settings.MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError, match="limit"):
        validate_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))


def test_stored_name_takes_the_detected_type_and_is_unguessable():
    upload = validated_upload(SimpleUploadedFile("photo.pdf", PNG))
    assert upload.name == "upload.png"
    first, second = UnguessablePath("kpi")(None, upload.name), UnguessablePath("kpi")(None, upload.name)
    assert first.startswith("kpi/") and first.endswith(".png")
    assert first != second and len(first) > 36


def test_detection_leaves_the_read_position_alone():
    upload = SimpleUploadedFile("a.pdf", PDF)
    upload.file = io.BytesIO(PDF)
    upload.file.seek(3)
    validate_upload(upload)
    assert upload.file.tell() == 3
