"""Filing a program: checklist, routing to HQ permission, and the bad-input list (nothing stored)."""

import datetime

import pytest
from django.core.files.base import ContentFile

from procurement import services
from procurement.exceptions import (
    BudgetError,
    DuplicateInvoice,
    InvalidState,
    MissingDocuments,
    MissingExpenseLines,
    NormViolation,
)
from procurement.models import ExpenseLine, Participant, Program, ProgramDocument
from tests.procurement.factories import (
    add_line,
    add_people,
    allocate,
    attach_documents,
    fund,
    new_program,
    officer,
    pdf,
    ptype,
    ready_program,
    refresh,
    seats,
    sign,
    submitted_program,
    year,
)

pytestmark = pytest.mark.django_db


def test_submission_is_blocked_while_a_required_document_is_missing_and_names_it():
    filer = officer()
    program = new_program(filer)
    add_people(filer, program, 12)
    requirements = list(program.program_type.required_documents.filter(stage="submission"))
    for requirement in requirements[1:]:
        services.upload_document(actor=filer, program=program, requirement=requirement, file=pdf())
    with pytest.raises(MissingDocuments) as info:
        services.submit_program(actor=filer, program=program)
    assert requirements[0].name in str(info.value)
    assert refresh(program).state == Program.State.DRAFT


def test_report_stage_documents_do_not_block_submission():
    program = submitted_program(officer())
    assert program.state == Program.State.SIGN_OFF


def test_program_within_norms_goes_straight_to_sign_off():
    program = submitted_program(officer(), cost=8_000_000, headcount=12)
    assert program.state == Program.State.SIGN_OFF and not program.needs_hq_permission


def test_tour_above_norm_goes_to_hq_permission():
    program = submitted_program(officer(), cost=9_000_000, headcount=12)
    assert program.state == Program.State.HQ_PERMISSION and program.needs_hq_permission


def test_two_day_tour_goes_to_hq_permission():
    program = submitted_program(officer(), cost=16_000_000, headcount=12, days=2)
    assert program.state == Program.State.HQ_PERMISSION


def test_hq_override_needs_a_reason_and_is_logged():
    from coopportal.audit.selectors import audit_trail_for
    from tests.procurement.factories import hq

    program = submitted_program(officer(), cost=9_000_000, headcount=12)
    boss = hq()
    with pytest.raises(BudgetError):
        services.grant_hq_permission(actor=boss, program=program, reason="  ")
    services.grant_hq_permission(actor=boss, program=program, reason="Remote villages, longer drive.")
    program = refresh(program)
    assert program.state == Program.State.SIGN_OFF and program.hq_permission_by == boss
    entry = audit_trail_for(program).filter(action="procurement.hq_override").get()
    assert entry.details["reason"] == "Remote villages, longer drive." and entry.details["deviations"] == [
        "per_person_day"
    ]


def test_headcount_not_matching_the_list_blocks_submission():
    filer = officer()
    program = new_program(filer, headcount=12)
    add_people(filer, program, 11)
    add_line(filer, program)
    attach_documents(filer, program)
    with pytest.raises(NormViolation, match="12 participants are claimed but 11"):
        services.submit_program(actor=filer, program=program)


# --- bad input: a clear error, nothing stored --------------------------------------------


@pytest.mark.parametrize("cost", [-1, 10**14, 1.5, "80000000"])
def test_negative_fractional_or_absurd_cost_is_refused(cost):
    with pytest.raises(BudgetError):
        new_program(officer(), cost=cost)
    assert not Program.objects.exists()


def test_end_before_start_is_refused():
    start = year().start + datetime.timedelta(days=10)
    with pytest.raises(BudgetError, match="end date"):
        services.create_program(
            actor=(filer := officer()),
            region=filer.region,
            program_type=ptype("tour"),
            fund=fund(),
            year=year(),
            title="Backwards",
            start_date=start,
            end_date=start - datetime.timedelta(days=1),
            place="Tehran",
            planned_cost=1,
        )
    assert not Program.objects.exists()


def test_participant_without_id_or_phone_is_refused():
    filer = officer()
    program = new_program(filer)
    with pytest.raises(BudgetError, match="national ID or a phone"):
        services.add_participant(actor=filer, program=program, full_name="Nobody", national_id=" ", phone="")
    assert not Participant.objects.exists()


