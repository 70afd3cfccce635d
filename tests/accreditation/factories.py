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


def exam_enrolment(*, cohort: Cohort, student=None, full_name: str = "", earned: bool = True) -> Enrolment:
    """A student of the cohort who has reached the exam level; `earned`: every earlier level passed and
    the exam broadcast's KPIs met from confirmed records, so "Accredited" may be recorded."""
    student = student or UserFactory(
        roles=[Role.STUDENT], region=cohort.region, **({"full_name": full_name} if full_name else {})
    )
    exam = Level.objects.get(course=cohort.course, code=LevelCode.EXAM)
    enrolment = Enrolment.objects.create(cohort=cohort, course=cohort.course, student=student, current_level=exam)
    if earned:
        pass_earlier_levels(enrolment)
    LevelProgress.objects.create(enrolment=enrolment, level=exam, opened_at=timezone.now())
    if earned:
        earn_exam_kpis(enrolment)
    return enrolment


def pass_earlier_levels(enrolment) -> None:
    """The levels before the exam recorded as passed (their own gates are tested in tests/courses)."""
    now = timezone.now()
    exam = Level.objects.get(course=enrolment.course, code=LevelCode.EXAM)
    for level in Level.objects.filter(course=enrolment.course, order__lt=exam.order):
        LevelProgress.objects.create(
            enrolment=enrolment, level=level, status=LevelProgress.Status.PASSED, opened_at=now, passed_at=now
        )


def earn_exam_kpis(enrolment, *, attendance: int = 50, likes: int = 100, subscribers: int = 8):
    """The exam broadcast recorded, its attendance and likes reported with evidence and confirmed by an
    association admin (before any session exists, so no committee member may yet), and `subscribers`
    people subscribed (8 of 50 is 16 %), all through the services."""
    from courses import services as course_services
    from tests.courses.factories import add_subscribers, held_presentation, png_upload

    presentation = held_presentation(enrolment, broadcast_url="https://www.instagram.com/live/coop-exam")
    presenter = enrolment.student
    course_services.report_attendance(
        presentation=presentation, presenter=presenter, attendance=attendance, evidence=png_upload()
    )
    course_services.report_likes(
        presentation=presentation,
        presenter=presenter,
        likes=likes,
        url="https://www.instagram.com/p/coop-exam",
        screenshot=png_upload("likes.png"),
    )
    examiner = UserFactory(roles=[Role.ASSOCIATION_ADMIN])
    course_services.confirm_attendance(presentation=presentation, actor=examiner, attendance=attendance)
    course_services.confirm_likes(presentation=presentation, actor=examiner, likes=likes)
    add_subscribers(presentation, subscribers, start=enrolment.pk * 1000)  # people of their own
    return presentation


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


def accredited_session(n: int):
    """An exam session of `n` candidates who earned the exam, each accredited on a protocol signed by a
    majority with the chair (certificates not issued yet). Returns the session and its committee, the
    chair first."""
    own = cohort(f"Cohort of {n} ({Cohort.objects.count() + 1})")
    members = committee()
    exam_session = session(cohort=own, candidates=[exam_enrolment(cohort=own) for _ in range(n)], members=members)
    for candidate in exam_session.candidates.order_by("pk"):
        finalised(
            exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=members[0]),
            members,
        )
    return exam_session, members


def finalised(protocol, members):
    """Chair and one more member sign: a majority of three with the chair."""
    for member in members[:2]:
        exam_services.sign_protocol(protocol=protocol, member=member)
    protocol.refresh_from_db()
    return protocol


def association_admin():
    return UserFactory(roles=[Role.ASSOCIATION_ADMIN], full_name="Association Admin")


def session_graduate(*, full_name: str = "", members: list | None = None):
    """A holder of a certificate of completion earned at an exam session: accredited, the protocol signed by
    the chair and a majority, the certificate issued. Returns the holder and the session's committee."""
    own = cohort(f"Graduates' cohort {Cohort.objects.count() + 1}")
    enrolment = exam_enrolment(cohort=own, full_name=full_name)
    members = members or committee()
    exam_session = session(cohort=own, candidates=[enrolment], members=members)
    protocol = exam_services.record_decision(
        candidate=exam_session.candidates.get(), outcome="accredited", recorded_by=members[0]
    )
    finalised(protocol, members)
    exam_services.issue_certificate(protocol=protocol, issued_by=members[0])
    return enrolment.student, members


def answer_every_task(attempt, text: str = "I would explain the members' rights under the charter first.") -> None:
    """The candidate starts the attempt and answers its three tasks."""
    from accreditation.services.specialty import answer_task, start_attempt

    start_attempt(attempt=attempt, candidate=attempt.candidate)
    for item in attempt.tasks.all():
        answer_task(attempt_task=item, candidate=attempt.candidate, text=text)


def score_every_task(attempt, examiners, *, result: str = "pass", comment: str = "Lawful and clear") -> None:
    from accreditation.services.specialty import score_task

    for examiner in examiners:
        for item in attempt.tasks.all():
            score_task(attempt_task=item, examiner=examiner, result=result, comment=comment)
