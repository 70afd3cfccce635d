"""Rules in the services: every accreditation service takes the acting user and refuses an outsider
itself, with nothing stored. Personas: the candidate, a committee member of the session, a committee
member of another session, a teacher of the cohort, a student and an anonymous visitor."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accreditation.credentials.status import bit_is_set
from accreditation.exceptions import (
    CertificateRefused,
    DecisionInvalid,
    ScoringRefused,
    SignatureRefused,
)
from accreditation.models import (
    AttemptTask,
    Certificate,
    Credential,
    Document,
    ExamProtocol,
    ProtocolSignature,
    Specialty,
    TaskScore,
)
from accreditation.services import certificates
from accreditation.services import exams as exam_services
from accreditation.services.certificates import revoke_certificate
from accreditation.services.specialty import apply_for_specialty_exam, score_task
from accreditation.tasks import render_document
from coopportal.audit.models import AuditEntry
from coopportal.users.roles import Role
from tests.courses.factories import teacher
from tests.factories import UserFactory

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam():
    """One candidate in a session of three members, and a second session of another cohort."""
    cohort = f.cohort()
    cohort.teachers.add(teacher())
    enrolment = f.exam_enrolment(cohort=cohort)
    members = f.committee()
    session = f.session(cohort=cohort, candidates=[enrolment], members=members)
    other_cohort = f.cohort("Astana autumn cohort")
    other_members = f.committee()
    f.session(cohort=other_cohort, candidates=[f.exam_enrolment(cohort=other_cohort)], members=other_members)
    return {
        "candidate": session.candidates.get(),
        "members": members,
        "member_of_another_session": other_members[0],
        "teacher_of_the_cohort": cohort.teachers.get(),
        "student": enrolment.student,
    }


def outsiders(exam):
    return {
        "committee member of another session": exam["member_of_another_session"],
        "teacher of the cohort": exam["teacher_of_the_cohort"],
        "candidate": exam["student"],
        "anonymous": AnonymousUser(),
    }


def test_only_members_of_the_session_record_a_decision(exam):
    for persona, user in outsiders(exam).items():
        with pytest.raises(DecisionInvalid):
            exam_services.record_decision(candidate=exam["candidate"], outcome="accredited", recorded_by=user)
        assert not ExamProtocol.objects.exists(), persona
    exam_services.record_decision(candidate=exam["candidate"], outcome="accredited", recorded_by=exam["members"][1])
    assert ExamProtocol.objects.get().outcome == "accredited"


def test_only_members_of_the_session_sign_its_protocol(exam):
    protocol = exam_services.record_decision(
        candidate=exam["candidate"], outcome="accredited", recorded_by=exam["members"][0]
    )
    for persona, user in outsiders(exam).items():
        with pytest.raises(SignatureRefused):
            exam_services.sign_protocol(protocol=protocol, member=user)
        assert not ProtocolSignature.objects.exists(), persona


def test_only_the_chair_or_an_admin_issues_the_certificate(exam):
    members = exam["members"]
    protocol = f.finalised(
        exam_services.record_decision(candidate=exam["candidate"], outcome="accredited", recorded_by=members[0]),
        members,
    )
    for user in [members[1], *outsiders(exam).values()]:
        with pytest.raises(CertificateRefused, match="chair or an administrator"):
            exam_services.issue_certificate(protocol=protocol, issued_by=user)
        with pytest.raises(CertificateRefused, match="chair or an administrator"):
            exam_services.issue_session_certificates(session=protocol.candidate.session, issued_by=user)
    assert not Certificate.objects.exists()
    assert exam_services.issue_certificate(protocol=protocol, issued_by=members[0]).exam_protocol == protocol


@pytest.fixture
def graduate_and_examiners():
    return f.session_graduate(full_name="Нұрлан Сейітов")


@pytest.fixture
def graduate(graduate_and_examiners):
    return graduate_and_examiners[0]


def test_only_an_examiner_who_is_not_the_candidate_scores_a_specialty_task(exam, graduate):
    attempt = apply_for_specialty_exam(candidate=graduate, specialty=Specialty.objects.get(code="agent"))
    f.answer_every_task(attempt)
    item = attempt.tasks.first()
    for user in [
        graduate,
        exam["member_of_another_session"],
        UserFactory(roles=[Role.TEACHER]),
        UserFactory(roles=[Role.STUDENT]),
        AnonymousUser(),
    ]:
        with pytest.raises(ScoringRefused):
            score_task(attempt_task=item, examiner=user, result="pass", comment="Looks fine to me")
    assert not AttemptTask.objects.filter(result__gt="").exists()
    assert not TaskScore.objects.exists()
    assert not AuditEntry.objects.filter(action="accreditation.specialty_task_scored").exists()


def test_only_an_association_admin_revokes_a_certificate(exam, graduate):
    certificate = Certificate.objects.get(holder=graduate)
    for persona, user in {**outsiders(exam), "committee member of the session": exam["members"][0]}.items():
        with pytest.raises(CertificateRefused, match="administrator"):
            revoke_certificate(certificate=certificate, revoked_by=user, reason="I do not like it")
        certificate.refresh_from_db()
        assert not certificate.is_revoked, persona
    revoke_certificate(certificate=certificate, revoked_by=f.association_admin(), reason="Forged evidence")
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_reason == "Forged evidence"


def _bit_set(credential: Credential) -> bool:
    credential.status_list.refresh_from_db()
    return bit_is_set(bytes(credential.status_list.bits), credential.status_index)


def test_revoking_a_completion_certificate_revokes_the_specialty_certificates_built_on_it(
    graduate_and_examiners, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("accreditation.services.documents.document_pdf", lambda document: b"%PDF-1.7 stand-in")
    graduate, members = graduate_and_examiners
    completion = Certificate.objects.get(holder=graduate)
    for code in ("agent", "supplier"):
        attempt = apply_for_specialty_exam(candidate=graduate, specialty=Specialty.objects.get(code=code))
        f.answer_every_task(attempt)
        with django_capture_on_commit_callbacks(execute=True):
            f.score_every_task(attempt, members[1:])
    for document in Document.objects.filter(kind__in=["completion_certificate", "specialty_certificate"]):
        render_document.apply(args=[document.pk])
    specialty = list(Certificate.objects.filter(kind=Certificate.Kind.SPECIALTY))
    credentials = list(Credential.objects.select_related("status_list"))
    assert len(specialty) == 2 and len(credentials) == 3
    assert not any(_bit_set(credential) for credential in credentials)

    revoke_certificate(certificate=completion, revoked_by=f.association_admin(), reason="Forged exam evidence")

    for certificate in specialty:
        certificate.refresh_from_db()
        assert certificate.is_revoked
        assert certificate.revoked_reason == (
            f"The certificate of completion {completion.number} was revoked: Forged exam evidence"
        )
    assert all(_bit_set(credential) for credential in credentials)
    assert AuditEntry.objects.filter(action="accreditation.certificate_revoked").count() == 3


def test_a_refused_cascade_leaves_every_certificate_valid(graduate_and_examiners, monkeypatch):
    """The transaction is one: when a specialty certificate's revocation fails, the completion
    certificate stays valid too."""
    graduate, members = graduate_and_examiners
    attempt = apply_for_specialty_exam(candidate=graduate, specialty=Specialty.objects.get(code="agent"))
    f.answer_every_task(attempt)
    f.score_every_task(attempt, members[1:])
    original = certificates._revoke

    def failing(*, certificate, **kwargs):
        if certificate.kind == Certificate.Kind.SPECIALTY:
            raise RuntimeError("storage failed")
        return original(certificate=certificate, **kwargs)

    monkeypatch.setattr(certificates, "_revoke", failing)
    with pytest.raises(RuntimeError):
        revoke_certificate(
            certificate=Certificate.objects.get(kind="completion"), revoked_by=f.association_admin(), reason="x"
        )
    assert not Certificate.objects.filter(revoked_at__isnull=False).exists()
