"""Test data for accreditation, set up through the services so audit rows exist."""

import datetime

from django.utils import timezone

from accreditation.services import exams as exam_services
from coopportal.users.roles import Role
from courses.models import Cohort, Course, Enrolment, Level, LevelCode, LevelProgress
from tests.factories import UserFactory, region


def course() -> Course:
    return Course.objects.get(slug="cooperative-entrepreneurship")


def cohort(name: str = "Almaty spring cohort") -> Cohort:
    return Cohort.objects.create(
        course=course(), name=name, region=region("kz-almaty"), start_date=datetime.date(2026, 3, 2)
    )


def exam_enrolment(*, cohort: Cohort, student=None, full_name: str = "") -> Enrolment:
    """A student of the cohort who has reached the exam level."""
    student = student or UserFactory(
        roles=[Role.STUDENT], region=cohort.region, **({"full_name": full_name} if full_name else {})
    )
    exam = Level.objects.get(course=cohort.course, code=LevelCode.EXAM)
    enrolment = Enrolment.objects.create(cohort=cohort, course=cohort.course, student=student, current_level=exam)
    LevelProgress.objects.create(enrolment=enrolment, level=exam, opened_at=timezone.now())
    return enrolment


def committee(n: int = 3) -> list:
    return [UserFactory(roles=[Role.EXAM_COMMITTEE], full_name=f"Examiner {i + 1}") for i in range(n)]


def session(*, cohort: Cohort, candidates: list, members: list | None = None, max_attempts: int | None = None):
    members = members or committee()
    return exam_services.create_session(
        cohort=cohort,
        starts_at=timezone.now(),
        broadcast_url="https://www.instagram.com/live/coop-exam",
        committee=members,
        chair=members[0],
        candidates=candidates,
        created_by=members[0],
        max_attempts=max_attempts,
    )


def finalised(protocol, members):
    """Chair and one more member sign: a majority of three with the chair."""
    for member in members[:2]:
        exam_services.sign_protocol(protocol=protocol, member=member)
    protocol.refresh_from_db()
    return protocol
