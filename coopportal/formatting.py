"""Dates and numbers written for the active language: the one place that decides how they look.

Every language uses one date style and one date-and-time style (Django's DATE_FORMAT and
DATETIME_FORMAT of the locale). Persian is written with Persian digits and separators, and every
date in it is solar hijri (jdatetime converts), as `1405/09/11`. Templates reach these through the
filters of `coopportal.templatetags.localized`; exports and PDFs call them directly.
"""

import datetime
from decimal import Decimal

import jdatetime
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
PERSIAN_PERCENT = "٪"
EMPTY = "—"


def uses_persian(language: str | None = None) -> bool:
    return (language or get_language() or "").startswith("fa")


def localize_digits(text, language: str | None = None) -> str:
    """`text` with its digits in the language's own script (Persian); unchanged otherwise."""
    text = str(text)
    return text.translate(PERSIAN_DIGITS) if uses_persian(language) else text


def format_number(value, *, decimal_pos: int | None = None) -> str:
    """A whole or decimal number with the locale's separators, grouped in every language."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except ArithmeticError:
            return localize_digits(value)
    if isinstance(value, float):
        value = Decimal(str(value))
    text = formats.number_format(value, decimal_pos=decimal_pos, force_grouping=True)
    return localize_digits(text)


def format_percent(value, *, decimal_pos: int | None = 1) -> str:
    """A percentage: `83.3 %` (`۸۳٫۳٪` in Persian)."""
    if value is None or value == "":
        return EMPTY
    number = format_number(value, decimal_pos=decimal_pos)
    return f"{number}{PERSIAN_PERCENT}" if uses_persian() else f"{number}\u00a0%"


def _as_date_or_datetime(value):
    """Dates kept as ISO text (protocol snapshots) are read back; other text stays as it is."""
    if isinstance(value, str) and value:
        try:
            return parse_datetime(value) or parse_date(value) or value
        except ValueError:
            return value
    return value


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def jalali_date(day: datetime.date) -> str:
    """The solar hijri date, `1405/09/11`, in Latin digits (callers localise them)."""
    return jdatetime.date.fromgregorian(date=day).strftime("%Y/%m/%d")


def format_date(value) -> str:
    """A date (or the local date of a moment) in the language's date style."""
    value = _as_date_or_datetime(value)
    if not value:
        return EMPTY
    if isinstance(value, str):
        return localize_digits(value)
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    if uses_persian():
        return localize_digits(jalali_date(value))
    return formats.date_format(value, "DATE_FORMAT")


def format_time(value) -> str:
    value = _as_date_or_datetime(value)
    if not value:
        return EMPTY
    if isinstance(value, str):
        return localize_digits(value)
    if isinstance(value, datetime.datetime):
        value = _local(value)
    if uses_persian():
        return localize_digits(value.strftime("%H:%M"))
    return formats.time_format(value, "TIME_FORMAT")


def format_datetime(value) -> str:
    """A moment in the reader's time zone, in the language's date-and-time style."""
    value = _as_date_or_datetime(value)
    if not value:
        return EMPTY
    if isinstance(value, str):
        return localize_digits(value)
    if not isinstance(value, datetime.datetime):
        return format_date(value)
    value = _local(value)
    if uses_persian():
        return f"{format_date(value)} {format_time(value)}"
    return formats.date_format(value, "DATETIME_FORMAT")


def format_value(value) -> str:
    """Any recorded value (an audit diff's old or new): dates and numbers as above, the rest as text."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, (int, Decimal, float)):
        return format_number(value)
    return str(value)


def spreadsheet_cell(value):
    """A cell of an export: in Persian, dates become solar hijri text; numbers stay numbers."""
    if isinstance(value, datetime.date) and uses_persian():
        return format_datetime(value) if isinstance(value, datetime.datetime) else format_date(value)
    return value
