"""Every accreditation page runs a bounded number of queries, the same at a small and a large data size:
a query per row shows here as a failure, not as a slow page in production.

Personas: a committee member who sits on the sessions (the chair, for a session's progress), a graduate
who sits the specialty exam, the holder of the documents, an association admin in the admin, and an
anonymous visitor of the public pages. Each test grows what its page lists, through the services."""

import pytest
from django.urls import reverse

from accreditation.models import Certificate, Specialty, SpecialtyAttempt
from accreditation.services import exams as exam_services
from accreditation.services.certificates import (
    issue_completion_certificate,
    issue_specialty_certificate,
    set_registry_listing,
)
from accreditation.services.specialty import apply_for_specialty_exam
from coopportal.users.roles import Role
from coopportal.users.services import ensure_totp_secret
from tests.conftest import SESSION_QUERIES
from tests.factories import UserFactory, region

from . import factories as f

pytestmark = pytest.mark.django_db

# A signed-in request reads its session (SESSION_QUERIES), then the user with their roles and MFA state.
SIGNED_IN = SESSION_QUERIES + 1


def _login(client, user):
    ensure_totp_secret(user)  # committee members and admins have MFA set up, or the portal asks for it
    client.force_login(user)


def _get(client, url, bound, django_assert_max_num_queries, *, status=200, **params):
    """The page's content and how many queries it ran, at most `bound`."""
    with django_assert_max_num_queries(bound) as captured:
        response = client.get(url, params)
    assert response.status_code == status
    return response.content.decode(), len(captured.captured_queries)


# --- Exam sessions --------------------------------------------------------------------------------


def test_the_session_list_runs_the_same_queries_with_1_and_12_sessions(client, django_assert_max_num_queries):
    members = f.committee()

    def add_session(n):
        cohort = f.cohort(f"Cohort {n}")
        candidates = [f.exam_enrolment(cohort=cohort, earned=False) for _ in range(1 + n % 3)]
        return f.session(cohort=cohort, candidates=candidates, members=members)

    first = add_session(1)
    _login(client, members[0])
    url = reverse("accreditation:session_list")
    # Queries: the session and the user; the member's sessions with cohort, course and candidate count.
    bound = SIGNED_IN + 1
    page, one = _get(client, url, bound, django_assert_max_num_queries)
    assert reverse("accreditation:session_detail", args=[first.pk]) in page
    sessions = [first, *(add_session(n) for n in range(2, 13))]
    page, twelve = _get(client, url, bound, django_assert_max_num_queries)
    assert all(reverse("accreditation:session_detail", args=[s.pk]) in page for s in sessions)
    assert twelve == one


def test_the_new_session_form_runs_the_same_queries_with_1_and_12_cohorts(client, django_assert_max_num_queries):
    members = f.committee()
    f.cohort("Cohort 1")
    _login(client, members[0])
    url = reverse("accreditation:session_create")
    # Queries: the session and the user; the cohorts to pick from, with their course.
    bound = SIGNED_IN + 1
    page, one = _get(client, url, bound, django_assert_max_num_queries)
    assert "Cohort 1" in page
    for n in range(2, 13):
        f.cohort(f"Cohort {n}")
    page, twelve = _get(client, url, bound, django_assert_max_num_queries)
    assert all(f"Cohort {n}<" in page for n in range(1, 13))
    assert twelve == one


def test_the_new_session_form_of_a_cohort_runs_the_same_queries_with_1_and_12_candidates(
    client, django_assert_max_num_queries
):
    members = f.committee()
    cohort = f.cohort()
    f.exam_enrolment(cohort=cohort, earned=False)
    _login(client, members[0])
    url = reverse("accreditation:session_create")
    # Queries: the session and the user; the cohort picked; the cohorts to pick from; the committee users
    # for the chair and for the members; the cohort's candidates, once to ask whether there are any and once
    # to list them with student and cohort.
    bound = SIGNED_IN + 6
    page, one = _get(client, url, bound, django_assert_max_num_queries, cohort=cohort.pk)
    assert page.count('name="candidates"') == 1
    for _ in range(11):
        f.exam_enrolment(cohort=cohort, earned=False)
    page, twelve = _get(client, url, bound, django_assert_max_num_queries, cohort=cohort.pk)
    assert page.count('name="candidates"') == 12
    assert twelve == one


