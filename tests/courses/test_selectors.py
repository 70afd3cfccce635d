"""Reads that accreditation relies on: level reports, deadline records and exam candidates."""

import datetime

import pytest
from django.utils import timezone

from courses import selectors, services
from courses.models import CohortLevelDeadline
from courses.services.progress import open_level
from tests.courses.factories import CohortFactory, approve_documents, enrolled_student, level, teacher

pytestmark = pytest.mark.django_db


def test_level_report_explains_every_kpi_in_words():
    enrolment = enrolled_student(CohortFactory(teachers=[teacher()]))
    requirements = list(level("private").requirements.all())
    services.submit_kpi_document(enrolment=enrolment, requirement=requirements[0], student=enrolment.student, text="x")
    report = selectors.level_report(enrolment=enrolment, level_code="private")
    assert not report.passed
    assert [k.reason for k in report.kpis] == ["waiting for teacher review", "not submitted yet", "not submitted yet"]


def test_presentation_kpis_of_levels_3_to_7_list_as_no_presentation_recorded():
    enrolment = enrolled_student(CohortFactory(teachers=[teacher()]))
    for code in ("close", "familiar", "teamwork", "publication", "exam"):
        report = selectors.level_report(enrolment=enrolment, level_code=code)
        presentation_kpis = [k for k in report.kpis if k.kind not in ("document", "cohort_complete")]
        assert presentation_kpis, code
        assert all(k.reason == "no presentation recorded" and not k.met for k in presentation_kpis)


def test_a_missed_deadline_marks_the_student_overdue_until_passed_on_time():
    cohort = CohortFactory(teachers=[teacher()])
    on_time, late = enrolled_student(cohort), enrolled_student(cohort)
    today = timezone.localdate()
    CohortLevelDeadline.objects.create(cohort=cohort, level=level("private"), due_on=today)
    approve_documents(on_time, "private")
    assert not selectors.deadline_record(enrolment=on_time, today=today)[0].overdue
    row = selectors.deadline_record(enrolment=late, today=today + datetime.timedelta(days=1))[0]
    assert (row.level_code, row.deadline, row.passed_at, row.overdue) == ("private", today, None, True)
    # Passing after the deadline still counts as a missed deadline.
    CohortLevelDeadline.objects.filter(cohort=cohort).update(due_on=today - datetime.timedelta(days=1))
    approve_documents(late, "private")
    assert selectors.deadline_record(enrolment=late, today=today)[0].overdue


def test_exam_candidates_are_the_students_who_reached_the_exam_level():
    cohort = CohortFactory(teachers=[teacher()])
    below, candidate = enrolled_student(cohort), enrolled_student(cohort)
    # Levels 3-6 need presentation figures (recorded by the presentations work); open the exam level directly.
    open_level(enrolment=candidate, level=level("exam"), actor=cohort.teachers.first(), reason="test")
    assert list(selectors.exam_candidates(cohort=cohort)) == [candidate]
    assert below not in selectors.exam_candidates(cohort=cohort)
