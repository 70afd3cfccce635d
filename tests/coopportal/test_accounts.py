import re
import time
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.test import Client
from django.urls import reverse

from coopportal.users.models import User
from coopportal.users.roles import Role, has_role
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Steppe-Cooperative-2026"


def _sign_up(
    client, email="new.student@example.org", password1=GOOD_PASSWORD, password2=GOOD_PASSWORD, full_name="Dana Seitova"
):
    data = {"full_name": full_name, "email": email, "password1": password1, "password2": password2}
    return client.post(reverse("account_signup"), data)


def _confirmation_link(mail):
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.body)
    assert match, mail.body
    return match.group(1)


def test_sign_up_sends_verification_email_and_confirming_logs_the_student_in(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends it after commit
        response = _sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(email="new.student@example.org")
    assert has_role(user, Role.STUDENT)
    assert user.full_name == "Dana Seitova"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["new.student@example.org"]

    link = _confirmation_link(mailoutbox[0])
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = client.post(reverse("account_login"), {"login": "new.student@example.org", "password": GOOD_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).context["user"] == user


def test_unverified_user_cannot_log_in(client, mailoutbox):
    UserFactory(email="pending@example.org", verified=False)
    response = client.post(reverse("account_login"), {"login": "pending@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("dashboard")).status_code == 302  # still anonymous: sent to login
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("email", "password1", "password2", "message"),
    [
        ("not-an-email", GOOD_PASSWORD, GOOD_PASSWORD, "Enter a valid email address."),
        ("weak@example.org", "password", "password", "This password is too common."),
        ("short@example.org", "Ab1-x", "Ab1-x", "This password is too short."),
        ("mismatch@example.org", GOOD_PASSWORD, GOOD_PASSWORD + "x", "You must type the same password each time."),
    ],
)
def test_bad_sign_up_is_refused_with_a_message_and_creates_no_user(client, email, password1, password2, message):
    users_before = User.objects.count()
    response = _sign_up(client, email, password1, password2)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == users_before


def test_sign_up_without_a_name_is_refused(client):
    response = _sign_up(client, full_name=" ")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not User.objects.filter(email="new.student@example.org").exists()


def test_sign_up_with_an_email_already_registered_is_refused(client):
    UserFactory(email="taken@example.org")
    response = _sign_up(client, email="Taken@Example.org")
    assert response.status_code == 200
    assert "A user is already registered with this email address." in response.content.decode()
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1


def _wrong_logins(client, email, times):
    for _ in range(times):
        response = client.post(reverse("account_login"), {"login": email, "password": "wrong-guess"})
    return response


def test_after_five_failed_logins_from_one_address_that_address_is_throttled_for_the_account(client):
    UserFactory(email="target@example.org")
    response = _wrong_logins(client, "target@example.org", 5)
    assert "The email address and/or password you specified are not correct." in response.content.decode()
    response = client.post(reverse("account_login"), {"login": "target@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_strangers_failed_logins_never_lock_the_owner_out_where_they_usually_sign_in(client):
    UserFactory(email="hq-target@example.org")
    stranger = Client(REMOTE_ADDR="203.0.113.7")
    response = _wrong_logins(stranger, "hq-target@example.org", 8)
    assert "Too many failed login attempts" in response.content.decode()
    response = client.post(reverse("account_login"), {"login": "hq-target@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_login_throttle_waits_grow_with_repeated_failures(client, monkeypatch):
    UserFactory(email="slow@example.org")
    clock = {"now": 1_000_000.0}
    fake_time = SimpleNamespace(time=lambda: clock["now"], monotonic=time.monotonic, sleep=time.sleep)
    monkeypatch.setattr(allauth_ratelimit, "time", fake_time)

    def throttled():
        response = client.post(reverse("account_login"), {"login": "slow@example.org", "password": "wrong-guess"})
        return "Too many failed login attempts" in response.content.decode()

    _wrong_logins(client, "slow@example.org", 5)
    assert throttled()
    clock["now"] += 5 * 60 + 1  # five failures: a five-minute wait
    _wrong_logins(client, "slow@example.org", 5)
    assert throttled()
    clock["now"] += 5 * 60 + 1  # ten failures within the hour: five minutes are no longer enough
    assert throttled()
    clock["now"] += 60 * 60
    assert not throttled()


def test_password_reset_answers_an_unknown_address_as_it_answers_a_known_one(client):
    UserFactory(email="known@example.org")
    known = client.post(reverse("account_reset_password"), {"email": "known@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")


def test_password_reset_mails_a_link_that_sets_a_new_password(client, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory(email="forgetful@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", mailoutbox[0].body).group(1)
    form_url = client.get(link)["Location"]  # allauth moves the key into the session
    response = client.post(form_url, {"password1": "Brand-New-Pass-2026", "password2": "Brand-New-Pass-2026"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Brand-New-Pass-2026")
