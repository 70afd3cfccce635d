"""Teacher screens (issue 15, item 9): the admin landing counts what waits in the teacher's own
cohorts, each count a link to its list; the review page approves and opens the next submission."""

import pytest
from django.urls import reverse

from courses import services
from courses.models import KpiSubmission
from tests.courses.factories import CohortFactory, enrolled_student, level, student, teacher
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(email=user.email, password=TEST_PASSWORD)


def _pending(cohort, n=1):
    submissions = []
    for _ in range(n):
        enrolment = enrolled_student(cohort)
        submissions.append(
            services.submit_kpi_document(
                enrolment=enrolment,
                requirement=level("private").requirements.first(),
                student=enrolment.student,
                text="Abstract",
            )
        )
    return submissions


def _fill(cohort, n):
    """`n` join requests, `n` pending documents and `n` unanswered questions in the cohort."""
    for submission in _pending(cohort, n):
        enrolment = submission.enrolment
        services.ask_question(enrolment=enrolment, student=enrolment.student, subject="Shares", body="How big?")
        services.request_to_join(cohort=cohort, student=student())


def test_the_teachers_admin_landing_counts_join_requests_documents_and_questions_of_their_cohorts_only(client):
    mine = CohortFactory(teachers=[teacher()], open_for_requests=True)
    other = CohortFactory(teachers=[teacher()], open_for_requests=True)
    _fill(mine, 2)
    _fill(other, 3)
    login(client, mine.teachers.get())
    page = client.get(reverse("admin:index")).content.decode()
    assert "2 join requests" in page
    assert "2 KPI documents to review" in page
    assert "2 unanswered questions" in page
    assert reverse("admin:courses_enrolment_changelist") + "?status__exact=requested" in page
    assert reverse("admin:courses_kpisubmission_changelist") + "?status__exact=pending" in page
    assert reverse("admin:courses_advicequestion_changelist") + "?status__exact=open" in page


def test_each_landing_count_links_to_a_list_of_that_many_rows(client):
    cohort = CohortFactory(teachers=[teacher()], open_for_requests=True)
    _fill(cohort, 2)
    login(client, cohort.teachers.get())
    for name, status in [
        ("admin:courses_enrolment_changelist", "requested"),
        ("admin:courses_kpisubmission_changelist", "pending"),
        ("admin:courses_advicequestion_changelist", "open"),
    ]:
        response = client.get(reverse(name), {"status__exact": status})
        assert response.status_code == 200
        assert response.context["cl"].result_count == 2, name


def test_the_admin_landing_runs_the_same_queries_with_1_and_30_of_each(client, django_assert_max_num_queries):
    cohort = CohortFactory(teachers=[teacher()], open_for_requests=True)
    _fill(cohort, 1)
    login(client, cohort.teachers.get())
    # Session (none when Redis keeps it), user, groups with MFA state, permissions (2), the three counts,
    # the recent actions.
    with django_assert_max_num_queries(10) as one:
        assert client.get(reverse("admin:index")).status_code == 200
    _fill(cohort, 29)
    with django_assert_max_num_queries(10) as thirty:
        assert "30 unanswered questions" in client.get(reverse("admin:index")).content.decode()
    assert len(thirty.captured_queries) == len(one.captured_queries)


def test_approve_and_next_approves_and_opens_the_oldest_pending_submission(client):
    cohort = CohortFactory(teachers=[teacher()])
    first, second = _pending(cohort, 2)
    _pending(CohortFactory(teachers=[teacher()]))  # another cohort's: never offered
    login(client, cohort.teachers.get())
    url = reverse("admin:courses_kpisubmission_change", args=[first.pk])
    assert 'name="_approve_next"' in client.get(url).content.decode()
    response = client.post(url, {"_approve_next": "1", "comment": ""})
    assert response.url == reverse("admin:courses_kpisubmission_change", args=[second.pk])
    first.refresh_from_db()
    assert first.status == KpiSubmission.Status.APPROVED and first.reviewed_by == cohort.teachers.get()
    last = client.post(reverse("admin:courses_kpisubmission_change", args=[second.pk]), {"_approve_next": "1"})
    assert last.url == reverse("admin:courses_kpisubmission_changelist")
    second.refresh_from_db()
    assert second.status == KpiSubmission.Status.APPROVED
