"""How we test here: a file to read before writing your first test.

1. Personas, not anonymous rows. A rule is about who may act: the student, their classmate, the
   teacher of the cohort, a teacher of another cohort, an outsider. Name them.
2. Set up state through the services, as the portal does, so the audit rows, the on-commit tasks
   and the rules themselves run. `Model.objects.create` skips all of that.
3. Count queries with `django_assert_num_queries(N)` and a comment naming each query; run it at two
   data sizes, so a query per row shows as a failure, not as a slow page in production.
4. Side effects run on commit. `django_capture_on_commit_callbacks(execute=True)` runs them; a test
   that never commits never sees them.
5. Tasks are idempotent: run one twice and assert one result.
6. Name the test as the rule it proves, boundary included.
"""

import pytest
from django.core import mail
from django.urls import reverse

from accreditation.models import Document
from accreditation.services.certificates import issue_completion_certificate
from accreditation.tasks import render_document
from coopportal.users.roles import Role
from courses import services
from courses.exceptions import NotAllowed
from courses.models import KpiSubmission
from tests.accreditation.factories import course as the_course
from tests.courses.factories import CohortFactory, enrolled_student, level, teacher
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return CohortFactory(teachers=[teacher()])


@pytest.fixture
def submission(cohort):
    """A student of the cohort hands in their level-1 abstract, through the service."""
    enrolment = enrolled_student(cohort)
    requirement = level("private").requirements.first()
    return services.submit_kpi_document(
        enrolment=enrolment, requirement=requirement, student=enrolment.student, text="My abstract."
    )


def test_the_cohorts_teacher_approves_a_submission(cohort, submission):
    reviewed = services.review_submission(submission=submission, reviewer=cohort.teachers.first(), approve=True)
    assert reviewed.status == KpiSubmission.Status.APPROVED


def test_a_teacher_of_another_cohort_is_refused_and_nothing_changes(submission):
    outsider = CohortFactory(teachers=[teacher()]).teachers.first()
    with pytest.raises(NotAllowed):
        services.review_submission(submission=submission, reviewer=outsider, approve=True)
    submission.refresh_from_db()
    assert submission.status == KpiSubmission.Status.PENDING


def test_the_review_queue_runs_the_same_queries_with_1_and_20_submissions(
    client, cohort, submission, django_assert_num_queries
):
    client.login(email=cohort.teachers.first().email, password=TEST_PASSWORD)
    url = reverse("admin:courses_kpisubmission_changelist")
    client.get(url)  # the first request also writes the session's login; count a steady one

    def queue_queries() -> int:
        with django_assert_num_queries(9, exact=False) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    # At most 9: the session, the user with their roles and MFA state,
    # the user's and the roles' permissions, the cohort and level filters' choices, the row count and
    # the page of submissions with student, cohort, level, deadline and level status.
    one = queue_queries()
    for _ in range(19):
        enrolment = enrolled_student(cohort)
        services.submit_kpi_document(
            enrolment=enrolment,
            requirement=level("private").requirements.first(),
            student=enrolment.student,
            text="Another abstract.",
        )
    assert queue_queries() == one


def test_the_certificate_task_run_twice_makes_one_document_and_one_email(django_capture_on_commit_callbacks):
    holder = UserFactory(roles=[Role.STUDENT], full_name="Aigerim Example")
    # The service enqueues the render on commit; the callbacks run it (eagerly, in process).
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        issue_completion_certificate(holder=holder, course=the_course(), issued_by=None)
    assert len(callbacks) == 2  # the render, then the send of the email it wrote to the outbox
    document = Document.objects.get(kind=Document.Kind.COMPLETION_CERTIFICATE)
    assert document.state == Document.State.READY
    # A duplicate message (a redelivery, the sweeper) finds the document ready and changes nothing.
    assert render_document.apply(args=[document.pk]).get() == "ready"
    assert Document.objects.filter(kind=Document.Kind.COMPLETION_CERTIFICATE).count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [holder.email]
