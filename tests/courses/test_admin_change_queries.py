"""The admin's review page of a KPI submission runs a bounded number of queries, the same however many
previous submissions of the student it lists.

Personas: a student of the cohort who hands in their documents, the cohort's teacher who reviews them."""

import pytest
from django.urls import reverse

from courses import services
from tests.conftest import SESSION_QUERIES
from tests.courses.factories import CohortFactory, document_requirements, enrolled_student, teacher
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_the_review_page_runs_the_same_queries_with_1_and_12_previous_submissions(
    client, django_assert_max_num_queries
):
    cohort = CohortFactory(teachers=[teacher()])
    reviewer = cohort.teachers.first()
    enrolment = enrolled_student(cohort)
    first, other, *_ = document_requirements("private")

    def submit(requirement, text):
        return services.submit_kpi_document(
            enrolment=enrolment, requirement=requirement, student=enrolment.student, text=text
        )

    def returned(requirement, n):
        submission = submit(requirement, f"Version {n}")
        services.review_submission(submission=submission, reviewer=reviewer, approve=False, comment=f"Rework {n}.")

    returned(first, 1)
    pending = submit(first, "The version to review")
    assert client.login(email=reviewer.email, password=TEST_PASSWORD)
    url = reverse("admin:courses_kpisubmission_change", args=[pending.pk])
    client.get(url)  # the first request also writes the session's login; count a steady one

    def page_queries() -> tuple[str, int]:
        # Queries: the session; the user with their roles and MFA state; the submission in the teacher's
        # scope with student, cohort, level, reviewer, deadline and level status; the user's and the roles'
        # permissions; the student's previous submissions with their KPI and level.
        with django_assert_max_num_queries(SESSION_QUERIES + 5) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return response.content.decode(), len(captured.captured_queries)

    page, one = page_queries()
    assert page.count("Rework ") == 1
    # Another KPI's document returned ten times, then approved: 12 previous submissions in all.
    for n in range(2, 12):
        returned(other, n)
    services.review_submission(submission=submit(other, "Final version"), reviewer=reviewer, approve=True)
    page, twelve = page_queries()
    assert page.count("Rework ") == 11 and "Approved" in page
    assert twelve == one
