"""The shared PDF renderer: our fonts for Kazakh and Persian names, and no outside fetches."""

import io
import logging
import socket
import threading

import pytest
from django.template import engines
from pypdf import PdfReader
from weasyprint.urls import URLFetchingError

from coopportal import pdf

KAZAKH = "Әлихан Нұрғали"
PERSIAN = "زهرا احمدی"


def _render_string(source: str, context: dict | None = None) -> bytes:
    """render_pdf with an inline template (same code path after the template is rendered)."""
    html = engines["django"].from_string(source).render(context or {})
    document = pdf.HTML(string=html, base_url=pdf.PDF_BASE_URL, url_fetcher=pdf.StaticOnlyURLFetcher())
    return document.write_pdf(stylesheets=[pdf._cache.stylesheet(None)], font_config=pdf._cache.font_config)


def _embedded_font_names(reader: PdfReader) -> set[str]:
    """Embedded font names without the subset tag (ABCDEF+Portal-Sans → Portal-Sans)."""
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                assert descriptor.get("/FontFile2") or descriptor.get("/FontFile3"), "font not embedded"
                names.add(str(descriptor["/FontName"]).split("+")[-1])
    return names


def _notdef_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if ".notdef" in r.getMessage()]


def test_kazakh_and_persian_names_render_with_the_shipped_fonts(caplog):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    content = _render_string("<p>{{ kk }}</p><p dir='rtl'>{{ fa }}</p>", {"kk": KAZAKH, "fa": PERSIAN})
    reader = PdfReader(io.BytesIO(content))
    text = reader.pages[0].extract_text()
    assert KAZAKH in text
    assert PERSIAN in text
    # Only the repository's fonts (our @font-face families) are embedded, no system fallback,
    assert _embedded_font_names(reader) == {"Portal-Sans", "Portal-Naskh"}
    # and WeasyPrint drew no .notdef box for any character.
    assert _notdef_warnings(caplog) == []


def test_all_kazakh_letters_render_without_boxes(caplog):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    content = _render_string("<p>ӘҒҚҢӨҰҮҺІ әғқңөұүһі</p>")
    assert _embedded_font_names(PdfReader(io.BytesIO(content))) == {"Portal-Sans"}
    assert _notdef_warnings(caplog) == []


def test_the_box_detector_does_notice_a_missing_glyph(caplog):
    # A private-use character no font has: proves the checks above would catch tofu.
    caplog.set_level(logging.WARNING, logger="weasyprint")
    _render_string("<p>&#xE000;</p>")
    assert _notdef_warnings(caplog)


def test_template_text_is_autoescaped():
    content = _render_string("<p>{{ name }}</p>", {"name": "<img src='file:///etc/passwd'>Aigerim"})
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "<img src='file:///etc/passwd'>Aigerim" in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "https://example.org/logo.png",
        "ftp://127.0.0.1/x",
        "https://static.invalid/../../etc/passwd",
        "https://static.invalid/%2e%2e/%2e%2e/etc/passwd",
        "https://static.invalid/missing-file.css",
    ],
)
def test_url_fetcher_refuses_anything_but_static_files_and_data(url):
    with pytest.raises(pdf.RefusedResource):
        pdf.StaticOnlyURLFetcher().fetch(url)


def test_url_fetcher_serves_the_project_fonts_and_data_urls():
    fetcher = pdf.StaticOnlyURLFetcher()
    font = fetcher.fetch(pdf.PDF_BASE_URL + "fonts/NotoSans-Regular.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"
    assert fetcher.fetch("data:text/plain;base64,aGVsbG8=").read() == b"hello"


@pytest.fixture
def listening_server():
    """A local TCP server that records whether anything connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    hits = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            hits.append(conn.recv(1024))
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join()
    server.close()


def test_a_template_pointing_outside_fetches_nothing(listening_server, tmp_path):
    port, hits = listening_server
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    source = f"""
      <link rel="stylesheet" href="http://127.0.0.1:{port}/style.css">
      <link rel="attachment" href="file://{secret}">
      <link rel="attachment" href="http://127.0.0.1:{port}/attach">
      <img src="http://127.0.0.1:{port}/img.png">
      <img src="file:///etc/passwd">
      <p style="background: url(http://127.0.0.1:{port}/bg.png)">{{{{ name }}}}</p>
    """
    content = _render_string(source, {"name": "Aigerim"})
    reader = PdfReader(io.BytesIO(content))
    assert hits == []
    assert not reader.attachments
    assert b"TOP-SECRET-CONTENT" not in content
    assert "Aigerim" in reader.pages[0].extract_text()


def test_qr_code_is_a_data_uri_image():
    uri = pdf.qr_data_uri("http://127.0.0.1:8000/verify/ABCDEFGHJKMNPQRSTUVW/")
    assert uri.startswith("data:image/png;base64,")


def test_a_static_stylesheet_is_parsed_once_per_thread():
    first = pdf._cache.stylesheet("accreditation/pdf/certificate.css")
    assert pdf._cache.stylesheet("accreditation/pdf/certificate.css") is first
    other_thread = []
    thread = threading.Thread(
        target=lambda: other_thread.append(pdf._cache.stylesheet("accreditation/pdf/certificate.css"))
    )
    thread.start()
    thread.join()
    assert other_thread[0] is not first


@pytest.mark.parametrize("path", ["../../etc/passwd", "missing.css"])
def test_stylesheets_come_only_from_the_static_files(path):
    # WeasyPrint reports the fetcher's refusal as a fetching error that stops the render.
    with pytest.raises(URLFetchingError, match="RefusedResource"):
        pdf.render_pdf("accreditation/pdf/base.html", stylesheets=(path,))


def test_warm_up_parses_the_stylesheets_and_renders_every_script_without_boxes(caplog):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    cached = []

    def in_a_fresh_thread():
        pdf.warm_up(stylesheets=("accreditation/pdf/certificate.css",))
        cached.extend(pdf._cache.stylesheets)

    thread = threading.Thread(target=in_a_fresh_thread)
    thread.start()
    thread.join()
    assert set(cached) == {None, "accreditation/pdf/certificate.css"}
    assert _notdef_warnings(caplog) == []
