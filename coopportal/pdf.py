"""The one PDF renderer: a Django template (autoescaped) rendered to A4 by WeasyPrint.

Every document the portal makes goes through `render_pdf`. Two things it guarantees:

- Fonts come from the repository (`static/fonts/`: Noto Sans for Latin and Cyrillic
  including the Kazakh letters, Noto Naskh Arabic for Persian), so a name renders the
  same on any machine and never as empty boxes.
- WeasyPrint fetches nothing from outside. Relative URLs resolve against `PDF_BASE_URL`,
  a host under the reserved `.invalid` domain that never goes to the network: the fetcher
  maps it onto the project's static files. `data:` URLs are decoded in process. Anything
  else (`file:`, `http(s):` elsewhere, `ftp:` ...) is refused, whether it comes from a
  template, from user text or from `<link rel=attachment>`.
"""

import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_BASE_URL = "https://static.invalid/"

FONT_CSS = """
@font-face { font-family: "Portal Sans"; font-weight: 400; src: url("fonts/NotoSans-Regular.ttf"); }
@font-face { font-family: "Portal Sans"; font-weight: 700; src: url("fonts/NotoSans-Bold.ttf"); }
@font-face { font-family: "Portal Naskh"; font-weight: 400; src: url("fonts/NotoNaskhArabic-Regular.ttf"); }
@font-face { font-family: "Portal Naskh"; font-weight: 700; src: url("fonts/NotoNaskhArabic-Bold.ttf"); }
@page { size: A4; margin: 18mm 16mm; }
html { font-family: "Portal Sans", "Portal Naskh"; font-size: 10.5pt; line-height: 1.4; color: #1b1b1b; }
"""


class RefusedResource(ValueError):
    """A URL the PDF renderer will not fetch."""


class StaticOnlyURLFetcher(URLFetcher):
    """Serve the project's own static files and `data:` URLs; refuse everything else."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            # urllib's DataHandler decodes it in process; nothing is opened.
            return super().fetch(url, headers)
        if url.startswith(PDF_BASE_URL):
            return self._static(url)
        raise RefusedResource(f"The PDF renderer does not fetch {url[:80]!r}.")

    def _static(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        relative = unquote(parts.path).lstrip("/")
        if parts.query or not relative:
            raise RefusedResource(f"Not a static file: {url[:80]!r}.")
        try:
            found = finders.find(relative)
        except SuspiciousFileOperation as exc:
            raise RefusedResource(f"Not a static file: {url[:80]!r}.") from exc
        if not found:
            raise RefusedResource(f"No such static file: {relative!r}.")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": content_type})


def qr_data_uri(text: str) -> str:
    """A QR code for `text` as a PNG `data:` URI, one pixel per module (scale it up with
    `image-rendering: pixelated`, which keeps the modules sharp)."""
    # A fixed mask: choosing the "best" of eight costs more than the rest of a certificate render.
    return segno.make(text, error="m", micro=False, mask=2).png_data_uri(scale=1, border=2)


class _ThreadCache(threading.local):
    """What every render in a thread shares: parsing a stylesheet (and for @font-face, loading the
    fonts) costs as much as laying out a small document, so each is parsed once per thread."""

    def __init__(self):
        self.fetcher = StaticOnlyURLFetcher()
        self.font_config = FontConfiguration()
        self.stylesheets: dict[str | None, CSS] = {}

    def stylesheet(self, path: str | None) -> CSS:
        """The shared fonts and page (`None`), or a static file such as `accreditation/pdf/certificate.css`."""
        if path not in self.stylesheets:
            source = {"string": FONT_CSS} if path is None else {"url": PDF_BASE_URL + path}
            self.stylesheets[path] = CSS(
                **source, base_url=PDF_BASE_URL, url_fetcher=self.fetcher, font_config=self.font_config
            )
        return self.stylesheets[path]


_cache = _ThreadCache()


def render_pdf(template_name: str, context: dict | None = None, *, stylesheets: tuple[str, ...] = ()) -> bytes:
    """Render an HTML template to an A4 PDF with the portal's fonts; return the bytes.

    `stylesheets` are static files applied after the fonts, parsed once per thread (a template's own
    `<style>` is parsed on every render).
    """
    html = render_to_string(template_name, context or {})
    sheets = [_cache.stylesheet(None), *(_cache.stylesheet(path) for path in stylesheets)]
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_cache.fetcher)
    return document.write_pdf(stylesheets=sheets, font_config=_cache.font_config)


WARM_UP_HTML = '<p>Portal Қазақстан</p><p dir="rtl">پورتال</p>'


def warm_up(*, stylesheets: tuple[str, ...] = ()) -> None:
    """Parse the stylesheets and load every font in this thread, so its first document does not wait."""
    for path in stylesheets:
        _cache.stylesheet(path)
    document = HTML(string=WARM_UP_HTML, base_url=PDF_BASE_URL, url_fetcher=_cache.fetcher)
    document.write_pdf(stylesheets=[_cache.stylesheet(None)], font_config=_cache.font_config)
