"""The teachers' review queue is cached per teacher: every committed write it shows is on the next request,
no teacher ever gets another's page, and the cached page's action form works for whoever requests it.

These tests commit (`transaction=True`): the queue is only cached outside a transaction, because the
database raises its version when a change commits (courses migration 0006).
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coopportal.users.roles import Role
from courses import services
from courses.models import CohortLevelDeadline, KpiSubmission
from tests.conftest import USING_REDIS, requires_postgres
from tests.courses.factories import CohortFactory, enrolled_student, level, teacher
from tests.factories import TEST_PASSWORD

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]

PENDING = reverse("admin:courses_kpisubmission_changelist") + "?status__exact=pending"
# A page served from the cache: the session (unless Redis keeps it), the user, the user's roles and the
# review queue version.
CACHED_PAGE_QUERIES = 3 if USING_REDIS else 4


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


def is_cached(response) -> bool:
    return response.context is None  # a kept page is sent as it is; no template is rendered


def test_a_new_submission_and_a_review_show_on_the_next_request(django_assert_max_num_queries):
    cohort = CohortFactory(teachers=[teacher()])
    first = pending_submission(cohort)
    client = signed_in(cohort.teachers.first())
    assert str(first.enrolment.student) in client.get(PENDING).content.decode()
    with django_assert_max_num_queries(CACHED_PAGE_QUERIES):
        again = client.get(PENDING)
    assert is_cached(again) and str(first.enrolment.student) in again.content.decode()

    second = pending_submission(cohort)
    page = client.get(PENDING)
    assert not is_cached(page)
    assert str(second.enrolment.student) in page.content.decode()

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
    assert is_cached(first.get(PENDING))

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


def test_a_new_deadline_and_a_renamed_student_by_plain_sql_show_on_the_next_request():
    cohort = CohortFactory(teachers=[teacher()])
    submission = pending_submission(cohort)
    client = signed_in(cohort.teachers.first())
    assert 'class="overdue"' not in client.get(PENDING).content.decode()

    CohortLevelDeadline.objects.create(
        cohort=cohort, level=level("private"), due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert 'class="overdue"' in client.get(PENDING).content.decode()

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE users_user SET full_name = %s WHERE id = %s", ["Renamed Student", submission.enrolment.student_id]
        )
    assert "Renamed Student" in client.get(PENDING).content.decode()


def test_the_cached_pages_action_form_carries_the_requesting_users_own_csrf_token():
    cohort = CohortFactory(teachers=[teacher()])
    submission = pending_submission(cohort)
    user = cohort.teachers.first()
    signed_in(user).get(PENDING)  # kept, rendered for another session of the same teacher

    client = signed_in(user, enforce_csrf_checks=True)
    page = client.get(PENDING)
    assert is_cached(page)
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()))
    assert len(tokens) == 1
    response = client.post(
        PENDING,
        {"action": "approve_selected", "_selected_action": [submission.pk], "csrfmiddlewaretoken": tokens.pop()},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == KpiSubmission.Status.APPROVED


def test_the_page_after_an_action_shows_its_message_and_is_not_kept():
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
    # Rendered: session (none with Redis), user, roles, the version, the user's and the roles' permissions,
    # the cohort filter's cohorts, the level filter's levels, the count, the page of submissions with
    # student, cohort, level, deadline and level status; 10 at most. Kept: session, user, roles, version.
    with django_assert_max_num_queries(10) as one:
        assert not is_cached(client.get(PENDING))
    with django_assert_max_num_queries(CACHED_PAGE_QUERIES):
        assert is_cached(client.get(PENDING))
    for _ in range(49):
        pending_submission(cohort)
    with django_assert_max_num_queries(10) as fifty:
        response = client.get(PENDING)
    assert response.context["cl"].result_count == 50
    assert len(fifty.captured_queries) == len(one.captured_queries)
    with django_assert_max_num_queries(CACHED_PAGE_QUERIES):
        assert is_cached(client.get(PENDING))
