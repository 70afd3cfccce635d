"""Demo data: a cohort taught by the demo teacher, one student at level 1 with a pending document, one at
level 2, and a presenter at publication whose presentation has a live subscribe page with a few subscribers.
Idempotent: a second run finds everything in place and changes nothing."""

import datetime

from django.utils import timezone

from coopportal.users.demo import DEMO_COHORT_REGION, demo_user
from coopportal.users.models import Region
from coopportal.users.roles import Role
from coopportal.users.services import ensure_user

from . import selectors, services
from .models import (
    Cohort,
    CohortLevelDeadline,
    Enrolment,
    KpiKind,
    KpiSubmission,
    Lesson,
    Level,
    LevelCode,
    Presentation,
    Quiz,
)
from .services.progress import open_level
from .services.subscribers import link_signature

COHORT_NAME = "Almaty demo cohort"


def _pass_theory(student, course) -> None:
    if selectors.theory_passed(student=student, course_id=course.pk):
        return
    for lesson in Lesson.objects.filter(section__course=course).select_related("section"):
        services.mark_lesson_done(student=student, lesson=lesson)
    for quiz in Quiz.objects.filter(section__course=course).prefetch_related("questions__choices"):
        answers = {q.id: [c.id for c in q.choices.all() if c.is_correct] for q in quiz.questions.all()}
        services.submit_quiz(student=student, quiz=quiz, answers=answers)


def _enrol(cohort, student, teacher) -> Enrolment:
    """The demo student asks to join the (open) demo cohort and its teacher accepts."""
    enrolment = selectors.active_enrolment(student=student)
    if enrolment is not None:
        return enrolment
    if not Enrolment.objects.filter(cohort=cohort, student=student, status=Enrolment.Status.REQUESTED).exists():
        services.request_to_join(cohort=cohort, student=student)
    return services.enrol_student(cohort=cohort, student=student, actor=teacher)


def seed(*, password: str, out) -> None:
    course = selectors.default_course()
    teacher = demo_user("teacher")
    start = timezone.localdate() - datetime.timedelta(days=21)
    cohort, created = Cohort.objects.get_or_create(
        course=course,
        name=COHORT_NAME,
        defaults={
            "region": Region.objects.get(code=DEMO_COHORT_REGION),
            "start_date": start,
            "open_for_requests": True,
        },
    )
    cohort.teachers.add(teacher)
    if created:
        for level in Level.objects.filter(course=course):
            CohortLevelDeadline.objects.get_or_create(
                cohort=cohort, level=level, defaults={"due_on": start + datetime.timedelta(days=28 * level.order)}
            )

    first = demo_user("student")
    _pass_theory(first, course)
    enrolment = _enrol(cohort, first, teacher)
    requirement = Level.objects.get(course=course, order=1).requirements.filter(kind=KpiKind.DOCUMENT).first()
    if not KpiSubmission.objects.filter(enrolment=enrolment).exists():
        services.submit_kpi_document(
            enrolment=enrolment,
            requirement=requirement,
            student=first,
            text=(
                "1. Prices for basic goods in our district are high because every family buys alone.\n"
                "2. A consumer cooperative buys in bulk for its members and shares the saving.\n"
                "3. Members vote equally, see the accounts and elect an audit commission.\n"
                "4. Shares are paid into the cooperative's account and returned on leaving."
            ),
        )

    second = demo_user("student2")
    _pass_theory(second, course)
    enrolment = _enrol(cohort, second, teacher)
    if enrolment.current_level and enrolment.current_level.order == 1:
        for requirement in enrolment.current_level.requirements.filter(kind=KpiKind.DOCUMENT):
            submission = KpiSubmission.objects.filter(
                enrolment=enrolment, requirement=requirement, status=KpiSubmission.Status.PENDING
            ).first() or services.submit_kpi_document(
                enrolment=enrolment, requirement=requirement, student=second, text=requirement.label
            )
            services.review_submission(submission=submission, reviewer=teacher, approve=True)
    presentation = _presenter(cohort, course, teacher, password)
    out.write(f"Courses: cohort “{cohort.name}” taught by {teacher.email}; student@ at level 1, student2@ at level 2.")
    out.write(f"  presenter@demo.local at publication; public subscribe page: /learn/s/{presentation.subscribe_token}/")


DEMO_GUESTS = ("Demo Guest One", "Demo Guest Two", "Demo Guest Three", "Demo Guest Four", "Demo Guest Five")


def _presenter(cohort, course, teacher, password) -> Presentation:
    """A student at publication with a presentation held half an hour ago and five subscribers."""
    user, _ = ensure_user(
        email="presenter@demo.local",
        password=password,
        full_name="Demo Presenter",
        roles=(Role.STUDENT,),
        region=cohort.region,
    )
    _pass_theory(user, course)
    enrolment = _enrol(cohort, user, teacher)
    if (
        enrolment.current_level.code != LevelCode.PUBLICATION
        and not Presentation.objects.filter(enrolment=enrolment).exists()
    ):
        for level in Level.objects.filter(course=course, order__gt=enrolment.current_level.order).order_by("order"):
            open_level(enrolment=enrolment, level=level, actor=teacher, reason="Demo: earlier levels completed.")
            if level.code == LevelCode.PUBLICATION:
                break
    presentation = Presentation.objects.filter(enrolment=enrolment).first()
    if presentation is None:
        presentation = services.record_presentation(
            enrolment=enrolment,
            presenter=user,
            held_at=timezone.now() - datetime.timedelta(minutes=30),
            topic="A consumer cooperative for our district",
            place="Community hall, Almaty",
            hours_open_after=168,
        )
        for n, name in enumerate(DEMO_GUESTS, start=1):
            sign_up = services.subscribe(
                presentation=presentation, name=name, email=f"guest{n}@demo.local", consent=True, ip="127.0.0.1"
            )
            services.confirm_by_link(signed=link_signature(sign_up))  # the guest opened the emailed link
    return presentation
