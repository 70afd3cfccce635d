"""Officers and seats see only their province, HQ sees all, students and teachers see nothing."""

import pytest
from django.urls import reverse

from coopportal.users.roles import Role
from procurement.models import ProgramDocument
from tests.factories import UserFactory
from tests.procurement.factories import allocate, hq, officer, seats, submitted_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    tehran_officer = officer("ir-tehran")
    allocation = allocate(100_000_000)
    program = submitted_program(tehran_officer)
    return {
        "program": program,
        "allocation": allocation,
        "document": ProgramDocument.objects.filter(program=program).first(),
        "personas": {
            "officer_here": tehran_officer,
            "officer_there": officer("ir-isfahan"),
            "seat_here": seats("ir-tehran")[0],
            "seat_there": seats("ir-isfahan")[0],
            "hq": hq(),
            "student": UserFactory(roles=[Role.STUDENT]),
            "teacher": UserFactory(roles=[Role.TEACHER]),
        },
    }


def fetch(client, login, world, persona, url):
    if persona != "anonymous":
        login(world["personas"][persona])
    return client.get(url).status_code


EXPECTED = {
    # page: officer_here, officer_there, seat_here, seat_there, hq, student, teacher
    "program": (200, 404, 200, 404, 200, 403, 403),
    "program_edit": (200, 404, 403, 404, 403, 403, 403),
    "download": (200, 404, 200, 404, 200, 403, 403),
    "province": (200, 404, 200, 404, 200, 403, 403),
    "province_export": (200, 404, 200, 404, 200, 403, 403),
    "allocation": (200, 404, 200, 404, 200, 403, 403),
    "national": (403, 403, 403, 403, 200, 403, 403),
    "national_export": (403, 403, 403, 403, 200, 403, 403),
    "conflicts": (403, 403, 403, 403, 200, 403, 403),
    "allocation_split": (403, 403, 403, 403, 200, 403, 403),
    "contractors": (200, 200, 403, 403, 403, 403, 403),
    "index": (200, 200, 200, 200, 200, 403, 403),
}
PERSONAS = ("officer_here", "officer_there", "seat_here", "seat_there", "hq", "student", "teacher")


def url_for(page, world):
    program, document = world["program"], world["document"]
    return {
        "program": reverse("procurement:program", args=[program.pk]),
        "program_edit": reverse("procurement:program_edit", args=[program.pk]),
        "download": reverse("procurement:download", args=["document", document.pk]),
        "province": reverse("procurement:province", args=["ir-tehran"]),
        "province_export": reverse("procurement:province_export", args=["ir-tehran", "programs", "xlsx"]),
        "allocation": reverse("procurement:allocation", args=[world["allocation"].pk]),
        "national": reverse("procurement:national"),
        "national_export": reverse("procurement:national_export", args=["ranking", "csv"]),
        "conflicts": reverse("procurement:conflicts"),
        "allocation_split": reverse("procurement:allocation_split"),
        "contractors": reverse("procurement:contractors"),
        "index": reverse("procurement:index"),
    }[page]


@pytest.mark.parametrize("page", list(EXPECTED))
@pytest.mark.parametrize("index", range(len(PERSONAS)), ids=PERSONAS)
def test_scope_of_every_page_for_every_role(page, index, client, login, world):
    assert fetch(client, login, world, PERSONAS[index], url_for(page, world)) == EXPECTED[page][index]


@pytest.mark.parametrize("page", list(EXPECTED))
def test_anonymous_users_are_sent_to_log_in(page, client, world):
    response = client.get(url_for(page, world))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_program_lists_show_only_the_province(client, login, world):
    login(world["personas"]["officer_there"])
    assert world["program"].title not in client.get(reverse("procurement:programs")).content.decode()
    login(world["personas"]["officer_here"])
    assert world["program"].title in client.get(reverse("procurement:programs")).content.decode()


def test_seat_of_another_province_cannot_sign(client, login, world):
    login(world["personas"]["seat_there"])
    assert client.post(reverse("procurement:program_sign", args=[world["program"].pk])).status_code == 404


def test_officer_of_another_province_cannot_add_participants(client, login, world):
    login(world["personas"]["officer_there"])
    url = reverse("procurement:participant_add", args=[world["program"].pk])
    assert client.post(url, {"full_name": "X", "national_id": "1234567890"}).status_code == 404
    assert world["program"].participants.filter(full_name="X").count() == 0


def test_navigation_offers_each_role_its_entries(client, login, world):
    login(world["personas"]["student"])
    assert "/budget/" not in client.get(reverse("dashboard")).content.decode()
    login(world["personas"]["hq"])
    assert reverse("procurement:national") in client.get(reverse("dashboard")).content.decode()
    login(world["personas"]["seat_here"])
    assert reverse("procurement:index") in client.get(reverse("dashboard")).content.decode()
