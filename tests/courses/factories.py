"""Course test data, set up through the services so transitions and audit rows exist."""

import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coopportal.users.roles import Role
from coopportal.users.services import ensure_totp_secret
from courses import services
from courses.models import Cohort, Enrolment, KpiKind, KpiRequirement, Lesson, Level, Quiz
from courses.selectors import default_course
from courses.services.progress import open_level
from courses.services.subscribers import link_signature
from tests.factories import UserFactory, region

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf_upload(name="abstract.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    course = factory.LazyFunction(default_course)
    name = factory.Sequence(lambda n: f"Almaty cohort {n}")
    region = factory.LazyFunction(region)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))

    @factory.post_generation
    def teachers(self, create, extracted, **kwargs):
        if create and extracted:
            self.teachers.set(extracted)


def teacher():
    return UserFactory(roles=[Role.TEACHER], is_staff=True)


def student():
    return UserFactory(roles=[Role.STUDENT])


def level(code: str) -> Level:
    return Level.objects.get(course=default_course(), code=code)


def document_requirements(code: str) -> list[KpiRequirement]:
    return list(level(code).requirements.filter(kind=KpiKind.DOCUMENT))


def read_lessons(user, **filters) -> None:
    """Mark the course's lessons (those matching `filters`) done."""
    for lesson in Lesson.objects.filter(section__course=default_course(), **filters).select_related("section"):
        services.mark_lesson_done(student=user, lesson=lesson)


def pass_theory(user) -> None:
    """Read every lesson and answer every quiz of the course correctly."""
    read_lessons(user)
    for quiz in Quiz.objects.filter(section__course=default_course()).prefetch_related("questions__choices"):
        answers = {q.id: [c.id for c in q.choices.all() if c.is_correct] for q in quiz.questions.all()}
        services.submit_quiz(student=user, quiz=quiz, answers=answers)


def enrolled_student(cohort, *, theory=True, user=None):
    """A student who asked to join, accepted by the cohort's first teacher; with the theory passed, level 1 is
    open. The request is written directly, so any cohort (open for requests or not) can be set up."""
    user = user or student()
    if theory:
        pass_theory(user)
    open_statuses = [Enrolment.Status.REQUESTED, Enrolment.Status.ACTIVE]
    if not Enrolment.objects.filter(cohort=cohort, student=user, status__in=open_statuses).exists():
        Enrolment.objects.create(
            cohort=cohort, course_id=cohort.course_id, student=user, status=Enrolment.Status.REQUESTED
        )
    return services.enrol_student(cohort=cohort, student=user, actor=cohort.teachers.first())


def approve_documents(enrolment, code: str) -> None:
    reviewer = enrolment.cohort.teachers.first()
    for requirement in document_requirements(code):
        submission = services.submit_kpi_document(
            enrolment=enrolment, requirement=requirement, student=enrolment.student, text="My document."
        )
        services.review_submission(submission=submission, reviewer=reviewer, approve=True)


def at_level(cohort, code: str, *, user=None):
    """A student who has passed every level before `code` (cohort gates included only if alone)."""
    enrolment = enrolled_student(cohort, user=user)
    target = level(code)
    for lvl in Level.objects.filter(course=default_course(), order__lt=target.order).order_by("order"):
        approve_documents(enrolment, lvl.code)
        enrolment.refresh_from_db()
    return enrolment


def student_at(cohort, code: str, *, user=None):
    """An enrolled student whose current level is `code`, opened directly (the earlier gates are tested
    elsewhere; presentation tests start at the level they are about)."""
    enrolment = enrolled_student(cohort, user=user)
    open_level(enrolment=enrolment, level=level(code), actor=cohort.teachers.first(), reason="test set-up")
    enrolment.refresh_from_db()
    return enrolment


def trial(enrolment, *, attended_by=(), vote=None, hours_ago=1):
    """A trial presentation before classmates recorded `hours_ago` hours ago; each of `attended_by`
    (enrolments of classmates) confirms attending and, when `vote` is given, votes so."""
    presentation = services.record_trial_presentation(
        enrolment=enrolment,
        presenter=enrolment.student,
        held_at=timezone.now() - datetime.timedelta(hours=hours_ago),
    )
    for classmate in attended_by:
        services.confirm_trial_attendance(presentation=presentation, classmate=classmate.student)
        if vote:
            services.cast_peer_vote(presentation=presentation, voter=classmate.student, vote=vote)
    return presentation


def png_upload(name="room.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def held_presentation(enrolment, *, hours_ago=1, classmate_ids=(), **kwargs):
    """A presentation recorded through the service that started `hours_ago` hours ago."""
    return services.record_presentation(
        enrolment=enrolment,
        presenter=enrolment.student,
        held_at=timezone.now() - datetime.timedelta(hours=hours_ago),
        classmate_ids=classmate_ids,
        **kwargs,
    )


def add_subscribers(presentation, count: int, *, start: int = 0) -> None:
    """`count` distinct people subscribe through the public page's service and confirm by the emailed link."""
    for n in range(start, start + count):
        sign_up = services.subscribe(
            presentation=presentation,
            name=f"Guest {n}",
            email=f"guest{n}@example.org",
            consent=True,
            ip=f"10.0.{n // 250}.{n % 250}",
        )
        services.confirm_by_link(signed=link_signature(sign_up))


def association_admin():
    """An association admin who has set up MFA (privileged pages redirect to the TOTP set-up otherwise)."""
    user = UserFactory(roles=[Role.ASSOCIATION_ADMIN], is_staff=True)
    ensure_totp_secret(user)
    return user
