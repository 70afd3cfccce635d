"""The audit trail is kept by database triggers, so bulk updates and raw SQL are recorded too,
and an approved program's amounts cannot be changed even behind the services' back (PostgreSQL)."""

import pytest
from django.db import InternalError, connection, transaction
from django.urls import reverse

from procurement import services
from procurement.models import Allocation, Program
from procurement.selectors import program_history
from tests.conftest import requires_postgres
from tests.procurement.factories import allocate, hq, new_program, officer, seats, sign, submitted_program

pytestmark = [pytest.mark.django_db, requires_postgres]


def test_bulk_update_is_in_the_history_with_old_and_new_values():
    program = new_program(officer(), cost=8_000_000)
    Program.objects.filter(pk=program.pk).update(planned_cost=7_000_000)
    rows = [r for r in program_history(program) if r.what == "Program" and r.label == "update"]
    assert ("planned cost (rials)", 8_000_000, 7_000_000) in [(str(n), old, new) for n, old, new in rows[0].changes]


def test_raw_sql_is_in_the_history():
    program = new_program(officer())
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procurement_program SET place = %s WHERE id = %s", ["Karaj", program.pk])
    rows = [r for r in program_history(program) if r.label == "update"]
    assert any(("place", "Tehran", "Karaj") in [(str(n), old, new) for n, old, new in r.changes] for r in rows)


def test_service_changes_carry_the_actor():
    filer = officer()
    program = new_program(filer)
    services.update_program(actor=filer, program=program, place="Shemiranat")
    row = next(r for r in program_history(program) if r.label == "update")
    assert row.actor == str(filer)


def test_signatures_and_lines_are_tracked_on_the_program_page(login):
    allocate(100_000_000)
    filer = officer()
    program = submitted_program(filer)
    deputy, *_ = seats()
    sign(deputy, program)
    history = program_history(program)
    assert {"Program", "Participant", "ProgramDocument", "Signature"} <= {r.what for r in history}
    response = login(hq()).get(reverse("procurement:program", args=[program.pk]))
    assert "Signature #" in response.content.decode()  # HQ's technical log
    officer_page = login(filer).get(reverse("procurement:program", args=[program.pk])).content.decode()
    assert "Signature #" not in officer_page and "signed as" in officer_page  # the plain-words trail, once


def test_approved_amounts_are_protected_against_bulk_updates():
    allocate(100_000_000)
    program = submitted_program(officer())
    for seat in seats():
        sign(seat, program)
    with pytest.raises(InternalError), transaction.atomic():
        Program.objects.filter(pk=program.pk).update(planned_cost=1)
    assert Program.objects.get(pk=program.pk).planned_cost == 8_000_000


def test_allocation_changes_are_shown_on_its_page(login):
    boss = hq()
    allocation = allocate(100_000_000, by=boss)
    Allocation.objects.filter(pk=allocation.pk).update(amount=90_000_000)
    page = login(boss).get(reverse("procurement:allocation", args=[allocation.pk])).content.decode()
    assert "100,000,000" in page and "90,000,000" in page  # written as the page writes amounts
