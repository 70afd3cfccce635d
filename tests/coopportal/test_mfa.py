import pyotp
import pytest
from allauth.mfa.utils import is_mfa_enabled
from django.urls import reverse

from coopportal.users.roles import Role
from coopportal.users.services import ensure_totp_secret
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ACTIVATE_TOTP = reverse("mfa_activate_totp")


def _log_in(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": TEST_PASSWORD})


@pytest.mark.parametrize(
    "role", [Role.EXAM_COMMITTEE, Role.PROVINCIAL_OFFICER, Role.PROVINCIAL_COMMITTEE, Role.HQ_OFFICER]
)
def test_privileged_role_is_sent_to_set_up_mfa_before_any_page(client, role):
    user = UserFactory(roles=[role])
    _log_in(client, user.email)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"] == ACTIVATE_TOTP


def test_admin_without_mfa_is_sent_to_set_up_mfa_at_the_admin_too(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    _log_in(client, admin.email)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"] == ACTIVATE_TOTP


def test_student_is_not_asked_for_mfa(client):
    student = UserFactory(roles=[Role.STUDENT])
    _log_in(client, student.email)
    assert client.get(reverse("dashboard")).status_code == 200


def test_setting_up_totp_opens_the_role_pages(client):
    user = UserFactory(roles=[Role.HQ_OFFICER])
    _log_in(client, user.email)
    # allauth asks for the password again before an authenticator is added.
    assert client.get(ACTIVATE_TOTP)["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert client.get(ACTIVATE_TOTP).status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post(ACTIVATE_TOTP, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert is_mfa_enabled(user)
    assert client.get(reverse("dashboard")).status_code == 200


def test_login_needs_a_valid_totp_code_once_mfa_is_set_up(client):
    user = UserFactory(roles=[Role.EXAM_COMMITTEE])
    secret = ensure_totp_secret(user)
    response = _log_in(client, user.email)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("dashboard")).status_code == 200


def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