def test_the_issuance_progress_runs_the_same_queries_with_1_and_10_certificates(client, django_assert_max_num_queries):
    def issued_session(n):
        """A session of `n` candidates, each accredited on a final protocol, their certificates issued (the
        PDFs pending)."""
        session, members = f.accredited_session(n)
        assert exam_services.issue_session_certificates(session=session, issued_by=members[0]) == n
        return reverse("accreditation:issuance_progress", args=[session.pk]), members[0]

    # Queries: the session and the user; the exam session (on its committee) with its candidate count; the
    # accredited final protocols and their certificates counted; their PDFs counted by state.
    bound = SIGNED_IN + 3
    url, chair = issued_session(1)
    _login(client, chair)
    page, one = _get(client, url, bound, django_assert_max_num_queries)
    assert "1 of 1 certificates issued" in page
    url, chair = issued_session(10)
    _login(client, chair)
    page, ten = _get(client, url, bound, django_assert_max_num_queries)
    assert "10 of 10 certificates issued" in page
    assert ten == one


# --- The holder's documents -----------------------------------------------------------------------


def test_a_documents_state_runs_the_same_queries_with_1_and_10_documents_of_its_owner(
    client, django_assert_max_num_queries
):
    holder = UserFactory(roles=[Role.STUDENT])
    issue_completion_certificate(holder=holder, course=f.course(), issued_by=None)
    document = holder.accreditation_documents.get()
    client.force_login(holder)
    url = reverse("accreditation:document_state", args=[document.pk])
    # Queries: the session and the user; the document with its subject type.
    bound = SIGNED_IN + 1
    page, one = _get(client, url, bound, django_assert_max_num_queries)
    assert "being made" in page
    for _ in range(9):
        issue_completion_certificate(holder=holder, course=f.course(), issued_by=None)
    assert holder.accreditation_documents.count() == 10
    page, ten = _get(client, url, bound, django_assert_max_num_queries)
    assert ten == one


# --- The specialty exam ---------------------------------------------------------------------------


def test_the_specialty_overview_runs_the_same_queries_with_1_and_7_attempts(client, django_assert_max_num_queries):
    candidate, examiners = f.session_graduate()
    specialties = list(Specialty.objects.order_by("position"))
    apply_for_specialty_exam(candidate=candidate, specialty=specialties[0])
    client.force_login(candidate)
    url = reverse("accreditation:specialty")
    # Queries: the session and the user; the candidate's attempts with their specialty; the specialties
    # described; the form's specialties; its first one again (Django's Select asks whether the first
    # choice is empty before it writes `required`).
    bound = SIGNED_IN + 4
    page, one = _get(client, url, bound, django_assert_max_num_queries)
    assert page.count("/accreditation/specialty/attempts/") == 1
    # Each of the four specialties: an attempt decided by two examiners (one passed, three failed), and a new
    # one open after each failure.
    for n, specialty in enumerate(specialties):
        attempt = SpecialtyAttempt.objects.filter(candidate=candidate, specialty=specialty).first()
        attempt = attempt or apply_for_specialty_exam(candidate=candidate, specialty=specialty)
        f.answer_every_task(attempt)
        f.score_every_task(attempt, examiners[:2], result="pass" if n == 0 else "fail")
        if n:
            apply_for_specialty_exam(candidate=candidate, specialty=specialty)
    # Specialties are reference data kept in the admin (no service makes them): two more.
    for code in ("auditor", "trainer"):
        Specialty.objects.create(code=code, name=code.title(), description="A new specialty.", position=10)
    page, seven = _get(client, url, bound, django_assert_max_num_queries)
    assert page.count("/accreditation/specialty/attempts/") == 7
    assert "Auditor" in page and "Trainer" in page
    assert seven == one


# --- Public pages ---------------------------------------------------------------------------------


def _listed_specialists(n, *, start=0):
    """`n` specialty certificates in the registry: holders of a certificate of completion, up to one
    certificate per specialty each, all consenting to be listed."""
    specialties = list(Specialty.objects.order_by("position"))
    made = 0
    while made < n:
        holder = UserFactory(roles=[Role.STUDENT], full_name=f"Specialist {start + made:02d}", region=region())
        issue_completion_certificate(holder=holder, course=f.course(), issued_by=None)
        for specialty in specialties[: n - made]:
            attempt = apply_for_specialty_exam(candidate=holder, specialty=specialty)
            certificate = issue_specialty_certificate(attempt=attempt, issued_by=None)  # the exam: test_specialty
            set_registry_listing(certificate=certificate, holder=holder, listed=True)
            made += 1


