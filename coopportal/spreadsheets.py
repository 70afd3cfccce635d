"""Cells for CSV and XLSX exports: text a spreadsheet would read as a formula is defused."""

import datetime

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Numbers and dates stay typed; text starting with = + - @ (or a tab / CR) gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, datetime.date)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
