"""One normaliser for the identifiers people type: national codes, phone numbers, invoice numbers.

The same person or invoice arrives typed in many ways: Persian (۱۲۳), Arabic-Indic (١٢٣) or
full-width (１２３) digits, zero-width and bidi marks pasted from a right-to-left editor, Cyrillic
look-alike letters, non-breaking hyphens. Fund separation (rule 15), duplicate invoices and the
subscriber database compare keys made here, so equal things compare equal everywhere.
"""

import re
import unicodedata

import phonenumbers


class IdentityError(ValueError):
    """The text cannot be the identifier it claims to be."""


# Cyrillic and Greek letters that look like Latin ones on an invoice (after NFKC, before casefold).
_CONFUSABLES = str.maketrans(
    {
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
        "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
        "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w",
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
        "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o",
    }
)  # fmt: skip
# Arabic letters typed on Persian text, and the zero-width non-joiner's cousins handled as Cf below.
_PERSIAN_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه"})
# Every dash and minus the keyboards and word processors produce.
_HYPHENS = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u00ad]")
# Spaces, Persian/Arabic separators, dashes, slashes, dots, commas.
_SEPARATORS = re.compile(r"[\s\-_/.,،٬٫'\"()]+")


def _fold_char(ch: str) -> str:
    if unicodedata.category(ch) == "Cf":  # zero-width joiners, bidi marks, BOM
        return ""
    if ch.isdecimal():  # a decimal digit of any script: ASCII, Persian, Arabic-Indic, full-width...
        return str(unicodedata.decimal(ch))
    if ch.isnumeric():  # superscripts, circled and fraction digits stay, so the caller refuses them
        return ch
    return unicodedata.normalize("NFKC", ch)


def fold(text: str) -> str:
    """NFKC, no format characters (Unicode category Cf), decimal digits of every script as ASCII.
    Superscript or circled digits are kept as they are: they are not digits a person meant to type."""
    text = unicodedata.normalize("NFC", text or "")
    return "".join(_fold_char(ch) for ch in text)


def ascii_digits(text: str) -> str:
    """`fold` for digit fields: amounts, counts, codes."""
    return fold(text)


def is_ascii_digits(text: str) -> bool:
    """True only for 0-9 (str.isdigit() also accepts ² and ①, which int() then refuses)."""
    return bool(text) and text.isascii() and text.isdigit()


def text_key(text: str) -> str:
    """A comparison key for names and registration numbers: folded, Persian letters, no separators."""
    folded = _HYPHENS.sub("-", fold(text)).translate(_PERSIAN_LETTERS)
    return _SEPARATORS.sub("", folded).casefold()


def invoice_number_key(number: str) -> str:
    """An invoice number as a key: Cyrillic and Greek look-alikes read as Latin, every hyphen one hyphen."""
    return text_key(fold(number).translate(_CONFUSABLES))


def national_code_is_valid(code: str) -> bool:
    """The Iranian national code's check digit (10 digits; the last is the mod-11 check of the nine before)."""
    if len(code) != 10 or not is_ascii_digits(code) or len(set(code)) == 1:
        return False
    remainder = sum(int(code[i]) * (10 - i) for i in range(9)) % 11
    check = int(code[9])
    return check == remainder if remainder < 2 else check == 11 - remainder


def with_check_digit(nine_digits: str) -> str:
    """The national code completing nine digits with their check digit (demo and test data)."""
    remainder = sum(int(nine_digits[i]) * (10 - i) for i in range(9)) % 11
    return nine_digits + str(remainder if remainder < 2 else 11 - remainder)


def national_code(raw: str) -> str:
    """The national code as 10 ASCII digits (separators and any script's digits allowed), or IdentityError."""
    code = _SEPARATORS.sub("", fold(raw))
    if not code:
        return ""
    if not is_ascii_digits(code) or len(code) != 10:
        raise IdentityError("a national code has 10 digits")
    if not national_code_is_valid(code):
        raise IdentityError("the check digit does not match")
    return code


def phone_number(raw: str, *, default_country: str) -> str:
    """The phone number in E.164 (+989121234567), or IdentityError."""
    text = _HYPHENS.sub("-", fold(raw)).strip()
    if not text:
        return ""
    if any(ch.isnumeric() and not ch.isascii() for ch in text):
        raise IdentityError("only digits may be used")
    try:
        number = phonenumbers.parse(text, default_country)
    except phonenumbers.NumberParseException as exc:
        raise IdentityError(str(exc)) from exc
    if not phonenumbers.is_valid_number(number):
        raise IdentityError("not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def query_id(value) -> int | None:
    """A row id from a URL filter (`?year=3`), or None for anything else (`?year=²`, `?year=۳x`, huge)."""
    text = (value or "").strip()
    return int(text) if is_ascii_digits(text) and len(text) <= 18 else None
