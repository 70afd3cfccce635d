"""Pages: creating a session in the browser, the student's documents page, progress fragments, navigation."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accreditation.exceptions import SessionInvalid
from accreditation.models import ExamSession
from accreditation.services import exams as exam_services
from accreditation.services.certificates import issue_completion_certificate
from coopportal.users.roles import Role
from coopportal.users.services import ensure_totp_secret
from tests.accreditation.factories import course as the_course
from tests.factories import UserFactory

from . import factories as f

pytestmark = pytest.mark.django_db


def _login(client, user):
    ensure_totp_secret(user)
    client.force_login(user)


def test_a_committee_chair_creates_a_session_in_the_browser(client):
    cohort = f.cohort()
    enrolments = [f.exam_enrolment(cohort=cohort) for _ in range(2)]
    chair, *others = f.committee(3)
    _login(client, chair)
    url = reverse("accreditation:session_create")
    page = client.get(url, {"cohort": cohort.pk}).content.decode()
    assert str(enrolments[0].student) in page
    data = {
        "cohort": cohort.pk,
        "starts_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "broadcast_url": "https://www.instagram.com/live/exam",
        "chair": chair.pk,
        "committee": [chair.pk, others[0].pk],
        "max_attempts": 2,
        "candidates": [e.pk for e in enrolments],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "at least 3 members" in response.content.decode()
    assert not ExamSession.objects.exists()
    data["committee"] = [chair.pk, *(o.pk for o in others)]
    response = client.post(url, data)
    session = ExamSession.objects.get()
    assert response.url == reverse("accreditation:session_detail", args=[session.pk])
    assert session.members.get(is_chair=True).user == chair
    assert session.candidates.count() == 2


@pytest.mark.parametrize("cohort", ["abc", "-1", "99999", "1.5"])
def test_session_form_survives_a_malformed_or_unknown_cohort(client, cohort):
    _login(client, f.committee(1)[0])
    response = client.get(reverse("accreditation:session_create"), {"cohort": cohort})
    assert response.status_code == 200


def test_a_member_cannot_create_a_session_chaired_by_someone_else():
    cohort = f.cohort()
    enrolment = f.exam_enrolment(cohort=cohort)
    members = f.committee(3)
    with pytest.raises(SessionInvalid, match="chair"):
        exam_services.create_session(
            cohort=cohort,
            starts_at=timezone.now(),
            broadcast_url="https://example.org/live",
            committee=members,
            chair=members[0],
            candidates=[enrolment],
            created_by=members[1],
        )


def _student_with_certificates(n):
    student = UserFactory(roles=[Role.STUDENT])
    for _ in range(n):
        issue_completion_certificate(holder=student, course=the_course(), issued_by=None)
    return student


def test_my_documents_page_queries_do_not_grow_with_documents(client, django_assert_max_num_queries):
    # Queries: session, user, roles (navigation), documents, certificates, protocols, attempts.
    for n in (1, 6):
        client.force_login(_student_with_certificates(n))
        with django_assert_max_num_queries(8):
            response = client.get(reverse("accreditation:my_documents"))
        assert response.content.decode().count("being made") == n


def test_issuance_progress_fragment_is_scoped_to_the_committee(client):
    cohort = f.cohort()
    members = f.committee()
    session = f.session(cohort=cohort, candidates=[f.exam_enrolment(cohort=cohort)], members=members)
    url = reverse("accreditation:issuance_progress", args=[session.pk])
    _login(client, members[1])
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "<progress" in response.content.decode()
    _login(client, UserFactory(roles=[Role.EXAM_COMMITTEE]))
    assert client.get(url).status_code == 404


def test_only_the_chair_or_an_admin_issues_the_sessions_certificates(client):
    cohort = f.cohort()
    members = f.committee()
    session = f.session(cohort=cohort, candidates=[f.exam_enrolment(cohort=cohort)], members=members)
    candidate = session.candidates.get()
    f.finalised(
        exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=members[0]), members
    )
    _login(client, members[2])
    client.post(reverse("accreditation:issue_certificates", args=[session.pk]))
    candidate.protocol.refresh_from_db()
    assert not hasattr(candidate.protocol, "certificate")
    _login(client, members[0])
    client.post(reverse("accreditation:issue_certificates", args=[session.pk]))
    assert candidate.enrolment.student.certificates.count() == 1


def test_navigation_shows_each_role_its_entries(client):
    student = UserFactory(roles=[Role.STUDENT])
    client.force_login(student)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("accreditation:my_documents") in page
    assert reverse("accreditation:session_list") not in page
    member = UserFactory(roles=[Role.EXAM_COMMITTEE])
    _login(client, member)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("accreditation:session_list") in page
    assert reverse("accreditation:specialty_queue") in page


def test_students_cannot_open_the_examiners_queue(client):
    client.force_login(UserFactory(roles=[Role.STUDENT]))
    assert client.get(reverse("accreditation:specialty_queue")).status_code == 403


def test_candidate_page_queries_stay_bounded_as_signatures_and_sessions_grow(client, django_assert_max_num_queries):
    cohort = f.cohort()
    members = f.committee(5)
    session = f.session(cohort=cohort, candidates=[f.exam_enrolment(cohort=cohort) for _ in range(4)], members=members)
    quiet, busy = session.candidates.order_by("pk")[:2]
    protocol = exam_services.record_decision(candidate=busy, outcome="accredited", recorded_by=members[0])
    for member in members[1:3]:
        exam_services.sign_protocol(protocol=protocol, member=member)
    _login(client, members[0])
    # Queries (at most 18): session, user, MFA authenticator, roles; candidate with session, enrolment
    # and protocol; membership (scope); signatures (when a protocol exists); the courses exam level
    # report (6) and deadline record (3); membership (form); navigation roles.
    for candidate in (quiet, busy):
        with django_assert_max_num_queries(18):
            response = client.get(reverse("accreditation:candidate_detail", args=[candidate.pk]))
        assert response.status_code == 200
