"""After approval: execution with actuals, the report with its documents, HQ's review; and HQ's refusal."""

import pytest

from procurement import services
from procurement.exceptions import BudgetError, InvalidState, MissingDocuments, NotAllowed
from procurement.models import Program
from tests.procurement.factories import allocate, attach_documents, hq, officer, refresh, seats, sign, submitted_program

pytestmark = pytest.mark.django_db


def approved_program(filer):
    allocate(100_000_000)
    program = submitted_program(filer)
    for seat in seats():
        sign(seat, program)
    return refresh(program)


def test_actual_cost_cannot_exceed_the_approved_cost():
    filer = officer()
    program = approved_program(filer)
    with pytest.raises(BudgetError, match="above the approved cost"):
        services.record_execution(actor=filer, program=program, actual_cost=8_000_001)
    assert refresh(program).state == Program.State.APPROVED


def test_report_needs_the_report_documents_then_hq_reviews():
    filer, boss = officer(), hq()
    program = approved_program(filer)
    services.record_execution(actor=filer, program=program, actual_cost=7_500_000)
    with pytest.raises(MissingDocuments, match="illustrated report"):
        services.submit_report(actor=filer, program=program)
    attach_documents(filer, program, stage="report")
    services.submit_report(actor=filer, program=program)
    with pytest.raises(NotAllowed):
        services.review_program(actor=filer, program=program)
    services.review_program(actor=boss, program=program, note="Good turnout.")
    program = refresh(program)
    assert (program.state, program.actual_cost, program.planned_cost) == (Program.State.REVIEWED, 7_500_000, 8_000_000)


def test_steps_cannot_be_skipped():
    filer = officer()
    program = submitted_program(filer)
    with pytest.raises(InvalidState):
        services.record_execution(actor=filer, program=program, actual_cost=1)
    with pytest.raises(InvalidState):
        services.submit_report(actor=filer, program=program)
    with pytest.raises(InvalidState):
        services.review_program(actor=hq(), program=program)


def test_hq_refusal_returns_the_program_to_draft_with_the_reason():
    filer = officer()
    program = submitted_program(filer, cost=9_000_000)
    assert program.state == Program.State.HQ_PERMISSION
    with pytest.raises(NotAllowed):
        services.refuse_hq_permission(actor=filer, program=program, reason="no")
    services.refuse_hq_permission(actor=hq(), program=program, reason="Bring the cost within the norm.")
    program = refresh(program)
    assert program.state == Program.State.DRAFT and program.hq_permission_reason == "Bring the cost within the norm."


def test_signing_is_only_possible_in_sign_off():
    program = submitted_program(officer(), cost=9_000_000)
    with pytest.raises(InvalidState):
        sign(seats()[0], program)
