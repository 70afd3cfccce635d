"""The teachers' review queue: every write shows on the next request, a teacher sees only their own
cohorts' submissions, and the page runs the same queries whatever the queue's length."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coopportal.users.roles import Role
from courses import services
from courses.models import CohortLevelDeadline
from tests.courses.factories import CohortFactory, enrolled_student, level, teacher
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PENDING = reverse("admin:courses_kpisubmission_changelist") + "?status__exact=pending"


def signed_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    assert client.login(email=user.email, password=TEST_PASSWORD)
    return client


def pending_submission(cohort, text="My abstract."):
    enrolment = enrolled_student(cohort)
    requirement = level("private").requirements.first()
    return services.submit_kpi_document(
        enrolment=enrolment, requirement=requirement, student=enrolment.student, text=text
    )


def test_a_new_submission_and_a_review_show_on_the_next_request():
    cohort = CohortFactory(teachers=[teacher()])
    first = pending_submission(cohort)
    client = signed_in(cohort.teachers.first())
    assert str(first.enrolment.student) in client.get(PENDING).content.decode()

    second = pending_submission(cohort)
    assert str(second.enrolment.student) in client.get(PENDING).content.decode()

    services.review_submission(submission=first, reviewer=cohort.teachers.first(), approve=True)
    page = client.get(PENDING).content.decode()
    assert str(first.enrolment.student) not in page
    assert str(second.enrolment.student) in page


def test_another_teacher_never_gets_the_first_teachers_page():
    mine, other = CohortFactory(teachers=[teacher()]), CohortFactory(teachers=[teacher()])
    own = pending_submission(mine)
    foreign = pending_submission(other)
    first = signed_in(mine.teachers.first())
    assert str(own.enrolment.student) in first.get(PENDING).content.decode()

    page = signed_in(other.teachers.first()).get(PENDING).content.decode()
    assert str(foreign.enrolment.student) in page
    assert str(own.enrolment.student) not in page
    assert mine.name not in page


def test_removing_a_teacher_from_a_cohort_takes_its_rows_off_their_next_page():
    cohort = CohortFactory(teachers=[teacher()])
    submission = pending_submission(cohort)
    user = cohort.teachers.first()
    client = signed_in(user)
    assert str(submission.enrolment.student) in client.get(PENDING).content.decode()
    cohort.teachers.remove(user)
    assert str(submission.enrolment.student) not in client.get(PENDING).content.decode()


def test_a_teacher_who_loses_the_role_is_refused_on_the_next_request():
    cohort = CohortFactory(teachers=[teacher()])
    pending_submission(cohort)
    user = cohort.teachers.first()
    client = signed_in(user)
    assert client.get(PENDING).status_code == 200
    user.groups.remove(Group.objects.get(name=Role.TEACHER))
    assert client.get(PENDING).status_code == 403


def test_a_new_deadline_and_a_renamed_student_show_on_the_next_request():
    cohort = CohortFactory(teachers=[teacher()])
    submission = pending_submission(cohort)
    client = signed_in(cohort.teachers.first())
    assert 'class="overdue"' not in client.get(PENDING).content.decode()

    CohortLevelDeadline.objects.create(
        cohort=cohort, level=level("private"), due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert 'class="overdue"' in client.get(PENDING).content.decode()

    type(submission.enrolment.student).objects.filter(pk=submission.enrolment.student_id).update(
        full_name="Renamed Student"
    )
    assert "Renamed Student" in client.get(PENDING).content.decode()


def test_the_page_after_an_action_shows_its_message_once():
    cohort = CohortFactory(teachers=[teacher()])
    submission = pending_submission(cohort)
    client = signed_in(cohort.teachers.first())
    client.get(PENDING)
    client.post(PENDING, {"action": "approve_selected", "_selected_action": [submission.pk]})
    after = client.get(PENDING)
    assert "1 submissions reviewed." in after.content.decode()
    assert "1 submissions reviewed." not in client.get(PENDING).content.decode()


def test_the_queue_runs_the_same_queries_with_1_and_50_submissions(django_assert_max_num_queries):
    cohort = CohortFactory(teachers=[teacher()])
    pending_submission(cohort)
    client = signed_in(cohort.teachers.first())
    # Queries: the session, the user with their roles, the user's and the roles' permissions, the cohort
    # filter's cohorts, the level filter's levels, the count, the page of submissions with student, cohort,
    # level, deadline and level status; 9 at most.
    with django_assert_max_num_queries(9) as one:
        client.get(PENDING)
    for _ in range(49):
        pending_submission(cohort)
    with django_assert_max_num_queries(9) as fifty:
        response = client.get(PENDING)
    assert response.context["cl"].result_count == 50
    assert len(fifty.captured_queries) == len(one.captured_queries)
