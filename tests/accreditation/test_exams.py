"""Exam sessions, decisions, signatures and the finality of protocols."""

import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from accreditation.exceptions import DecisionInvalid, ProtocolFinal, SessionInvalid, SignatureRefused
from accreditation.models import Certificate, Document, ExamProtocol
from accreditation.services import exams as exam_services
from coopportal.audit.models import AuditEntry
from coopportal.users.roles import Role
from coopportal.users.services import ensure_totp_secret
from tests.factories import UserFactory

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    cohort = f.cohort()
    enrolment = f.exam_enrolment(cohort=cohort, full_name="Әлихан Нұрғали")
    members = f.committee(3)
    session = f.session(cohort=cohort, candidates=[enrolment], members=members)
    return session, session.candidates.get(), members


def test_session_needs_three_committee_members():
    cohort = f.cohort()
    enrolment = f.exam_enrolment(cohort=cohort)
    with pytest.raises(SessionInvalid, match="at least 3"):
        f.session(cohort=cohort, candidates=[enrolment], members=f.committee(2))


def test_session_candidates_must_have_reached_the_exam_level():
    cohort = f.cohort()
    student = UserFactory(roles=[Role.STUDENT])
    from courses.models import Enrolment

    not_there = Enrolment.objects.create(cohort=cohort, course=cohort.course, student=student)
    with pytest.raises(SessionInvalid, match="Not at the exam level"):
        f.session(cohort=cohort, candidates=[not_there])


def test_committee_members_must_hold_the_exam_committee_role():
    cohort = f.cohort()
    enrolment = f.exam_enrolment(cohort=cohort)
    members = [*f.committee(2), UserFactory(full_name="Random Person")]
    with pytest.raises(SessionInvalid, match="Not exam committee members"):
        f.session(cohort=cohort, candidates=[enrolment], members=members)


def test_re_exam_needs_at_least_one_error(setup):
    session, candidate, members = setup
    with pytest.raises(DecisionInvalid):
        exam_services.record_decision(candidate=candidate, outcome="re_exam", errors="  \n ", recorded_by=members[0])
    assert not ExamProtocol.objects.exists()


def test_not_accredited_needs_reasons(setup):
    session, candidate, members = setup
    with pytest.raises(DecisionInvalid):
        exam_services.record_decision(candidate=candidate, outcome="not_accredited", recorded_by=members[0])
    assert not ExamProtocol.objects.exists()


def test_re_exam_is_refused_on_the_last_allowed_attempt():
    cohort = f.cohort()
    enrolment = f.exam_enrolment(cohort=cohort)
    members = f.committee()
    session = f.session(cohort=cohort, candidates=[enrolment], members=members, max_attempts=1)
    with pytest.raises(DecisionInvalid, match="last allowed attempt"):
        exam_services.record_decision(
            candidate=session.candidates.get(), outcome="re_exam", errors="Weak opening", recorded_by=members[0]
        )


def test_a_re_exam_allows_a_second_attempt_and_no_third_by_default():
    cohort = f.cohort()
    enrolment = f.exam_enrolment(cohort=cohort)
    members = f.committee()
    first = f.session(cohort=cohort, candidates=[enrolment], members=members)
    protocol = exam_services.record_decision(
        candidate=first.candidates.get(), outcome="re_exam", errors="Fewer than 100 likes", recorded_by=members[0]
    )
    f.finalised(protocol, members)
    second = f.session(cohort=cohort, candidates=[enrolment], members=members)
    assert second.candidates.get().attempt == 2
    with pytest.raises(DecisionInvalid):
        exam_services.record_decision(
            candidate=second.candidates.get(), outcome="re_exam", errors="Again", recorded_by=members[0]
        )


def test_a_non_member_cannot_record_a_decision(setup):
    session, candidate, members = setup
    outsider = UserFactory(roles=[Role.EXAM_COMMITTEE])
    with pytest.raises(DecisionInvalid):
        exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=outsider)


def test_protocol_is_final_when_chair_and_majority_signed(setup):
    session, candidate, members = setup
    protocol = exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=members[1])
    exam_services.sign_protocol(protocol=protocol, member=members[1])
    exam_services.sign_protocol(protocol=protocol, member=members[2])
    protocol.refresh_from_db()
    assert not protocol.is_final, "a majority without the chair is not enough"
    exam_services.sign_protocol(protocol=protocol, member=members[0])
    protocol.refresh_from_db()
    assert protocol.is_final
    assert re.fullmatch(r"EP-\d{4}-\d{5}", protocol.number)


def test_chair_alone_is_not_a_majority(setup):
    session, candidate, members = setup
    protocol = exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=members[0])
    exam_services.sign_protocol(protocol=protocol, member=members[0])
    protocol.refresh_from_db()
    assert not protocol.is_final


def test_signing_twice_is_refused(setup):
    session, candidate, members = setup
    protocol = exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=members[0])
    exam_services.sign_protocol(protocol=protocol, member=members[1])
    with pytest.raises(SignatureRefused, match="already signed"):
        exam_services.sign_protocol(protocol=protocol, member=members[1])
    assert protocol.signatures.count() == 1


