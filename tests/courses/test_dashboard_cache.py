"""The cached student dashboard: a write shows on the next request whoever makes it (a service, the ORM as the
admin does, plain SQL), no student ever sees another's page, and a cached page costs one query of its own."""

import datetime
import re
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import CohortLevelClosure, CohortLevelDeadline, Enrolment, Level, PresentationClassmate
from courses.services.pages import compact_student_page_changes
from tests.conftest import requires_postgres
from tests.courses.factories import (
    CohortFactory,
    enrolled_student,
    held_presentation,
    level,
    student_at,
    teacher,
)
from tests.factories import TEST_PASSWORD

# The page versions are PostgreSQL triggers; pages are kept only outside a transaction, so these tests commit.
pytestmark = [pytest.mark.django_db(transaction=True), requires_postgres]


def signed_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    assert client.login(email=user.email, password=TEST_PASSWORD)
    return client


def dashboard(client) -> str:
    response = client.get(reverse("courses:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def without_csrf_tokens(page: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", page)


@pytest.fixture
def cohort():
    return CohortFactory(teachers=[teacher()])


def test_a_cached_dashboard_runs_one_query_of_its_own_with_1_and_50_classmates(cohort, django_assert_max_num_queries):
    enrolment = enrolled_student(cohort)
    client = signed_in(enrolment.student)
    dashboard(client)  # fills the cache
    # Queries: session (none when Redis caches it), the user with their roles; the page versions: 3 at most.
    with django_assert_max_num_queries(3) as one:
        first = dashboard(client)
    for _ in range(49):
        enrolled_student(cohort, theory=False)
    dashboard(client)  # the new classmates changed the cohort figures: built afresh once
    with django_assert_max_num_queries(3) as fifty:
        again = dashboard(client)
    assert len(fifty.captured_queries) == len(one.captured_queries)
    assert "Private" in first and "Private" in again


def test_a_students_own_submission_shows_on_the_next_request(cohort):
    enrolment = enrolled_student(cohort)
    client = signed_in(enrolment.student)
    assert "waiting for teacher review" not in dashboard(client)
    requirement = level("private").requirements.first()
    services.submit_kpi_document(enrolment=enrolment, requirement=requirement, student=enrolment.student, text="x")
    assert "waiting for teacher review" in dashboard(client)


def test_a_teachers_review_and_reply_show_on_the_next_request(cohort):
    enrolment = enrolled_student(cohort)
    client = signed_in(enrolment.student)
    requirement = level("private").requirements.first()
    submission = services.submit_kpi_document(
        enrolment=enrolment, requirement=requirement, student=enrolment.student, text="x"
    )
    question = services.ask_question(enrolment=enrolment, student=enrolment.student, subject="Shares", body="How?")
    dashboard(client)
    services.review_submission(
        submission=submission, reviewer=cohort.teachers.first(), approve=False, comment="Add the budget table"
    )
    services.reply_to_question(question=question, author=cohort.teachers.first(), body="Ten shares each")
    page = dashboard(client)
    assert "Add the budget table" in page
    assert "Ten shares each" in page


def test_a_deadline_set_through_the_orm_and_a_name_changed_in_sql_show_on_the_next_request(cohort):
    enrolment = enrolled_student(cohort)
    client = signed_in(enrolment.student)
    assert "Deadline:" not in dashboard(client)
    CohortLevelDeadline.objects.create(cohort=cohort, level=level("private"), due_on=datetime.date(2030, 5, 17))
    assert "Deadline:" in dashboard(client)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE users_user SET full_name = 'Renamed Teacher' WHERE id = %s", [cohort.teachers.get().pk])
        cursor.execute("UPDATE courses_level SET name = 'Level renamed in SQL' WHERE code = 'associates'")
    page = dashboard(client)
    assert "Renamed Teacher" in page
    assert "Level renamed in SQL" in page


def test_a_classmate_leaving_and_a_cohort_closure_show_on_the_next_request(cohort):
    enrolment = enrolled_student(cohort)
    classmate = enrolled_student(cohort)
    client = signed_in(enrolment.student)
    assert "0 of 2 active students have met the KPIs" in dashboard(client)
    Enrolment.objects.filter(pk=classmate.pk).update(status=Enrolment.Status.WITHDRAWN)
    assert "0 of 1 active students have met the KPIs" in dashboard(client)
    CohortLevelClosure.objects.create(
        cohort=cohort, level=level("associates"), closed_by=cohort.teachers.get(), closed_at=timezone.now()
    )
    assert "a teacher closed this level for the cohort" in dashboard(client)


def test_a_presentation_counts_as_held_once_its_time_has_come(cohort):
    enrolment = student_at(cohort, "familiar")
    client = signed_in(enrolment.student)
    held_presentation(enrolment, hours_ago=-2 / 3600)  # held two seconds from now
    assert "0 presentations held of 1 needed" in dashboard(client)
    time.sleep(2.5)
    assert "1 presentations held of 1 needed" in dashboard(client)


def test_an_open_level_turns_overdue_the_day_after_its_deadline(cohort, monkeypatch):
    enrolment = enrolled_student(cohort)
    CohortLevelDeadline.objects.create(cohort=cohort, level=level("private"), due_on=timezone.localdate())
    client = signed_in(enrolment.student)
    assert "deadline missed" not in dashboard(client)
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    assert "deadline missed" in dashboard(client)


def test_one_student_never_sees_anothers_cached_dashboard(cohort):
    mine, theirs = enrolled_student(cohort), enrolled_student(cohort)
    services.ask_question(enrolment=mine, student=mine.student, subject="My own question", body="?")
    services.ask_question(enrolment=theirs, student=theirs.student, subject="Their question", body="?")
    my_page = dashboard(signed_in(mine.student))
    their_page = dashboard(signed_in(theirs.student))
    assert "My own question" in my_page and "Their question" not in my_page
    assert "Their question" in their_page and "My own question" not in their_page


def test_the_forms_of_a_cached_page_carry_the_readers_own_csrf_token(cohort):
    presenter = student_at(cohort, "teamwork")
    classmate = student_at(cohort, "teamwork")
    held_presentation(presenter, classmate_ids=[classmate.student_id])
    named = PresentationClassmate.objects.get(classmate=classmate.student)
    dashboard(signed_in(classmate.student))  # another session fills the cache
    browser = signed_in(classmate.student, enforce_csrf_checks=True)
    page = dashboard(browser)
    assert "csrf-token-of-the-request" not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = browser.post(
        reverse("courses:classmate_answer", args=[named.pk]), {"answer": "confirm", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    named.refresh_from_db()
    assert named.status == PresentationClassmate.Status.CONFIRMED


def test_folding_the_page_versions_keeps_the_cached_page(cohort, django_assert_max_num_queries):
    enrolment = enrolled_student(cohort)
    client = signed_in(enrolment.student)
    for name in ("One", "Two", "Three"):
        Level.objects.filter(code="exam").update(name=name)
    page = dashboard(client)
    assert compact_student_page_changes() >= 1
    # Queries: session (none when Redis caches it), user, roles, the page versions: answered from the cache.
    with django_assert_max_num_queries(4):
        assert without_csrf_tokens(dashboard(client)) == without_csrf_tokens(page)


def test_the_exam_committees_final_protocol_shows_on_the_next_request():
    from accreditation.services import exams as exam_services
    from tests.accreditation import factories as accreditation

    cohort = accreditation.cohort()
    enrolment = accreditation.exam_enrolment(cohort=cohort)
    held_presentation(enrolment, broadcast_url="https://live.example.org/exam")
    members = accreditation.committee(3)
    session = accreditation.session(cohort=cohort, candidates=[enrolment], members=members)
    client = signed_in(enrolment.student)
    assert "waiting for the exam committee" in dashboard(client)  # kept now
    protocol = exam_services.record_decision(
        candidate=session.candidates.get(), outcome="not_accredited", recorded_by=members[0], reasons=["No plan"]
    )
    accreditation.finalised(protocol, members)
    page = dashboard(client)
    assert "did not accredit the candidate" in page and "waiting for the exam committee" not in page
