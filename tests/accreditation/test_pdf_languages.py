"""The certificate in Kazakh and the protocol in Russian, made through the real document path and read
back with pdftotext as a person's PDF viewer would: the translated title and a name in Kazakh letters."""

import subprocess

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import translation
from django.utils.translation import gettext

from accreditation.models import Certificate, Document
from accreditation.services import documents as outbox
from accreditation.services import exams as exam_services
from accreditation.services.certificates import issue_completion_certificate
from coopportal.users.roles import Role
from tests.factories import UserFactory

from . import factories as f

pytestmark = pytest.mark.django_db

KAZAKH_NAME = "Әлихан Нұрғали Өмірзақұлы"  # ә ғ қ ң ө ұ ү һ і: Ә, Ұ, ғ, Ө, і, қ


def pdftotext(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())  # one line: a title may wrap


def test_a_kazakh_holders_certificate_pdf_and_email_are_in_kazakh():
    holder = UserFactory(roles=[Role.STUDENT], full_name=KAZAKH_NAME, language="kk")
    with translation.override("en"):  # the issuer reads English
        issue_completion_certificate(holder=holder, course=f.course(), issued_by=None)
    document = Document.objects.get(kind=Document.Kind.COMPLETION_CERTIFICATE)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the outbox sends the email after commit
        assert outbox.produce_document(document_id=document.pk) == "ready"
    with translation.override("kk"):
        title = Certificate.Kind(Certificate.objects.get().kind).label
        words = str(title), gettext("This certifies that"), gettext("Certificate number")
        subject = gettext("Certificate %(number)s") % {"number": Certificate.objects.get().number}
        link = gettext("You can also download it from your accreditation page:")
    with translation.override("en"):
        assert str(Certificate.Kind(Certificate.objects.get().kind).label) not in words  # translated, really
    [message] = mail.outbox
    text = pdftotext(message.attachments[0][1])
    assert all(word in text for word in words), (words, text[:600])
    assert KAZAKH_NAME in text
    # The email too: its subject and body in the holder's language.
    assert message.subject.endswith(subject) and link in message.body and KAZAKH_NAME in message.body


def test_a_russian_students_protocol_pdf_is_in_russian(settings, django_capture_on_commit_callbacks):
    settings.ASSOCIATION_LANGUAGE = "ru"  # the office reads Russian too: one email to both
    cohort = f.cohort()
    enrolment = f.exam_enrolment(cohort=cohort, full_name=KAZAKH_NAME)
    enrolment.student.language = "ru"
    enrolment.student.save(update_fields=["language"])
    members = f.committee(3)
    session = f.session(cohort=cohort, candidates=[enrolment], members=members)
    with django_capture_on_commit_callbacks(execute=True):
        protocol = exam_services.record_decision(
            candidate=session.candidates.get(), outcome="accredited", recorded_by=members[0]
        )
        f.finalised(protocol, members)
    [message] = mail.outbox
    text = pdftotext(message.attachments[0][1])
    with translation.override("ru"):
        words = gettext("Exam protocol"), gettext("Candidate"), gettext("Decision")
        link = gettext("You can also download it from your accreditation page:")
    assert words[0] != "Exam protocol"
    assert all(word in text for word in words), (words, text[:600])
    assert KAZAKH_NAME in text
    assert link in message.body  # the email to the student (and the office) in Russian