def test_a_non_member_cannot_sign(setup):
    session, candidate, members = setup
    protocol = exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=members[0])
    with pytest.raises(SignatureRefused):
        exam_services.sign_protocol(protocol=protocol, member=UserFactory(roles=[Role.EXAM_COMMITTEE]))
    assert protocol.signatures.count() == 0


def test_a_final_protocol_cannot_be_edited(setup):
    session, candidate, members = setup
    protocol = f.finalised(
        exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=members[0]), members
    )
    with pytest.raises(ProtocolFinal):
        exam_services.record_decision(
            candidate=candidate, outcome="not_accredited", reasons="Missed deadlines", recorded_by=members[0]
        )
    protocol.refresh_from_db()
    assert protocol.outcome == "accredited"


def test_changing_a_draft_decision_voids_signatures(setup):
    session, candidate, members = setup
    protocol = exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=members[0])
    exam_services.sign_protocol(protocol=protocol, member=members[1])
    exam_services.record_decision(
        candidate=candidate, outcome="not_accredited", reasons="Missed the publication deadline", recorded_by=members[0]
    )
    assert protocol.signatures.count() == 0


def test_finalising_renders_the_protocol_pdf_and_emails_student_and_association(
    setup, settings, django_capture_on_commit_callbacks
):
    settings.ASSOCIATION_LANGUAGE = "en"  # the student's language too: one email to both
    session, candidate, members = setup
    with django_capture_on_commit_callbacks(execute=True):
        protocol = exam_services.record_decision(
            candidate=candidate,
            outcome="re_exam",
            errors="Fewer than 100 likes\nNo subscriber list",
            recorded_by=members[0],
        )
        f.finalised(protocol, members)
    protocol.refresh_from_db()
    document = Document.objects.get(kind=Document.Kind.EXAM_PROTOCOL)
    assert document.state == Document.State.READY
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {candidate.enrolment.student.email, settings.ASSOCIATION_EMAIL}
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert protocol.number in text
    assert "Әлихан Нұрғали" in text
    assert "Fewer than 100 likes" in text


def test_the_associations_copy_of_a_protocol_goes_in_the_associations_language(
    setup, settings, django_capture_on_commit_callbacks
):
    settings.ASSOCIATION_LANGUAGE = "ru"
    session, candidate, members = setup
    student = candidate.enrolment.student
    student.language = "fa"
    student.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        protocol = exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=members[0])
        f.finalised(protocol, members)
    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {(student.email,), (settings.ASSOCIATION_EMAIL,)}
    student_pdf = PdfReader(io.BytesIO(by_recipient[(student.email,)].attachments[0][1]))
    office_pdf = PdfReader(io.BytesIO(by_recipient[(settings.ASSOCIATION_EMAIL,)].attachments[0][1]))
    # The student's copy is Persian (solar hijri year 14xx in Persian digits); the office's is not.
    assert "۱۴" in student_pdf.pages[0].extract_text() and "۱۴" not in office_pdf.pages[0].extract_text()


