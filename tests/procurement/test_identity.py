"""Rule 6: one identity normaliser for national codes, phones and invoice numbers (coopportal/identity.py)."""

import datetime

import pytest

from coopportal import identity
from courses.services.subscribers import normalise_phone
from procurement import services
from procurement.exceptions import BudgetError, DuplicateInvoice, FundSeparationConflict
from procurement.normalize import invoice_key, phone_key
from tests.procurement.factories import FOUR_PERCENT, add_line, attach_documents, new_program, officer, pdf

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def test_national_code_checksum_refuses_0012345678():
    assert not identity.national_code_is_valid("0012345678")
    assert identity.national_code_is_valid("0012345679")
    with pytest.raises(identity.IdentityError):
        identity.national_code("0012345678")


def test_national_code_of_one_repeated_digit_refused():
    with pytest.raises(identity.IdentityError):
        identity.national_code("1111111111")


@pytest.mark.parametrize(
    "typed",
    [
        "0012345679",
        "۰۰۱۲۳۴۵۶۷۹",  # Persian
        "٠٠١٢٣٤٥٦٧٩",  # Arabic-Indic
        "0012345679".translate(FULLWIDTH),
        "\u200f001\u200c234\u200b5679\u2066",  # bidi marks, zero-width non-joiner and space, isolate
        "001-234-5679",
    ],
)
def test_national_code_in_any_script_with_format_characters_is_one_key(typed):
    assert identity.national_code(typed) == "0012345679"


@pytest.mark.parametrize("typed", ["001234567²", "00123456⑦9", "001234567"])
def test_superscript_circled_or_short_national_code_refused(typed):
    with pytest.raises(identity.IdentityError):
        identity.national_code(typed)


def test_invoice_numbers_with_cyrillic_lookalikes_and_hyphen_variants_are_one_key():
    day = datetime.date(2026, 5, 1)
    latin = invoice_key(vendor="Bus Co", number="INV-2026-17", amount=1, date=day)
    assert invoice_key(vendor="Bus Co", number="INV\u20112026\u201317", amount=1, date=day) == latin
    assert invoice_key(vendor="Bus Co", number="INV-２０２６-17", amount=1, date=day) == latin
    cyrillic_e = invoice_key(vendor="Bus Co", number="Е-17", amount=1, date=day)
    assert cyrillic_e == invoice_key(vendor="Bus Co", number="E-17", amount=1, date=day)


def test_phone_normaliser_is_shared_by_budgeting_and_subscribers():
    assert phone_key("۰۹۱۲\u200f۱۲۳۴۵۶۷") == identity.phone_number("09121234567", default_country="IR")
    assert normalise_phone("+７７０１１２３４５６７") == "+77011234567"


@pytest.mark.django_db
def test_invalid_national_code_is_refused_when_filing():
    filer = officer()
    program = new_program(filer, headcount=1)
    with pytest.raises(BudgetError, match="check digit"):
        services.add_participant(actor=filer, program=program, full_name="A", national_id="0012345678")


@pytest.mark.django_db
def test_fullwidth_national_id_caught_by_rule_15():
    filer = officer()
    first = new_program(filer, headcount=1, cost=600_000)
    services.add_participant(actor=filer, program=first, full_name="Ali", national_id="0012345679")
    second = new_program(filer, fund_code=FOUR_PERCENT, headcount=1, cost=600_000)
    services.add_participant(
        actor=filer, program=second, full_name="Ali", national_id="\u200e" + "0012345679".translate(FULLWIDTH)
    )
    add_line(filer, second)
    attach_documents(filer, second)
    with pytest.raises(FundSeparationConflict):
        services.submit_program(actor=filer, program=second)


@pytest.mark.django_db
def test_invoice_with_cyrillic_e_is_a_duplicate_of_the_latin_one():
    filer = officer()
    program = new_program(filer)
    item = program.program_type.service_items.first()
    day = program.start_date
    args = {"actor": filer, "program": program, "item": item, "amount": 100, "vendor": "Bus Co", "invoice_date": day}
    services.add_expense_line(**args, invoice_number="E-17", file=pdf())
    with pytest.raises(DuplicateInvoice):
        services.add_expense_line(**args, invoice_number="Е\u201117", file=pdf())
