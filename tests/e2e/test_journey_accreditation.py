"""Journey 3 in Chromium with a real Celery worker: the exam committee records the decision and signs;
the protocol PDF arrives by email; the certificate's QR link opens the public verification page showing
"valid"; after an admin revokes the certificate, the page shows "revoked" with the reason."""

import re
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from accreditation.models import Certificate, Document, ExamProtocol
from coopportal.users.roles import Role
from coopportal.users.services import ensure_totp_secret, ensure_user
from tests.accreditation import factories as f
from tests.accreditation.mailbox import read_mailbox
from tests.celery_worker import running_worker
from tests.conftest import requires_worker_stack
from tests.e2e.conftest import PHONE, assert_fits_phone_and_desktop, log_in, screenshot
from tests.factories import TEST_PASSWORD

pytestmark = [requires_worker_stack, pytest.mark.e2e, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

REASON = "The exam broadcast was found to be recorded by another person."


def wait_for_mail(mailbox: Path, subject_part: str, *, to: str = "", timeout: float = 60):
    """The worker runs in another process: its emails land as files in `mailbox`. With `to`, the
    message addressed to it (the student's and the association's copies are separate emails)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in read_mailbox(mailbox):
            if subject_part in message["Subject"] and to in (message["To"] or ""):
                return message
        time.sleep(0.2)  # polling a directory the worker writes to; there is no page to wait on
    raise AssertionError(f"no email with {subject_part!r} in its subject arrived")


def test_committee_signs_protocol_arrives_by_email_qr_link_verifies_then_revoked(live_server, new_page, tmp_path):
    cohort = f.cohort()
    enrolment = f.exam_enrolment(cohort=cohort, full_name="Әлихан Нұрғали")
    members = f.committee(3)
    session = f.session(cohort=cohort, candidates=[enrolment], members=members)
    candidate = session.candidates.get()
    admin, _ = ensure_user(
        email="registrar@example.org",
        password=TEST_PASSWORD,
        full_name="Demo Registrar",
        roles=(Role.ASSOCIATION_ADMIN,),
        is_staff=True,
        is_superuser=True,
    )
    mailbox = tmp_path / "mailbox"
    worker_env = {"EMAIL_BACKEND": "tests.accreditation.mailbox.DirectoryBackend", "TEST_MAILBOX_DIR": str(mailbox)}

    with running_worker(extra_env=worker_env):
        chair = new_page()
        log_in(chair, live_server.url, members[0].email, TEST_PASSWORD, totp_secret=ensure_totp_secret(members[0]))
        chair.goto(f"{live_server.url}/accreditation/sessions/{session.pk}/")
        assert_fits_phone_and_desktop(chair)
        chair.get_by_role("link", name="Әлихан Нұрғали").click()
        chair.get_by_label("Accredited", exact=True).check()
        chair.get_by_role("button", name="Record the decision").click()
        chair.get_by_text("The decision is recorded").wait_for()
        chair.get_by_role("button", name="Sign the protocol").click()
        chair.get_by_text("Signed.", exact=True).wait_for()
        screenshot(chair, "accreditation-01-candidate-signed-by-chair")
        assert_fits_phone_and_desktop(chair)

        member = new_page()
        log_in(member, live_server.url, members[1].email, TEST_PASSWORD, totp_secret=ensure_totp_secret(members[1]))
        member.goto(f"{live_server.url}/accreditation/candidates/{candidate.pk}/")
        member.get_by_role("button", name="Sign the protocol").click()
        member.get_by_text("is final").first.wait_for()
        screenshot(member, "accreditation-02-protocol-final")
        assert_fits_phone_and_desktop(member)
        # The worker renders the protocol PDF and mails it to the student and the association.
        protocol = ExamProtocol.objects.get()
        message = wait_for_mail(mailbox, protocol.number, to=enrolment.student.email)
        assert enrolment.student.email in message["To"]
        attachments = [part for part in message.walk() if part.get_content_type() == "application/pdf"]
        assert len(attachments) == 1 and attachments[0].get_payload(decode=True).startswith(b"%PDF")

        chair.goto(f"{live_server.url}/accreditation/sessions/{session.pk}/")
        chair.get_by_role("button", name="Issue certificates for all accredited candidates").click()
        chair.get_by_text("1 of 1 certificates issued, 1 PDFs ready").wait_for(timeout=60_000)
        screenshot(chair, "accreditation-03-session-certificates-issued")
        assert_fits_phone_and_desktop(chair)

    # The link under the certificate's QR code, read from the PDF the worker made.
    certificate = Certificate.objects.get()
    document = Document.objects.get(kind=Document.Kind.COMPLETION_CERTIFICATE, subject_id=certificate.pk)
    text = PdfReader(document.file.path).pages[0].extract_text()
    link = re.search(r"https?://\S+/verify/(\w+)/", text.replace("\n", ""))
    assert link and link.group(0) == certificate.verification_url()
    verify_path = f"/verify/{link.group(1)}/"

    visitor = new_page(viewport=PHONE)
    visitor.goto(f"{live_server.url}{verify_path}")
    visitor.get_by_text("Valid", exact=True).wait_for()
    assert visitor.get_by_text("Әлихан Нұрғали").is_visible()
    assert visitor.get_by_text(certificate.number).is_visible()
    screenshot(visitor, "accreditation-04-qr-link-valid-on-a-phone")
    assert_fits_phone_and_desktop(visitor)

    registrar = new_page()
    log_in(registrar, live_server.url, admin.email, TEST_PASSWORD, totp_secret=ensure_totp_secret(admin))
    registrar.goto(f"{live_server.url}/admin/accreditation/certificate/{certificate.pk}/change/")
    assert_fits_phone_and_desktop(registrar)
    registrar.locator("#id_reason").fill(REASON)
    registrar.get_by_role("button", name="Revoke").click()
    registrar.get_by_text("The certificate is revoked").wait_for()
    screenshot(registrar, "accreditation-05-admin-revoked")

    visitor.reload()
    visitor.get_by_text("Revoked", exact=True).wait_for()
    assert visitor.get_by_text(REASON).is_visible()
    assert visitor.get_by_text("Valid", exact=True).count() == 0
    screenshot(visitor, "accreditation-06-revoked-on-a-phone")
    assert_fits_phone_and_desktop(visitor)


def test_committee_cannot_accredit_a_candidate_short_of_100_likes_and_records_a_re_exam(live_server, new_page):
    cohort = f.cohort()
    enrolment = f.exam_enrolment(cohort=cohort, full_name="Candidate Short", earned=False)
    f.pass_earlier_levels(enrolment)
    f.earn_exam_kpis(enrolment, likes=99)
    members = f.committee(3)
    session = f.session(cohort=cohort, candidates=[enrolment], members=members)

    chair = new_page()
    log_in(chair, live_server.url, members[0].email, TEST_PASSWORD, totp_secret=ensure_totp_secret(members[0]))
    chair.goto(f"{live_server.url}/accreditation/sessions/{session.pk}/")
    chair.get_by_role("link", name="Candidate Short").click()
    warning = chair.get_by_role("status").filter(has_text="is not available")
    warning.wait_for()
    assert "99" in warning.inner_text()  # the likes figure the records hold
    chair.get_by_label("Accredited", exact=True).check()
    chair.get_by_role("button", name="Record the decision").click()
    chair.get_by_text("Accredited cannot be recorded").first.wait_for()
    assert not ExamProtocol.objects.exists()
    screenshot(chair, "accreditation-05-accredited-unavailable")
    assert_fits_phone_and_desktop(chair)

    chair.get_by_label("Re-exam", exact=True).check()
    chair.get_by_label("Errors (one per line; required for a re-exam)").fill("Likes under 100.")
    chair.get_by_role("button", name="Record the decision").click()
    chair.get_by_text("The decision is recorded").wait_for()
    assert ExamProtocol.objects.get().outcome == ExamProtocol.Outcome.RE_EXAM
