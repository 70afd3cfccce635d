"""Approved means immutable, in the database: a trigger refuses any change to an approved program,
its participants, hosts and expense lines, whatever the path (PostgreSQL; CI runs it)."""

import pytest
from django.db import InternalError, connection, transaction

from procurement import services
from procurement.exceptions import InvalidState, NotAllowed
from procurement.models import ExpenseLine, HostCooperative, Participant, Program, Signature
from tests.conftest import requires_postgres
from tests.procurement.factories import allocate, hq, officer, pdf, ready_program, refresh, seats, sign

pytestmark = pytest.mark.django_db


def approved(filer):
    allocate(100_000_000)
    program = ready_program(filer)
    services.add_host(actor=filer, program=program, name="Host coop", registration_number="77")
    services.add_expense_line(
        actor=filer,
        program=program,
        item=program.program_type.service_items.first(),
        amount=1_000_000,
        vendor="Bus Co",
        invoice_number="B-1",
        invoice_date=program.start_date,
        file=pdf(),
    )
    services.submit_program(actor=filer, program=program)
    for seat in seats():
        sign(seat, program)
    program = refresh(program)
    assert program.state == Program.State.APPROVED
    return program


def refused(statement):
    with pytest.raises(InternalError, match="pgtrigger"), transaction.atomic():
        statement()


@requires_postgres
def test_bulk_update_of_approved_program_title_refused_on_postgresql():
    program = approved(officer())
    refused(lambda: Program.objects.filter(pk=program.pk).update(title="Renamed"))
    assert refresh(program).title == program.title


@requires_postgres
def test_raw_sql_update_of_approved_program_refused_on_postgresql():
    program = approved(officer())

    def raw():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE procurement_program SET place = %s WHERE id = %s", ["Karaj", program.pk])

    refused(raw)


@requires_postgres
def test_orm_save_of_approved_program_refused_on_postgresql():
    program = approved(officer())
    program.planned_cost = 1
    refused(program.save)


@requires_postgres
def test_participants_hosts_and_lines_of_approved_program_refused_on_postgresql():
    program = approved(officer())
    refused(lambda: Participant.objects.filter(program=program).update(full_name="Someone else"))
    refused(lambda: Participant.objects.filter(program=program).delete())
    refused(lambda: Participant.objects.create(program=program, full_name="Late", national_id_key="0012345679"))
    refused(lambda: HostCooperative.objects.filter(program=program).update(name="Other coop"))
    refused(lambda: ExpenseLine.objects.filter(program=program).update(amount=9))
    assert Participant.objects.filter(program=program).count() == program.headcount


@requires_postgres
def test_approved_program_still_moves_through_execution_and_report():
    filer = officer()
    program = approved(filer)
    services.record_execution(actor=filer, program=program, actual_cost=7_000_000)
    assert refresh(program).state == Program.State.EXECUTED


def test_service_refuses_to_change_an_approved_program():
    filer = officer()
    program = approved(filer)
    with pytest.raises(InvalidState):
        services.update_program(actor=filer, program=program, title="Renamed")


def test_amendment_reopens_through_hq_voiding_signatures_first():
    filer = officer()
    program = approved(filer)
    with pytest.raises(NotAllowed):
        services.reopen_for_amendment(actor=filer, program=program, reason="typo")
    services.reopen_for_amendment(actor=hq(), program=program, reason="The tour moves a week later.")
    assert refresh(program).state == Program.State.DRAFT
    assert not Signature.objects.filter(program=program, voided_at=None).exists()
    services.update_program(actor=filer, program=program, title="Renamed")
    assert refresh(program).title == "Renamed"


def test_hq_reopens_an_approved_program_from_its_page(login):
    from django.urls import reverse

    program = approved(officer())
    client = login(hq())
    assert "Reopen for amendment" in client.get(reverse("procurement:program", args=[program.pk])).content.decode()
    client.post(reverse("procurement:program_reopen", args=[program.pk]), {"reason": "Dates move."})
    assert refresh(program).state == Program.State.DRAFT
    assert (
        login(officer()).post(reverse("procurement:program_reopen", args=[program.pk]), {"reason": "x"}).status_code
        == 403
    )
