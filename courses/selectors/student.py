"""What a student's pages show: the ladder of levels, one level in detail, their questions."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from coopportal.users.models import User

from .. import gates
from ..models import (
    AdviceQuestion,
    AdviceReply,
    CohortLevelDeadline,
    Enrolment,
    KpiSubmission,
    Level,
    LevelProgress,
    Presentation,
    PresentationAttendee,
)
from .levels import is_overdue, level_figures, levels_with_requirements
from .presentations import classmate_requests
from .theory import COURSE_SLUG, default_course, theory_progress


@dataclass(frozen=True)
class LevelRow:
    level: Level
    state: str  # locked / open / awaiting_cohort / passed / held_back
    result: gates.LevelResult
    deadline: datetime.date | None
    overdue: bool
    passed_at: datetime.datetime | None
    held_back_reason: str

    @property
    def is_current(self) -> bool:
        return self.state in ("open", "awaiting_cohort", "held_back")


def active_enrolment(*, student) -> Enrolment | None:
    """The student's active enrolment in the course (1 query)."""
    return (
        Enrolment.objects.filter(student=student, course__slug=COURSE_SLUG, status=Enrolment.Status.ACTIVE)
        .select_related("cohort__region", "course", "current_level")
        .first()
    )


def level_ladder(*, enrolment: Enrolment, today: datetime.date | None = None) -> list[LevelRow]:
    """Every level with its state, KPI evaluation, deadline and overdue flag (10 queries).

    Queries: levels; their requirements; the gate figures (6); the student's progress; the cohort's deadlines.
    """
    today = today or timezone.localdate()
    levels = levels_with_requirements(course_id=enrolment.course_id)
    figures = level_figures(enrolment=enrolment, levels=levels)
    progress = {p.level_id: p for p in LevelProgress.objects.filter(enrolment=enrolment)}
    deadlines = dict(
        CohortLevelDeadline.objects.filter(cohort_id=enrolment.cohort_id).values_list("level_id", "due_on")
    )
    rows = []
    for level in levels:
        row = progress.get(level.id)
        deadline = deadlines.get(level.id)
        passed_at = row.passed_at if row else None
        rows.append(
            LevelRow(
                level=level,
                state=row.status if row else "locked",
                result=gates.evaluate_level(figures[level.id], level.requirements.all()),
                deadline=deadline,
                overdue=is_overdue(deadline, passed_at, today),
                passed_at=passed_at,
                held_back_reason=row.held_back_reason if row else "",
            )
        )
    return rows


def student_questions(*, enrolment: Enrolment) -> list[AdviceQuestion]:
    """The student's questions with their threads and `last_reply` (2 queries)."""
    questions = list(
        AdviceQuestion.objects.filter(enrolment=enrolment).prefetch_related(
            Prefetch("replies", queryset=AdviceReply.objects.select_related("author"))
        )
    )
    for question in questions:
        replies = question.replies.all()
        question.last_reply = replies[len(replies) - 1] if replies else None
    return questions


def votes_waiting(*, student) -> list[PresentationAttendee]:
    """Trial presentations the student attended and has not voted on yet (1 query)."""
    return list(
        PresentationAttendee.objects.filter(
            classmate=student,
            vote=PresentationAttendee.Vote.PENDING,
            presentation__enrolment__status=Enrolment.Status.ACTIVE,
        ).select_related("presentation__presenter", "presentation__level")
    )


def cohort_teachers(*, enrolment: Enrolment) -> list:
    return list(enrolment.cohort.teachers.order_by("full_name", "email"))


def submission_history(*, enrolment: Enrolment, level: Level) -> dict[int, list[KpiSubmission]]:
    """The student's submissions at the level, newest first, by requirement id (1 query)."""
    history: dict[int, list[KpiSubmission]] = {}
    for sub in KpiSubmission.objects.filter(enrolment=enrolment, requirement__level=level).select_related(
        "reviewed_by"
    ):
        history.setdefault(sub.requirement_id, []).append(sub)
    return history


def trial_presentations(*, enrolment: Enrolment, level: Level) -> list[Presentation]:
    """The student's trial presentations at the level with attendees and votes (2 queries)."""
    return list(
        Presentation.objects.filter(
            enrolment=enrolment, level=level, audience=Presentation.Audience.CLASSMATES
        ).prefetch_related(Prefetch("attendees", queryset=PresentationAttendee.objects.select_related("classmate")))
    )


def classmates(*, enrolment: Enrolment):
    """Active classmates of the cohort, the student excluded (a queryset for forms)."""
    return (
        User.objects.filter(enrolments__cohort_id=enrolment.cohort_id, enrolments__status=Enrolment.Status.ACTIVE)
        .exclude(pk=enrolment.student_id)
        .order_by("full_name", "email")
    )


def student_dashboard(*, student) -> dict:
    """The course dashboard: theory progress, the seven-level ladder with every KPI, deadlines,
    comments and answers."""
    enrolment = active_enrolment(student=student)
    course = enrolment.course if enrolment is not None else default_course()
    context = {
        "course": course,
        "enrolment": enrolment,
        "theory": theory_progress(student=student, course_id=course.pk),
        "votes_waiting": votes_waiting(student=student),
        "classmate_requests": classmate_requests(student=student),
    }
    if enrolment is not None:
        context["ladder"] = level_ladder(enrolment=enrolment)
        context["questions"] = student_questions(enrolment=enrolment)
        context["teachers"] = cohort_teachers(enrolment=enrolment)
    return context
