"""Gregorian → solar hijri (Jalali) dates for Persian display; the arithmetic algorithm of
Borkowski as popularised by jdf.scr.ir, exact for the years this portal handles."""

import datetime

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_DAYS_BEFORE_MONTH = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


def to_jalali(day: datetime.date) -> tuple[int, int, int]:
    gy, gm, gd = day.year, day.month, day.day
    gy2 = gy + 1 if gm > 2 else gy
    days = 355666 + 365 * gy + (gy2 + 3) // 4 - (gy2 + 99) // 100 + (gy2 + 399) // 400 + gd + _DAYS_BEFORE_MONTH[gm - 1]
    jy = -1595 + 33 * (days // 12053)
    days %= 12053
    jy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        jy += (days - 1) // 365
        days = (days - 1) % 365
    if days < 186:
        return jy, 1 + days // 31, 1 + days % 31
    return jy, 7 + (days - 186) // 30, 1 + (days - 186) % 30


def jalali_label(day: datetime.date, *, persian_digits: bool = True) -> str:
    jy, jm, jd = to_jalali(day)
    text = f"{jy}/{jm:02d}/{jd:02d}"
    return text.translate(_PERSIAN_DIGITS) if persian_digits else text
