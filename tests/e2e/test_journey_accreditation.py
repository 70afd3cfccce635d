"""Browser journey (Chromium): a committee takes a candidate from decision to a signed, final protocol and
issues the certificate; then anyone checks it from the home page on a phone, as after scanning the QR code."""

import pyotp
import pytest
from django.core import mail

from accreditation.models import Certificate, Document, ExamProtocol
from coopportal.users.services import ensure_totp_secret
from tests.accreditation import factories as f
from tests.e2e.conftest import PHONE, assert_fits_phone_and_desktop, screenshot
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(page, base_url, user):
    secret = ensure_totp_secret(user)
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.locator("#id_code").fill(pyotp.TOTP(secret).now())
    page.locator("form button[type=submit]").first.click()
    page.get_by_role("link", name="Exam sessions").first.wait_for()


def test_committee_signs_a_protocol_and_anyone_verifies_the_certificate(live_server, new_page):
    cohort = f.cohort()
    enrolment = f.exam_enrolment(cohort=cohort, full_name="Әлихан Нұрғали")
    members = f.committee(3)
    session = f.session(cohort=cohort, candidates=[enrolment], members=members)
    candidate = session.candidates.get()

    chair = new_page()
    _log_in(chair, live_server.url, members[0])
    chair.goto(f"{live_server.url}/accreditation/sessions/{session.pk}/")
    chair.get_by_role("link", name="Әлихан Нұрғали").click()
    chair.get_by_label("Accredited", exact=True).check()
    chair.get_by_role("button", name="Record the decision").click()
    chair.get_by_text("The decision is recorded").wait_for()
    chair.get_by_role("button", name="Sign the protocol").click()
    chair.get_by_text("Signed.").wait_for()
    screenshot(chair, "accreditation-01-candidate-signed-by-chair")
    assert_fits_phone_and_desktop(chair)

    member = new_page()
    _log_in(member, live_server.url, members[1])
    member.goto(f"{live_server.url}/accreditation/candidates/{candidate.pk}/")
    member.get_by_role("button", name="Sign the protocol").click()
    member.get_by_text("is final").first.wait_for()
    protocol = ExamProtocol.objects.get()
    assert protocol.is_final
    assert Document.objects.get(kind=Document.Kind.EXAM_PROTOCOL).state == Document.State.READY
    assert any(protocol.number in message.subject for message in mail.outbox)

    chair.goto(f"{live_server.url}/accreditation/sessions/{session.pk}/")
    chair.get_by_role("button", name="Issue certificates for all accredited candidates").click()
    chair.get_by_text("1 of 1 certificates issued, 1 PDFs ready").wait_for()
    screenshot(chair, "accreditation-02-session-certificates-issued")
    certificate = Certificate.objects.get()

    visitor = new_page(viewport=PHONE)
    visitor.goto(live_server.url)
    visitor.get_by_label("Verification code or certificate number").fill(certificate.verification_code)
    visitor.get_by_role("button", name="Check").click()
    visitor.get_by_text("Valid", exact=True).wait_for()
    assert visitor.get_by_text("Әлихан Нұрғали").is_visible()
    screenshot(visitor, "accreditation-03-verified-on-a-phone")
    assert_fits_phone_and_desktop(visitor)
