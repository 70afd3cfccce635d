"""Comparison keys for fund separation and invoice uniqueness (rule 15).

The same person or invoice is often typed differently: Persian or Arabic digits, Arabic ي/ك
instead of Persian ی/ک, spaces, dashes, phone numbers with or without the country code.
Keys strip all of that so equal things compare equal.
"""

import re

import phonenumbers

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "\u200c": None})
# Spaces, Persian/Arabic separators, dashes, slashes, dots, commas and the zero-width non-joiner.
_SEPARATORS = re.compile(r"[\s\-_/.,،٬٫'\"()]+")


def ascii_digits(text: str) -> str:
    return text.translate(_DIGITS)


def text_key(text: str) -> str:
    """Lower-case, ASCII digits, Persian letters, no spaces or separators."""
    return _SEPARATORS.sub("", ascii_digits(text or "").translate(_LETTERS)).casefold()


def national_id_key(national_id: str) -> str:
    return text_key(national_id)


def phone_key(phone: str) -> str:
    """E.164 (`+989121234567`); raises ValueError when the number cannot be a phone number."""
    text = ascii_digits(phone or "").strip()
    if not text:
        return ""
    try:
        parsed = phonenumbers.parse(text, "IR")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from exc
    if not phonenumbers.is_possible_number(parsed):
        raise ValueError("not a possible phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def invoice_key(*, vendor: str, number: str, amount: int, date) -> str:
    return "|".join([text_key(vendor), text_key(number), str(int(amount)), date.isoformat()])
