import pytest
from django.urls import reverse

from coopportal.users.roles import Role, holds_role
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db


def test_a_page_not_marked_public_redirects_anonymous_visitors_to_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_public_home_page_is_open_to_anonymous_visitors(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b"Coop Portal" in response.content


def test_officer_of_one_province_is_not_officer_of_another():
    tehran, fars = region("ir-tehran"), region("ir-fars")
    officer = UserFactory(roles=[Role.PROVINCIAL_OFFICER], region=tehran)
    assert holds_role(officer, Role.PROVINCIAL_OFFICER, region=tehran)
    assert not holds_role(officer, Role.PROVINCIAL_OFFICER, region=fars)
