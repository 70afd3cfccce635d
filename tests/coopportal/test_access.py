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


def test_signed_in_user_is_read_with_roles_and_mfa_state_in_one_query(django_assert_num_queries):
    from django.conf import settings
    from django.contrib.auth import load_backend

    from coopportal.users.roles import grant_role, mfa_enabled, role_names
    from coopportal.users.services import ensure_totp_secret

    person = UserFactory(roles=[Role.STUDENT, Role.TEACHER])
    backend = load_backend(settings.AUTHENTICATION_BACKENDS[0])
    # One query: the user, a row per role, and whether they have an authenticator. Asked again: none.
    with django_assert_num_queries(1):
        user = backend.get_user(person.pk)
        assert user == person
        assert role_names(user) == {Role.STUDENT, Role.TEACHER}
        assert not mfa_enabled(user)
        assert role_names(user) == {Role.STUDENT, Role.TEACHER} and not mfa_enabled(user)
    grant_role(person, Role.HQ_OFFICER)
    ensure_totp_secret(person)
    user = backend.get_user(str(person.pk))  # sessions keep the id as text
    assert role_names(user) == {Role.STUDENT, Role.TEACHER, Role.HQ_OFFICER} and mfa_enabled(user)
    without_roles = UserFactory()
    with django_assert_num_queries(1):
        user = backend.get_user(without_roles.pk)
        assert user == without_roles and role_names(user) == frozenset() and not mfa_enabled(user)
    assert backend.get_user(person.pk + 1000) is None
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert backend.get_user(person.pk) is None
