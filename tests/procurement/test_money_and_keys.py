"""Typed amounts, displayed amounts and the comparison keys of rule 15."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from procurement.forms import RialField
from procurement.normalize import invoice_key, national_id_key, phone_key, text_key


@pytest.mark.parametrize(
    "typed",
    ["80000000", "80,000,000", "۸۰٬۰۰۰٬۰۰۰", "٨٠,٠٠٠,٠٠٠", "80 000 000", "۸۰،۰۰۰،۰۰۰"],
)
def test_rial_field_accepts_persian_arabic_digits_and_separators(typed):
    assert RialField().clean(typed) == 80_000_000


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("-5", "negative"),
        ("−5", "negative"),
        ("1.5", "fraction"),
        ("۱٫۵", "fraction"),
        ("12abc", "invalid"),
        ("1" * 20, "too_large"),
    ],
)
def test_rial_field_refuses_negative_fractional_and_absurd_amounts(typed, code):
    field = RialField()
    with pytest.raises(Exception) as info:
        field.clean(typed)
    assert info.value.code == code


def test_amounts_are_grouped_in_persian_too_with_persian_digits_and_separator():
    template = Template("{% load budget %}{{ amount|rials }}")
    with translation.override("fa"):
        assert template.render(Context({"amount": 80_000_000})) == "۸۰٬۰۰۰٬۰۰۰"
    with translation.override("en"):
        assert template.render(Context({"amount": 12_345_678_901})) == "12,345,678,901"


def test_keys_normalise_digits_letters_and_separators():
    assert national_id_key("۰۰۱۲۳۴۵۶۷۹") == national_id_key("001-234 5679") == "0012345679"
    assert text_key("تعاوني كشاورزي") == text_key("تعاونی کشاورزی")
    assert text_key("Reg. 12/345") == "reg12345"


def test_phones_become_e164_with_iran_as_default():
    assert phone_key("0912 123 4567") == phone_key("+98 912-123-4567") == phone_key("۰۹۱۲۱۲۳۴۵۶۷") == "+989121234567"
    with pytest.raises(ValueError):
        phone_key("12")


def test_invoice_key_ignores_spelling_of_the_same_invoice():
    day = datetime.date(2026, 5, 1)
    assert invoice_key(vendor="شركت الف", number="INV-۱۲", amount=5, date=day) == invoice_key(
        vendor="شرکت الف ", number="inv 12", amount=5, date=day
    )
