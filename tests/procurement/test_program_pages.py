"""Bad input through the pages: a clear message, nothing stored, never a 500."""

import pytest
from django.urls import reverse

from coopportal.users.totp import unused_totp_code
from procurement import services
from procurement.models import Participant, Program
from tests.procurement.factories import (
    allocate,
    fund,
    hq,
    new_program,
    officer,
    ptype,
    seats,
    sign,
    submitted_program,
    year,
)

pytestmark = pytest.mark.django_db


def program_data(**overrides):
    start = year().start.isoformat()
    return {
        "program_type": ptype("tour").pk,
        "fund": fund().pk,
        "year": year().pk,
        "title": "A tour",
        "start_date": start,
        "end_date": start,
        "place": "Rey",
        "planned_cost": "8,000,000",
        "headcount": "12",
        "units": "1",
        "weekly_consultation_hours": "0",
        "seminars_recorded": "0",
        "printed_copies": "0",
        **overrides,
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("planned_cost", "-8,000,000", "cannot be negative"),
        ("planned_cost", "8000000.5", "without a fraction"),
        ("planned_cost", "9" * 30, "implausibly large"),
        ("end_date", "2020-01-01", "end date is before the start date"),
    ],
)
def test_bad_program_input_is_a_form_error(client, login, field, value, message):
    login(officer())
    response = client.post(reverse("procurement:program_create"), program_data(**{field: value}))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Program.objects.exists()


def test_participant_without_id_or_phone_is_a_message(client, login):
    filer = officer()
    program = new_program(filer)
    login(filer)
    response = client.post(
        reverse("procurement:participant_add", args=[program.pk]), {"full_name": "Nobody"}, follow=True
    )
    assert "national ID or a phone number" in response.content.decode()
    assert not Participant.objects.exists()


def test_editing_an_approved_program_is_refused(client, login):
    allocate(100_000_000)
    filer = officer()
    program = submitted_program(filer)
    for seat in seats():
        sign(seat, program)
    login(filer)
    response = client.post(
        reverse("procurement:participant_add", args=[program.pk]),
        {"full_name": "Late", "phone": "09120000000"},
        follow=True,
    )
    assert "cannot be changed" in response.content.decode()
    assert client.get(reverse("procurement:program_edit", args=[program.pk])).status_code == 200
    response = client.post(reverse("procurement:program_edit", args=[program.pk]), program_data(planned_cost="1"))
    assert "cannot be changed" in response.content.decode()
    program.refresh_from_db()
    assert program.planned_cost == 8_000_000


def test_signing_by_the_filer_is_a_message_not_an_error_page(client, login):
    from coopportal.users.models import CommitteeSeat
    from coopportal.users.services import assign_seat
    from tests.factories import region

    filer = officer()
    assign_seat(user=filer, region=region("ir-tehran"), kind=CommitteeSeat.Kind.DEPUTY)
    program = submitted_program(filer)
    login(filer)
    with unused_totp_code(filer) as code:
        response = client.post(reverse("procurement:program_sign", args=[program.pk]), {"code": code}, follow=True)
    assert response.status_code == 200 and "cannot sign" in response.content.decode()


def test_exceeding_the_allocation_is_a_message(client, login):
    allocate(5_000_000)
    program = submitted_program(officer())
    deputy, director, comptroller = seats()
    sign(deputy, program)
    sign(director, program)
    login(comptroller)
    with unused_totp_code(comptroller) as code:
        response = client.post(reverse("procurement:program_sign", args=[program.pk]), {"code": code}, follow=True)
    assert "above the province&#x27;s allocation" in response.content.decode()
    assert Program.objects.get(pk=program.pk).state == Program.State.SIGN_OFF


def test_hq_conflict_page_lists_a_rule_15_conflict(client, login):
    filer = officer()
    a = new_program(filer, headcount=1, cost=600_000)
    b = new_program(filer, headcount=1, cost=600_000, fund_code="four-percent")
    for program in (a, b):
        services.add_participant(actor=filer, program=program, full_name="Ali", phone="09121234567")
    login(hq())
    page = client.get(reverse("procurement:conflicts")).content.decode()
    assert "+989121234567" in page and a.title in page and b.title in page
