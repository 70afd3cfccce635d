"""CSV and XLSX downloads of report tables. Text that a spreadsheet would read as a formula
(starting with = + - @, or a tab / carriage return) gets a leading apostrophe.

In the XLSX, numbers stay numbers with a thousands format, percentages are fractions in percent
format, the header row is frozen and columns are as wide as their contents. Headers are in the
reader's language; in Persian, dates are solar hijri text (a spreadsheet has no Jalali date type)."""

import csv
import datetime
import io
from dataclasses import dataclass
from fractions import Fraction

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from coopportal.formatting import spreadsheet_cell
from coopportal.spreadsheets import safe_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
THOUSANDS = "#,##0"
PERCENT = "0.0%"
MAX_WIDTH = 60


@dataclass(frozen=True)
class Percent:
    """A percentage in a report row (70 means 70 %): a number in CSV, a percent-formatted cell in XLSX."""

    value: Fraction | int | float

    def __str__(self) -> str:
        return f"{float(self.value):.1f}"


def _plain(value):
    return str(value) if isinstance(value, Percent) else safe_cell(value)


def csv_bytes(headers: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        writer.writerow([_plain(spreadsheet_cell(v)) for v in row])
    # A byte-order mark so spreadsheet programs read Persian text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(cell, value) -> int:
    """Write one value, typed and formatted; returns its display width."""
    if isinstance(value, Percent):
        cell.value = float(value.value) / 100
        cell.number_format = PERCENT
        return 8
    value = safe_cell(value)
    cell.value = value
    if isinstance(value, int) and not isinstance(value, bool):
        cell.number_format = THOUSANDS
        return len(f"{value:,}")
    if isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
        return 10
    return len(str(value))


def xlsx_bytes(title: str, headers: list[str], rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    widths = [len(str(h)) for h in headers]
    bold = Font(bold=True)
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column, value=safe_cell(header))
        cell.font = bold
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            width = _xlsx_cell(sheet.cell(row=row_number, column=column), spreadsheet_cell(value))
            if column > len(widths):
                widths.append(width)
            else:
                widths[column - 1] = max(widths[column - 1], width)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_response(name: str, fmt: str, headers: list[str], rows) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(csv_bytes(headers, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(xlsx_bytes(name, headers, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