def test_expense_line_above_the_program_total_is_refused():
    filer = officer()
    program = new_program(filer, cost=8_000_000)
    item = program.program_type.service_items.first()
    common = {"actor": filer, "program": program, "item": item, "vendor": "Bus Co", "invoice_date": year().start}
    services.add_expense_line(amount=5_000_000, invoice_number="A1", file=pdf(), **common)
    with pytest.raises(BudgetError, match="above the program's planned cost"):
        services.add_expense_line(amount=3_000_001, invoice_number="A2", file=pdf(), **common)
    assert ExpenseLine.objects.count() == 1


def test_duplicate_invoice_file_is_refused_anywhere():
    filer = officer()
    first, second = new_program(filer), new_program(filer)
    item = first.program_type.service_items.first()
    content = b"%PDF-1.4\n% the same scan\n%%EOF\n"
    services.add_expense_line(
        actor=filer,
        program=first,
        item=item,
        amount=1,
        vendor="V",
        invoice_number="1",
        invoice_date=year().start,
        file=ContentFile(content, name="a.pdf"),
    )
    with pytest.raises(DuplicateInvoice, match=first.title):
        services.add_expense_line(
            actor=filer,
            program=second,
            item=item,
            amount=2,
            vendor="W",
            invoice_number="2",
            invoice_date=year().start,
            file=ContentFile(content, name="b.pdf"),
        )
    assert ExpenseLine.objects.count() == 1


def test_same_invoice_cannot_be_claimed_twice_in_the_portal_even_respelled():
    first = new_program(officer("ir-tehran"))
    other_filer = officer("ir-isfahan")
    second = new_program(other_filer)
    item = first.program_type.service_items.first()
    services.add_expense_line(
        actor=first.filed_by,
        program=first,
        item=item,
        amount=1_000_000,
        vendor="شركت سفر",
        invoice_number="INV-12",
        invoice_date=year().start,
        file=pdf(),
    )
    with pytest.raises(DuplicateInvoice, match="another province") as info:
        services.add_expense_line(
            actor=other_filer,
            program=second,
            item=item,
            amount=1_000_000,
            vendor="شرکت سفر",
            invoice_number="inv ۱۲",
            invoice_date=year().start,
            file=pdf(),
        )
    # Rule 7: the Isfahan officer learns the fund and year, nothing of the Tehran program.
    assert first.title not in str(info.value) and f"#{first.pk}" not in str(info.value)


def test_duplicate_invoice_in_the_same_province_names_the_program():
    filer = officer("ir-tehran")
    first, second = new_program(filer), new_program(filer)
    item = first.program_type.service_items.first()
    args = {"actor": filer, "item": item, "amount": 1_000_000, "vendor": "Bus", "invoice_date": year().start}
    services.add_expense_line(**args, program=first, invoice_number="INV-12", file=pdf())
    with pytest.raises(DuplicateInvoice, match=first.title):
        services.add_expense_line(**args, program=second, invoice_number="INV-12", file=pdf())


def test_a_file_that_is_not_a_document_is_refused():
    filer = officer()
    program = new_program(filer)
    requirement = program.program_type.required_documents.first()
    with pytest.raises(BudgetError, match="not an accepted type"):
        services.upload_document(
            actor=filer,
            program=program,
            requirement=requirement,
            file=ContentFile(b"MZ\x90\x00 not a pdf", name="x.pdf"),
        )
    assert not ProgramDocument.objects.exists()


def test_approved_program_cannot_be_edited():
    filer = officer()
    allocate(100_000_000)
    program = submitted_program(filer)
    for seat in seats():
        sign(seat, program)
    assert refresh(program).state == Program.State.APPROVED
    with pytest.raises(InvalidState, match="cannot be changed"):
        services.update_program(actor=filer, program=program, planned_cost=1)
    with pytest.raises(InvalidState):
        services.add_participant(actor=filer, program=program, full_name="Late", national_id="9999999980")
    assert refresh(program).planned_cost == 8_000_000


def test_only_an_officer_of_the_province_files():
    from procurement.exceptions import NotAllowed

    program = ready_program(officer("ir-tehran"))
    with pytest.raises(NotAllowed):
        services.submit_program(actor=officer("ir-isfahan"), program=program)


def test_program_without_expense_lines_cannot_be_submitted():
    filer = officer()
    program = new_program(filer)
    add_people(filer, program, program.headcount)
    attach_documents(filer, program)
    with pytest.raises(MissingExpenseLines, match="No expense lines"):
        services.submit_program(actor=filer, program=program)
    assert refresh(program).state == Program.State.DRAFT
    add_line(filer, program)
    assert services.submit_program(actor=filer, program=program).state == Program.State.SIGN_OFF
