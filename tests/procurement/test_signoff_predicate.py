"""One predicate for sign-off eligibility (the Sign button and sign_program), and one list of a
program's editable fields (the form and the filing service)."""

import pytest
from django.urls import reverse

from procurement import services
from procurement.exceptions import SignOffRefused
from procurement.forms import ProgramForm
from procurement.models.programs import EDITABLE_FIELDS, fields_for_type
from procurement.services.filing import PROGRAM_FIELDS
from tests.factories import UserFactory, region
from tests.procurement.factories import allocate, hq, officer, seats, submitted_program

pytestmark = pytest.mark.django_db


def personas():
    allocate(100_000_000)
    filer = officer()
    program = submitted_program(filer)
    deputy, director, comptroller = seats()
    services.sign_program(actor=deputy, program=program)
    isfahan_seat = seats("ir-isfahan")[1]
    other_officer = UserFactory(region=region("ir-tehran"))
    return program, {
        "signed seat": deputy,
        "fresh seat": director,
        "seat of another province": isfahan_seat,
        "hq": hq(),
        "filer": filer,
        "not a seat": other_officer,
    }


@pytest.mark.parametrize("who", ["signed seat", "fresh seat", "seat of another province", "hq", "filer", "not a seat"])
def test_sign_button_shows_exactly_when_sign_program_accepts(who, login):
    program, people = personas()
    person = people[who]
    client = login(person)
    response = client.get(reverse("procurement:program", args=[program.pk]))
    shows_button = response.status_code == 200 and response.context["can_sign"]
    try:
        services.sign_program(actor=person, program=program)
        accepted = True
    except SignOffRefused:
        accepted = False
    assert shows_button is accepted
    assert accepted is (who == "fresh seat")


def test_form_and_service_share_the_editable_fields():
    assert ProgramForm.EDITABLE is EDITABLE_FIELDS and PROGRAM_FIELDS is EDITABLE_FIELDS


def test_editing_shows_only_the_fields_of_the_program_type():
    tour_form = ProgramForm(region=region("ir-tehran"), editing=True, program_type_code="tour")
    assert "weekly_consultation_hours" not in tour_form.fields and "printed_copies" not in tour_form.fields
    chair_form = ProgramForm(region=region("ir-tehran"), editing=True, program_type_code="chair")
    assert "weekly_consultation_hours" in chair_form.fields and "printed_copies" not in chair_form.fields
    assert set(fields_for_type("story")) >= {"printed_copies", "electronic_copy", "audio_video"}


def step_up_setup():
    from tests.procurement.factories import allocate, officer, seats, submitted_program

    allocate(100_000_000)
    program = submitted_program(officer())
    return program, seats()[0]


def test_seat_confirms_each_signature_with_a_fresh_totp_code(client, login):
    from procurement.models import Signature
    from tests.procurement.conftest import current_code

    program, deputy = step_up_setup()
    login(deputy)
    url = reverse("procurement:program_sign", args=[program.pk])
    for wrong in ("", "000000" if current_code(deputy) != "000000" else "111111", "²²²²²²"):
        response = client.post(url, {"code": wrong}, follow=True)
        assert "The code is wrong or already used" in response.content.decode()
    assert not Signature.objects.filter(program=program).exists()
    code = current_code(deputy)
    client.post(url, {"code": code})
    assert Signature.objects.filter(program=program, user=deputy, voided_at=None).exists()


def test_a_used_code_cannot_sign_again(client, login):
    from procurement.models import Signature
    from tests.procurement.conftest import current_code

    program, deputy = step_up_setup()
    login(deputy)
    code = current_code(deputy)
    from coopportal.users.services import verify_fresh_totp

    assert verify_fresh_totp(deputy, code)  # e.g. typed at login
    response = client.post(reverse("procurement:program_sign", args=[program.pk]), {"code": code}, follow=True)
    assert "already used" in response.content.decode()
    assert not Signature.objects.filter(program=program).exists()


def test_the_sign_button_asks_for_the_code(login):
    program, deputy = step_up_setup()
    html = login(deputy).get(reverse("procurement:program", args=[program.pk])).content.decode()
    assert 'autocomplete="one-time-code"' in html
