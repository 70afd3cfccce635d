import io
import zipfile

import pytest
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory

from coopportal.uploads import UnguessablePath, describe_megabytes, validate_upload, validated_upload
from procurement import participant_import

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


def _docx(*, extra: bytes = b"") -> bytes:
    """A minimal DOCX; `extra` is stored as one more entry, deflated (zeros shrink a thousandfold)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        if extra:
            archive.writestr("word/media/padding.bin", extra)
    return buffer.getvalue()


def test_one_byte_over_ten_megabytes_reads_larger_than_the_limit(settings):
    settings.MAX_UPLOAD_BYTES = 10 * 1_048_576
    upload = SimpleUploadedFile("big.pdf", b"")
    upload.size = 10 * 1_048_576 + 1
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload)
    assert refused.value.messages == ["The file is 10.1 MB; the limit is 10 MB."]


def test_size_message_rounds_the_file_up_and_the_limit_down():
    assert describe_megabytes(1_048_576, round_up=True) == "1"
    assert describe_megabytes(1_048_577, round_up=True) == "1.1"
    assert describe_megabytes(2_621_440, round_up=False) == "2.5"
    assert describe_megabytes(2_621_439, round_up=False) == "2.4"


def test_docx_is_accepted_when_its_expanded_size_is_within_the_bound():
    assert validate_upload(SimpleUploadedFile("plan.docx", _docx(extra=b"0" * 1000))) == "docx"


def test_docx_zip_bomb_is_refused_by_its_expanded_size(settings):
    settings.MAX_UNZIPPED_UPLOAD_BYTES = 1_048_576
    bomb = _docx(extra=b"\0" * 2_097_152)
    assert len(bomb) < 10_000
    with pytest.raises(ValidationError, match="expands to more than 1 MB") as refused:
        validate_upload(SimpleUploadedFile("plan.docx", bomb))
    assert refused.value.code == "zip_too_large"


def test_participant_xlsx_zip_bomb_is_refused(settings):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (participant_import.MAX_UNZIPPED_BYTES + 1))
    with pytest.raises(participant_import.ImportRefused, match="expands to more than 20 MB"):
        participant_import.read_participants(SimpleUploadedFile("people.xlsx", bomb.getvalue()))


class _CountingInput(io.BytesIO):
    """A request body that records how much of it was read."""

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read = getattr(self, "bytes_read", 0) + len(chunk)
        return chunk


def _multipart_request(body: bytes, *, content_length: int | None = None) -> tuple[WSGIRequest, _CountingInput]:
    stream = _CountingInput(body)
    environ = RequestFactory().post("/").environ
    environ.update(
        {
            "CONTENT_TYPE": "multipart/form-data; boundary=BOUNDARY",
            "CONTENT_LENGTH": str(content_length if content_length is not None else len(body)),
            "wsgi.input": stream,
        }
    )
    return WSGIRequest(environ), stream


def _file_part(content: bytes) -> bytes:
    return (
        b'--BOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="plan.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + content + b"\r\n--BOUNDARY--\r\n"
    )


def test_body_over_the_request_limit_is_refused_before_it_is_read(settings):
    settings.MAX_REQUEST_BYTES = 1_048_576
    request, stream = _multipart_request(_file_part(PDF), content_length=100 * 1_048_576)
    with pytest.raises(RequestDataTooBig):
        request.FILES  # noqa: B018 — parsing the body is what is checked
    assert getattr(stream, "bytes_read", 0) == 0


def test_file_over_the_upload_limit_is_counted_but_not_kept(settings):
    settings.MAX_UPLOAD_BYTES = 4096
    request, _stream = _multipart_request(_file_part(PDF + b"0" * 8000))
    upload = request.FILES["file"]
    assert upload.size == len(PDF) + 8000
    assert upload.read() == b""
    with pytest.raises(ValidationError, match="the limit is"):
        validate_upload(upload)


def test_file_within_the_upload_limit_arrives_whole(settings):
    settings.MAX_UPLOAD_BYTES = 4096
    request, _stream = _multipart_request(_file_part(PDF))
    assert request.FILES["file"].read() == PDF
