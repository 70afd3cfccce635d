import pytest
from django.db import connection
from django.urls import reverse

from coopportal.users.roles import Role, holds_role
from tests.conftest import requires_postgres
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


def test_signed_in_user_comes_with_roles_and_mfa_state_in_one_query(django_assert_num_queries):
    from coopportal.users.backends import AuthenticationBackend
    from coopportal.users.roles import grant_role, mfa_enabled, role_names
    from coopportal.users.services import ensure_totp_secret

    person = UserFactory(roles=[Role.STUDENT, Role.TEACHER])
    backend = AuthenticationBackend()
    with django_assert_num_queries(1):
        user = backend.get_user(person.pk)
        assert role_names(user) == {Role.STUDENT, Role.TEACHER}
        assert not mfa_enabled(user)
    grant_role(person, Role.HQ_OFFICER)
    ensure_totp_secret(person)
    user = backend.get_user(str(person.pk))  # sessions keep the id as text
    assert role_names(user) == {Role.STUDENT, Role.TEACHER, Role.HQ_OFFICER} and mfa_enabled(user)
    assert role_names(backend.get_user(UserFactory().pk)) == frozenset()
    assert backend.get_user("not-a-number") is None and backend.get_user(person.pk + 1000) is None


def _signed_in_user_executions() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT generic_plans + custom_plans FROM pg_prepared_statements WHERE name = 'signed_in_user'")
        row = cursor.fetchone()
    return row[0] if row else None


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_each_postgresql_connection_prepares_the_signed_in_user_query_once_and_answers_from_it():
    from coopportal.users.backends import AuthenticationBackend

    person = UserFactory(roles=[Role.TEACHER])
    backend = AuthenticationBackend()
    connection.close()
    assert _signed_in_user_executions() is None  # a new connection holds no statement yet
    for _ in range(7):
        user = backend.get_user(person.pk)
        assert user == person and user.email == person.email and user.date_joined == person.date_joined
    assert _signed_in_user_executions() == 7  # every sign-in ran the prepared statement, none planned afresh
    connection.close()
    assert backend.get_user(person.pk) == person  # the next connection prepares it again
    assert _signed_in_user_executions() == 1
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert backend.get_user(person.pk) is None