def test_audit_trail_has_decision_signatures_and_finalisation(setup):
    session, candidate, members = setup
    protocol = f.finalised(
        exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=members[0]), members
    )
    actions = list(
        AuditEntry.objects.filter(target_type="accreditation.examprotocol", target_id=str(protocol.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions.count("accreditation.protocol_signed") == 2
    assert "accreditation.decision_recorded" in actions
    assert "accreditation.protocol_finalised" in actions


def test_bulk_issuance_issues_one_certificate_per_accredited_final_protocol(django_capture_on_commit_callbacks):
    cohort = f.cohort()
    enrolments = [f.exam_enrolment(cohort=cohort) for _ in range(3)]
    members = f.committee()
    session = f.session(cohort=cohort, candidates=enrolments, members=members)
    a, b, c = session.candidates.order_by("pk")
    f.finalised(exam_services.record_decision(candidate=a, outcome="accredited", recorded_by=members[0]), members)
    f.finalised(exam_services.record_decision(candidate=b, outcome="accredited", recorded_by=members[0]), members)
    exam_services.record_decision(candidate=c, outcome="not_accredited", reasons="Missed", recorded_by=members[0])
    with django_capture_on_commit_callbacks(execute=True):
        assert exam_services.issue_session_certificates(session=session, issued_by=members[0]) == 2
    assert exam_services.issue_session_certificates(session=session, issued_by=members[0]) == 0
    assert Certificate.objects.count() == 2
    assert Document.objects.filter(kind=Document.Kind.COMPLETION_CERTIFICATE, state="ready").count() == 2


# --- Pages and scope ------------------------------------------------------------------


def _login(client, user):
    ensure_totp_secret(user)
    client.force_login(user)


def test_committee_members_see_only_their_sessions(client, setup):
    session, candidate, members = setup
    other = UserFactory(roles=[Role.EXAM_COMMITTEE])
    _login(client, other)
    assert client.get(reverse("accreditation:session_detail", args=[session.pk])).status_code == 404
    assert client.get(reverse("accreditation:candidate_detail", args=[candidate.pk])).status_code == 404
    assert session.cohort.name not in client.get(reverse("accreditation:session_list")).content.decode()
    _login(client, members[2])
    assert client.get(reverse("accreditation:session_detail", args=[session.pk])).status_code == 200


def test_students_cannot_open_exam_sessions(client, setup):
    session, candidate, members = setup
    client.force_login(candidate.enrolment.student)
    assert client.get(reverse("accreditation:session_list")).status_code == 403
    assert client.get(reverse("accreditation:session_detail", args=[session.pk])).status_code == 404


def test_committee_runs_a_candidate_from_decision_to_final_protocol_in_the_browser(client, setup):
    session, candidate, members = setup
    url = reverse("accreditation:candidate_detail", args=[candidate.pk])
    _login(client, members[0])
    response = client.post(url, {"outcome": "re_exam", "errors": "", "reasons": ""})
    assert response.status_code == 200
    assert "at least one error" in response.content.decode()
    assert client.post(url, {"outcome": "accredited", "errors": "", "reasons": ""}).status_code == 302
    protocol = ExamProtocol.objects.get()
    sign_url = reverse("accreditation:protocol_sign", args=[protocol.pk])
    assert client.post(sign_url).status_code == 302
    response = client.post(sign_url, follow=True)
    assert "already signed" in response.content.decode()
    _login(client, members[1])
    client.post(sign_url)
    protocol.refresh_from_db()
    assert protocol.is_final
    response = client.post(url, {"outcome": "not_accredited", "errors": "", "reasons": "x"})
    assert "final" in response.content.decode()


def test_session_page_queries_do_not_grow_with_candidates(client, django_assert_max_num_queries):
    cohort = f.cohort()
    members = f.committee()
    small = f.session(cohort=cohort, candidates=[f.exam_enrolment(cohort=cohort)], members=members)
    big_cohort = f.cohort("Second cohort")
    big = f.session(
        cohort=big_cohort, candidates=[f.exam_enrolment(cohort=big_cohort) for _ in range(6)], members=members
    )
    for candidate in big.candidates.all()[:3]:
        f.finalised(
            exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=members[0]), members
        )
    _login(client, members[0])
    # Queries: session + user, MFA authenticator, roles, session with counts, members, candidates with
    # protocols/certificates, signatures, 2 progress aggregates, chair check, navigation roles.
    for session in (small, big):
        with django_assert_max_num_queries(14):
            assert client.get(reverse("accreditation:session_detail", args=[session.pk])).status_code == 200


def test_a_final_accredited_protocol_passes_the_exam_level_when_its_other_kpis_are_met():
    from courses.models import LevelCode, LevelProgress
    from tests.courses.factories import add_subscribers, held_presentation

    cohort = f.cohort()
    enrolment = f.exam_enrolment(cohort=cohort)
    presentation = held_presentation(enrolment, broadcast_url="https://live.example.org/exam")
    type(presentation).objects.filter(pk=presentation.pk).update(attendance_confirmed=60, likes_confirmed=120)
    add_subscribers(presentation, 9)  # 15 % of 60
    members = f.committee(3)
    session = f.session(cohort=cohort, candidates=[enrolment], members=members)
    exam = LevelProgress.objects.get(enrolment=enrolment, level__code=LevelCode.EXAM)
    protocol = exam_services.record_decision(
        candidate=session.candidates.get(), outcome="accredited", recorded_by=members[0]
    )
    exam_services.sign_protocol(protocol=protocol, member=members[0])
    exam.refresh_from_db()
    assert exam.status != LevelProgress.Status.PASSED, "a draft protocol decides nothing"
    exam_services.sign_protocol(protocol=protocol, member=members[1])  # the chair and a majority: final
    exam.refresh_from_db()
    assert exam.status == LevelProgress.Status.PASSED


def test_a_final_re_exam_protocol_leaves_the_exam_level_open():
    from courses.models import LevelCode, LevelProgress
    from tests.courses.factories import add_subscribers, held_presentation

    cohort = f.cohort()
    enrolment = f.exam_enrolment(cohort=cohort)
    presentation = held_presentation(enrolment, broadcast_url="https://live.example.org/exam")
    type(presentation).objects.filter(pk=presentation.pk).update(attendance_confirmed=60, likes_confirmed=120)
    add_subscribers(presentation, 9)
    members = f.committee(3)
    session = f.session(cohort=cohort, candidates=[enrolment], members=members)
    protocol = exam_services.record_decision(
        candidate=session.candidates.get(), outcome="re_exam", recorded_by=members[0], errors=["Weak finances"]
    )
    f.finalised(protocol, members)
    exam = LevelProgress.objects.get(enrolment=enrolment, level__code=LevelCode.EXAM)
    assert exam.status != LevelProgress.Status.PASSED
