"""What a student's pages show: the ladder of levels, one level in detail, their questions."""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, F, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from coopportal.users.models import User

from .. import gates
from ..models import (
    AdviceQuestion,
    AdviceReply,
    Enrolment,
    KpiSubmission,
    Level,
    Presentation,
    PresentationAttendee,
)
from ..models.presentations import TRIAL_RECORDED_WITHIN
from .levels import is_overdue, level_figures, levels_for_enrolment
from .presentations import classmate_requests
from .theory import COURSE_SLUG, default_course, theory_counts, theory_summary, theory_summary_of


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


def _active_enrolments(student):
    return Enrolment.objects.filter(
        student=student, course__slug=COURSE_SLUG, status=Enrolment.Status.ACTIVE
    ).select_related("cohort__region", "course", "current_level")


def active_enrolment(*, student) -> Enrolment | None:
    """The student's active enrolment in the course (1 query)."""
    return _active_enrolments(student).first()


def level_ladder(*, enrolment: Enrolment, today: datetime.date | None = None) -> list[LevelRow]:
    """Every level with its state, KPI evaluation, deadline and overdue flag (3 queries: the levels with
    the student's and the cohort's figures, their requirements with the latest submissions, the
    student's presentations)."""
    today = today or timezone.localdate()
    levels = levels_for_enrolment(enrolment=enrolment)
    figures = level_figures(enrolment=enrolment, levels=levels)
    return [
        LevelRow(
            level=level,
            state=level.own_status or "locked",
            result=gates.evaluate_level(figures[level.id], level.requirements.all()),
            deadline=level.deadline,
            overdue=is_overdue(level.deadline, level.own_passed_at, today),
            passed_at=level.own_passed_at,
            held_back_reason=level.own_held_back_reason or "",
        )
        for level in levels
    ]


def votes_waiting(*, student) -> list[PresentationAttendee]:
    """Trial presentations the student attended and has not voted on yet (1 query)."""
    return list(
        PresentationAttendee.objects.filter(
            classmate=student,
            vote=PresentationAttendee.Vote.PENDING,
            presentation__enrolment__status=Enrolment.Status.ACTIVE,
        ).select_related("presentation__presenter", "presentation__level")
    )


def trials_to_confirm(*, student) -> list[Presentation]:
    """Classmates' trial presentations of the student's active cohorts, recent enough to record, whose
    attendance the student has not confirmed (1 query)."""
    since = timezone.now() - TRIAL_RECORDED_WITHIN
    return list(
        Presentation.objects.filter(
            audience=Presentation.Audience.CLASSMATES,
            held_at__gte=since,
            enrolment__status=Enrolment.Status.ACTIVE,
            enrolment__cohort__enrolments__student=student,
            enrolment__cohort__enrolments__status=Enrolment.Status.ACTIVE,
        )
        .exclude(presenter=student)
        .exclude(attendees__classmate=student)
        .select_related("presenter")
        .order_by("-held_at", "-id")[:20]
    )


def is_active_classmate(*, user, cohort_id: int) -> bool:
    return Enrolment.objects.filter(cohort_id=cohort_id, student_id=user.pk, status=Enrolment.Status.ACTIVE).exists()


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


def question_summaries(*, enrolment: Enrolment) -> list[AdviceQuestion]:
    """The student's questions with the last reply's author and text (`last_reply_author`,
    `last_reply_body`), for the dashboard and the questions page (1 query)."""
    last = AdviceReply.objects.filter(question_id=OuterRef("pk")).order_by("-created_at", "-id")
    author = Coalesce(NullIf(F("author__full_name"), Value("")), F("author__email"), output_field=CharField())
    return list(
        AdviceQuestion.objects.filter(enrolment=enrolment).annotate(
            last_reply_author=Subquery(last.annotate(name=author).values("name")[:1]),
            last_reply_body=Subquery(last.values("body")[:1]),
        )
    )


def student_dashboard(*, student) -> dict:
    """The course dashboard: theory progress, the seven-level ladder with every KPI, deadlines, comments
    and answers.

    Queries when enrolled (10 with the user and their roles): the enrolment with the theory counts;
    trial votes, trials to confirm attending and classmates' requests waiting; the ladder (3); the
    questions; the teachers.
    """
    enrolment = (
        _active_enrolments(student).annotate(**theory_counts(student=student, course=OuterRef("course_id"))).first()
    )
    if enrolment is not None:
        course, theory = enrolment.course, theory_summary_of(enrolment)
    else:
        course = default_course()
        theory = theory_summary(student=student, course_id=course.pk)
    context = {
        "course": course,
        "enrolment": enrolment,
        "theory": theory,
        "votes_waiting": votes_waiting(student=student),
        "trials_to_confirm": trials_to_confirm(student=student),
        "classmate_requests": classmate_requests(student=student),
    }
    if enrolment is not None:
        context["ladder"] = level_ladder(enrolment=enrolment)
        context["questions"] = question_summaries(enrolment=enrolment)
        context["teachers"] = cohort_teachers(enrolment=enrolment)
    return context