def test_the_registry_runs_the_same_queries_with_3_and_40_certificates(client, django_assert_max_num_queries):
    url = reverse("specialist_registry")
    row = '<td><a href="/verify/'
    # Queries (an anonymous visitor has no session): the listed certificates counted; the regions and the
    # specialties of the search form; the page of certificates with region and specialty.
    bound = 4
    _listed_specialists(3)
    page, three = _get(client, url, bound, django_assert_max_num_queries)
    assert page.count(row) == 3
    _listed_specialists(37, start=3)
    page, forty = _get(client, url, bound, django_assert_max_num_queries)
    assert page.count(row) == 25
    page, second_page = _get(client, url, bound, django_assert_max_num_queries, page=2)
    assert page.count(row) == 15
    assert forty == second_page == three


def test_the_certificate_lookup_runs_the_same_queries_with_1_and_12_certificates(client, django_assert_max_num_queries):
    url = reverse("verify_lookup")

    def issue(n):
        holder = UserFactory(roles=[Role.STUDENT], full_name=f"Aigerim Nurlanova{n}")
        return issue_completion_certificate(holder=holder, course=f.course(), issued_by=None)

    def lookups(certificate) -> tuple[int, int, int]:
        # Queries: none for the empty form (an anonymous visitor has no session; the lookup limit counts in
        # the cache); the certificate by its number for a lookup, whether the surname matches or not.
        _, form = _get(client, url, 0, django_assert_max_num_queries)
        page, missed = _get(client, url, 1, django_assert_max_num_queries, q=certificate.number, surname="Other")
        assert "No certificate matches" in page
        _, found = _get(
            client,
            url,
            1,
            django_assert_max_num_queries,
            status=302,
            q=certificate.number,
            surname=certificate.holder_name.split()[-1],
        )
        return form, missed, found

    first = issue(1)
    one = lookups(first)
    for n in range(2, 13):
        last = issue(n)
    assert lookups(first) == lookups(last) == one


# --- The admin ------------------------------------------------------------------------------------


def test_the_admin_certificate_page_runs_the_same_queries_with_1_and_16_certificates(
    client, django_assert_max_num_queries
):
    graduate, _ = f.session_graduate(full_name="Dana Graduate")
    certificate = Certificate.objects.get(holder=graduate)
    admin = UserFactory(roles=[Role.ASSOCIATION_ADMIN], is_staff=True, is_superuser=True)
    _login(client, admin)
    url = reverse("admin:accreditation_certificate_change", args=[certificate.pk])
    # Queries: the session and the user (a superuser needs no permission rows); the certificate with every
    # row its read-only links name (holder, course, region, specialty, exam protocol, specialty attempt,
    # who issued and who revoked it).
    bound = SIGNED_IN + 1
    page, one = _get(client, url, bound, django_assert_max_num_queries)
    assert 'name="revoke"' in page and "Dana Graduate" in page
    # The graduate's four specialty certificates built on it, and eleven other holders' certificates.
    for specialty in Specialty.objects.all():
        attempt = apply_for_specialty_exam(candidate=graduate, specialty=specialty)
        issue_specialty_certificate(attempt=attempt, issued_by=None)
    for _ in range(11):
        issue_completion_certificate(holder=UserFactory(roles=[Role.STUDENT]), course=f.course(), issued_by=None)
    assert Certificate.objects.count() == 16
    page, sixteen = _get(client, url, bound, django_assert_max_num_queries)
    assert 'name="revoke"' in page
    assert sixteen == one
    # A specialty certificate links to its specialty and attempt too, read with it.
    specialty_certificate = Certificate.objects.filter(holder=graduate, kind=Certificate.Kind.SPECIALTY).first()
    specialty_url = reverse("admin:accreditation_certificate_change", args=[specialty_certificate.pk])
    page, specialty = _get(client, specialty_url, bound, django_assert_max_num_queries)
    assert str(specialty_certificate.specialty_attempt) in page
    assert specialty == one
