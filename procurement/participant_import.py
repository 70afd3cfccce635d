"""Participants from a spreadsheet (XLSX or CSV): a template to download, every row checked with its
row number, and nothing stored unless every row is right."""

import csv
import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from coopportal.uploads import check_zip_expansion

from .exceptions import BudgetError

MAX_BYTES = 2 * 1024 * 1024
# 2,000 rows of three short columns expand to well under a megabyte; a bigger archive is a zip bomb.
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024
MAX_ROWS = 2000
# Code, English header, translated header: a file in either language is read.
COLUMNS = (
    ("full_name", "Full name", gettext_lazy("Full name")),
    ("national_id", "National ID", gettext_lazy("National ID")),
    ("phone", "Phone", gettext_lazy("Phone")),
)


class ImportRefused(BudgetError):
    """The file or some rows are wrong; `errors` lists (row number or None, message)."""

    def __init__(self, errors: list[tuple[int | None, str]]):
        self.errors = errors
        super().__init__(
            " ".join(
                (_("Row %(row)s: %(message)s") % {"row": row, "message": message}) if row else message
                for row, message in errors
            )
        )


def template_bytes() -> bytes:
    """An XLSX with the header row; the ID and phone columns are text, so leading zeros survive."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Participants"))[:31]
    sheet.append([str(label) for _code, _english, label in COLUMNS])
    for letter in ("B", "C"):
        for row in range(2, 502):
            sheet[f"{letter}{row}"].number_format = "@"
    for letter, width in (("A", 32), ("B", 16), ("C", 18)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header_map(header: list) -> dict[int, str]:
    known = {}
    for code, english, label in COLUMNS:
        for name in (code, english, str(label)):
            known[name.strip().casefold()] = code
    mapping = {}
    for index, cell in enumerate(header):
        code = known.get(str(cell or "").strip().casefold())
        if code:
            mapping[index] = code
    return mapping


def _cell_text(value, code: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and code == "national_id":
        return f"{value:010d}"  # a spreadsheet dropped the leading zeros
    if isinstance(value, int) and code == "phone":
        return f"0{value}"  # 9121234567 typed as a number
    return str(value).strip()


def _rows_of(uploaded) -> list[list]:
    data = uploaded.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES or (uploaded.size or 0) > MAX_BYTES:
        raise ImportRefused([(None, _("The file is larger than 2 MB."))])
    if data.startswith(b"PK"):
        try:
            check_zip_expansion(io.BytesIO(data), max_expanded=MAX_UNZIPPED_BYTES)
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
            return [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
        except ValidationError as exc:
            unreadable = _("The file is not a readable XLSX spreadsheet.")
            raise ImportRefused([(None, exc.messages[0] if exc.code == "zip_too_large" else unreadable)]) from exc
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise ImportRefused([(None, _("The file is not a readable XLSX spreadsheet."))]) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused([(None, _("A CSV file must be saved as UTF-8."))]) from exc
    if "\x00" in text:
        raise ImportRefused([(None, _("The file is neither XLSX nor a text CSV."))])
    return list(csv.reader(io.StringIO(text)))


def read_participants(uploaded) -> list[tuple[int, dict]]:
    """(row number, {full_name, national_id, phone}) for each non-empty row; ImportRefused for the file."""
    rows = _rows_of(uploaded)
    if not rows:
        raise ImportRefused([(None, _("The file is empty."))])
    mapping = _header_map(rows[0])
    if "full_name" not in mapping.values():
        raise ImportRefused([(None, _("The first row must name the columns: Full name, National ID, Phone."))])
    entries = []
    for number, row in enumerate(rows[1:], start=2):
        values = {code: "" for code, _english, _label in COLUMNS}
        for index, code in mapping.items():
            if index < len(row):
                values[code] = _cell_text(row[index], code)
        if any(values.values()):
            entries.append((number, values))
    if len(entries) > MAX_ROWS:
        raise ImportRefused([(None, _("At most %(max)s participants per file.") % {"max": MAX_ROWS})])
    if not entries:
        raise ImportRefused([(None, _("The file lists no participants."))])
    return entries
