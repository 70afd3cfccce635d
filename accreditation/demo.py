"""Demo data: an exam session with one decision of each kind, signed (final) protocols, a certificate
of completion for a demo graduate and that graduate's specialty certificate, listed in the registry.

The levels before the exam are recorded as passed (demo history: a teacher's review of a month of
work is not replayed here); the graduate's exam broadcast, its confirmed attendance, likes and
subscribers, and every decision, signature and certificate go through the services, so "Accredited"
is recorded only where the records earn it. Idempotent: a second run finds the session and changes
nothing.
"""

import datetime
import io

import segno
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coopportal.users.demo import DEMO_COHORT_REGION, demo_user
from coopportal.users.models import Region
from coopportal.users.roles import Role
from coopportal.users.services import ensure_totp_secret, ensure_user
from courses import selectors as course_selectors
from courses.models import Cohort, CohortLevelDeadline, Level, LevelProgress
from courses.services.enrolment import enrol_student
from courses.services.presentations import (
    confirm_attendance,
    confirm_likes,
    record_presentation,
    report_attendance,
    report_likes,
)
from courses.services.progress import open_level, start_practical_module
from courses.services.subscribers import confirm_by_link, link_signature, subscribe

from .models import Certificate, ExamSession, Specialty
from .services import exams as exam_services
from .services.certificates import set_registry_listing
from .services.specialty import answer_task, apply_for_specialty_exam, score_task, start_attempt

COHORT_NAME = "Almaty exam cohort (demo)"
CANDIDATES = (
    ("graduate", "Түлек — Demo Graduate"),
    ("reexam", "Үміткер — Demo Candidate"),
    ("notaccredited", "Үміткер — Demo Candidate Two"),
)
EXTRA_COMMITTEE = (("committee2", "Demo Committee Member Two"), ("committee3", "Demo Committee Member Three"))


def _exam_cohort(teacher, region):
    course = course_selectors.default_course()
    start = timezone.localdate() - datetime.timedelta(days=20)
    cohort, created = Cohort.objects.get_or_create(
        course=course, name=COHORT_NAME, defaults={"region": region, "start_date": start}
    )
    cohort.teachers.add(teacher)
    if created:
        for level in Level.objects.filter(course=course):
            CohortLevelDeadline.objects.get_or_create(
                cohort=cohort, level=level, defaults={"due_on": start + datetime.timedelta(days=30 * level.order)}
            )
    return cohort


def _at_exam_level(cohort, student, teacher):
    # The association admin enrols the candidates: the cohort takes no join requests.
    enrolment = enrol_student(cohort=cohort, student=student, actor=demo_user("admin"))
    start_practical_module(enrolment=enrolment, actor=teacher, reason="Demo: theory passed earlier.")
    levels = list(Level.objects.filter(course=cohort.course).order_by("order"))
    for previous, level in zip(levels, levels[1:], strict=False):
        LevelProgress.objects.filter(enrolment=enrolment, level=previous).update(
            status=LevelProgress.Status.PASSED, passed_at=timezone.now()
        )
        open_level(enrolment=enrolment, level=level, actor=teacher, reason="Demo: previous levels completed.")
    return enrolment


def _earn_the_exam(enrolment, examiner) -> None:
    """The graduate's exam broadcast: 64 attendees and 132 likes confirmed by an examiner, 12 people
    subscribed (19 %), all through the services."""
    presentation = record_presentation(
        enrolment=enrolment,
        presenter=enrolment.student,
        held_at=timezone.now() - datetime.timedelta(days=2, hours=-1),
        topic="Milk collection cooperative in the aul: why members pay less and sell for more",
        broadcast_url="https://www.instagram.com/coopportal.demo/live/",
    )
    student = enrolment.student
    report_attendance(presentation=presentation, presenter=student, attendance=64, evidence=_demo_image("room"))
    report_likes(
        presentation=presentation,
        presenter=student,
        likes=132,
        url="https://www.instagram.com/p/coopportal-demo-exam/",
        screenshot=_demo_image("likes"),
    )
    confirm_attendance(presentation=presentation, actor=examiner, attendance=64)
    confirm_likes(presentation=presentation, actor=examiner, likes=132)
    for n in range(12):
        signed_up_at = presentation.held_at + datetime.timedelta(minutes=30)
        sign_up = subscribe(
            presentation=presentation,
            name=f"Demo Attendee {n + 1}",
            email=f"attendee{n + 1}@demo.local",
            consent=True,
            ip="127.0.0.1",
            now=signed_up_at,
        )
        confirm_by_link(signed=link_signature(sign_up), now=signed_up_at)  # the attendee opened the emailed link


