"""Three-seat sign-off: distinct seats of the province, never the filer, voided by changes,
and approval refused above the allocation — also when two approvals race."""

import threading

import pytest
from django.db import connection

from coopportal.users.models import CommitteeSeat
from coopportal.users.services import assign_seat
from procurement import services
from procurement.exceptions import AllocationExceeded, SignOffRefused
from procurement.models import Program, Signature
from tests.conftest import requires_postgres
from tests.factories import UserFactory, region
from tests.procurement.factories import allocate, officer, refresh, seats, sign, submitted_program

pytestmark = pytest.mark.django_db


def test_three_distinct_seats_approve_the_program():
    allocate(100_000_000)
    program = submitted_program(officer())
    deputy, director, comptroller = seats()
    sign(deputy, program)
    sign(director, program)
    assert refresh(program).state == Program.State.SIGN_OFF
    sign(comptroller, program)
    program = refresh(program)
    assert program.state == Program.State.APPROVED and program.approved_at is not None
    assert {s.seat for s in Signature.objects.filter(program=program)} == set(CommitteeSeat.Kind.values)


def test_a_seat_signs_once():
    program = submitted_program(officer())
    deputy, *_ = seats()
    sign(deputy, program)
    with pytest.raises(SignOffRefused, match="already signed"):
        sign(deputy, program)
    assert Signature.objects.count() == 1


def test_a_non_seat_cannot_sign():
    program = submitted_program(officer())
    with pytest.raises(SignOffRefused, match="committee seat of this province"):
        sign(UserFactory(), program)
    assert not Signature.objects.exists()


def test_a_seat_of_another_province_cannot_sign():
    program = submitted_program(officer("ir-tehran"))
    isfahan_deputy, *_ = seats("ir-isfahan")
    with pytest.raises(SignOffRefused):
        sign(isfahan_deputy, program)


def test_the_filer_signs_none_even_holding_a_seat():
    filer = officer()
    assign_seat(user=filer, region=region("ir-tehran"), kind=CommitteeSeat.Kind.DEPUTY)
    program = submitted_program(filer)
    with pytest.raises(SignOffRefused, match="filed the program"):
        sign(filer, program)
    assert not Signature.objects.exists()


def test_a_change_after_a_signature_voids_the_signatures_and_returns_to_draft():
    filer = officer()
    program = submitted_program(filer)
    deputy, director, _ = seats()
    sign(deputy, program)
    sign(director, program)
    services.update_program(actor=filer, program=program, planned_cost=7_000_000)
    program = refresh(program)
    assert program.state == Program.State.DRAFT
    assert not Signature.objects.filter(program=program, voided_at=None).exists()
    assert Signature.objects.filter(program=program).count() == 2  # kept, marked void


@pytest.mark.parametrize("change", ["participant", "document"])
def test_participant_or_document_changes_also_void_signatures(change):
    from tests.procurement.factories import pdf

    filer = officer()
    program = submitted_program(filer)
    deputy, *_ = seats()
    sign(deputy, program)
    if change == "participant":
        services.add_participant(actor=filer, program=program, full_name="Late comer", phone="09121112233")
    else:
        requirement = program.program_type.required_documents.first()
        services.upload_document(actor=filer, program=program, requirement=requirement, file=pdf())
    assert not Signature.objects.filter(program=program, voided_at=None).exists()


def test_approval_above_the_allocation_is_refused_and_the_signature_not_stored():
    allocate(10_000_000)
    filer = officer()
    first = submitted_program(filer, cost=8_000_000)
    second = submitted_program(filer, cost=8_000_000)
    deputy, director, comptroller = seats()
    for program in (first, second):
        sign(deputy, program)
        sign(director, program)
    sign(comptroller, first)
    with pytest.raises(AllocationExceeded, match="10,000,000"):
        sign(comptroller, second)
    assert refresh(second).state == Program.State.SIGN_OFF
    assert Signature.objects.filter(program=second, voided_at=None).count() == 2


def test_approval_without_an_allocation_is_refused():
    program = submitted_program(officer())
    deputy, director, comptroller = seats()
    sign(deputy, program)
    sign(director, program)
    with pytest.raises(AllocationExceeded, match="no allocation"):
        sign(comptroller, program)


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_racing_approvals_cannot_both_fit_the_allocation():
    allocate(10_000_000)
    filer = officer()
    programs = [submitted_program(filer, cost=8_000_000) for _ in range(2)]
    deputy, director, comptroller = seats()
    for program in programs:
        sign(deputy, program)
        sign(director, program)
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(program):
        try:
            barrier.wait()
            sign(comptroller, program)
            outcomes.append("approved")
        except AllocationExceeded:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(p,)) for p in programs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "refused"]
    assert Program.objects.filter(state=Program.State.APPROVED).count() == 1


def test_seat_sees_what_awaits_its_signature_until_it_signs(client, login):
    from django.urls import reverse

    program = submitted_program(officer())
    deputy, director, comptroller = seats()
    sign(director, program)
    login(deputy)
    page = client.get(reverse("procurement:index")).content.decode()
    assert "Awaiting your signature" in page and program.title in page
    sign(deputy, program)
    assert "Awaiting your signature" not in client.get(reverse("procurement:index")).content.decode()
    page = client.get(reverse("procurement:program", args=[program.pk])).content.decode()
    assert "Sign as" not in page
    login(comptroller)
    assert "Sign as Comptroller" in client.get(reverse("procurement:program", args=[program.pk])).content.decode()
