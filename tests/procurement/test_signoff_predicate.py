"""One predicate for sign-off eligibility (the Sign button and sign_program), and one list of a
program's editable fields (the form and the filing service)."""

import pytest
from django.urls import reverse

from coopportal.users.services import verify_fresh_totp
from coopportal.users.totp import unused_totp_code
from procurement import services
from procurement.exceptions import SignOffRefused, StepUpRefused
from procurement.forms import ProgramForm
from procurement.models import Signature
from procurement.models.programs import EDITABLE_FIELDS, fields_for_type
from procurement.services.filing import PROGRAM_FIELDS
from tests.factories import UserFactory, region
from tests.procurement.factories import allocate, hq, officer, seats, sign, submitted_program

pytestmark = pytest.mark.django_db


def personas():
    allocate(100_000_000)
    filer = officer()
    program = submitted_program(filer)
    deputy, director, comptroller = seats()
    sign(deputy, program)
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
        sign(person, program)
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
    allocate(100_000_000)
    program = submitted_program(officer())
    return program, seats()[0]


def wrong_codes(user) -> list[str]:
    """An empty code, a six-digit code that is not the current one, and superscript digits."""
    with unused_totp_code(user) as code:
        other = "000000" if code != "000000" else "111111"
    return ["", other, "²²²²²²"]


def test_step_up_sign_program_refuses_a_wrong_code_and_stores_no_signature():
    program, deputy = step_up_setup()
    for wrong in wrong_codes(deputy):
        with pytest.raises(StepUpRefused, match="wrong or already used"):
            services.sign_program(actor=deputy, program=program, code=wrong)
    assert not Signature.objects.filter(program=program).exists()


def test_step_up_sign_program_refuses_a_code_already_used_at_login():
    program, deputy = step_up_setup()
    with unused_totp_code(deputy) as code:
        assert verify_fresh_totp(deputy, code)  # typed at login
        with pytest.raises(StepUpRefused):
            services.sign_program(actor=deputy, program=program, code=code)
    assert not Signature.objects.filter(program=program).exists()


def test_step_up_one_code_signs_one_program():
    allocate(100_000_000)
    filer = officer()
    first, second = submitted_program(filer), submitted_program(filer)
    deputy = seats()[0]
    with unused_totp_code(deputy) as code:
        services.sign_program(actor=deputy, program=first, code=code)
        with pytest.raises(StepUpRefused):
            services.sign_program(actor=deputy, program=second, code=code)
    assert list(Signature.objects.filter(user=deputy).values_list("program_id", flat=True)) == [first.pk]
    sign(deputy, second)  # the next window's code
    assert Signature.objects.filter(user=deputy, program=second).exists()


def test_step_up_wrong_code_is_a_form_error_beside_the_code(client, login):
    program, deputy = step_up_setup()
    login(deputy)
    url = reverse("procurement:program_sign", args=[program.pk])
    for wrong in wrong_codes(deputy):
        response = client.post(url, {"code": wrong})
        assert response.status_code == 200
        assert response.context["sign_form"].errors["code"], wrong
    assert "wrong or already used" in response.content.decode()
    assert not Signature.objects.filter(program=program).exists()
    with unused_totp_code(deputy) as code:
        response = client.post(url, {"code": code})
    assert response.status_code == 302
    assert Signature.objects.filter(program=program, user=deputy, voided_at=None).exists()


def test_step_up_reused_code_is_a_form_error_beside_the_code(client, login):
    program, deputy = step_up_setup()
    login(deputy)
    with unused_totp_code(deputy) as code:
        assert verify_fresh_totp(deputy, code)  # typed at login
        response = client.post(reverse("procurement:program_sign", args=[program.pk]), {"code": code})
    assert "already used" in " ".join(response.context["sign_form"].errors["code"])
    assert not Signature.objects.filter(program=program).exists()


def test_the_sign_button_asks_for_the_code(login):
    program, deputy = step_up_setup()
    html = login(deputy).get(reverse("procurement:program", args=[program.pk])).content.decode()
    assert 'autocomplete="one-time-code"' in html