def _demo_image(name: str) -> SimpleUploadedFile:
    """A small real PNG standing in for the photo of the room and the screenshot of the likes."""
    buffer = io.BytesIO()
    segno.make(f"Coop Portal demo: {name}").save(buffer, kind="png", scale=4)
    return SimpleUploadedFile(f"{name}.png", buffer.getvalue(), content_type="image/png")


def seed(*, password: str, out) -> None:
    if ExamSession.objects.filter(cohort__name=COHORT_NAME).exists():
        out.write(f"Accreditation: demo exam session of “{COHORT_NAME}” already in place.")
        return
    region = Region.objects.get(code=DEMO_COHORT_REGION)
    teacher = demo_user("teacher")
    chair = demo_user("committee")
    members = [chair]
    logins = []
    for key, name in EXTRA_COMMITTEE:
        user, _ = ensure_user(
            email=f"{key}@demo.local", password=password, full_name=name, roles=(Role.EXAM_COMMITTEE,), region=region
        )
        logins.append(f"  {user.email:<28} TOTP secret: {ensure_totp_secret(user)}")
        members.append(user)
    cohort = _exam_cohort(teacher, region)
    enrolments = []
    for key, name in CANDIDATES:
        student, _ = ensure_user(
            email=f"{key}@demo.local", password=password, full_name=name, roles=(Role.STUDENT,), region=region
        )
        logins.append(f"  {student.email}")
        enrolments.append(_at_exam_level(cohort, student, teacher))

    session = exam_services.create_session(
        cohort=cohort,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        broadcast_url="https://www.instagram.com/coopportal.demo/live/",
        committee=members,
        chair=chair,
        candidates=enrolments,
        created_by=chair,
    )
    graduate, reexam, refused = session.candidates.order_by("pk")
    _earn_the_exam(graduate.enrolment, members[1])
    decisions = [
        exam_services.record_decision(candidate=graduate, outcome="accredited", recorded_by=chair),
        exam_services.record_decision(
            candidate=reexam,
            outcome="re_exam",
            errors="Likes under the broadcast: 64, fewer than the 100 required.\n"
            "Subscribers were not recorded per person during the broadcast.",
            recorded_by=chair,
        ),
        exam_services.record_decision(
            candidate=refused,
            outcome="not_accredited",
            reasons="Missed the deadlines of the Teamwork and Publication levels.\n"
            "No presentation with a support group of classmates was held.",
            recorded_by=chair,
        ),
    ]
    for protocol in decisions:
        for member in members[:2]:
            exam_services.sign_protocol(protocol=protocol, member=member)
    completion = exam_services.issue_certificate(protocol=decisions[0], issued_by=chair)

    holder = graduate.enrolment.student
    attempt = apply_for_specialty_exam(candidate=holder, specialty=Specialty.objects.get(code="agent"))
    start_attempt(attempt=attempt, candidate=holder)
    for item in attempt.tasks.select_related("task"):
        answer_task(
            attempt_task=item,
            candidate=holder,
            text=f"{item.task.title}: I would first show the members the charter and the law, then answer in writing.",
        )
    for examiner in members[1:3]:
        for item in attempt.tasks.all():
            score_task(
                attempt_task=item,
                examiner=examiner,
                result="pass",
                comment="Answer is lawful, complete and explained in words the audience understands.",
            )
    specialty = Certificate.objects.get(specialty_attempt=attempt)
    set_registry_listing(certificate=specialty, holder=holder, listed=True)

    out.write(
        f"Accreditation: exam session of “{cohort.name}” (chair {chair.email}) with accredited, re-exam and "
        f"not-accredited protocols; certificates {completion.number} and {specialty.number} for {holder.email}."
    )
    for line in logins:
        out.write(line)
