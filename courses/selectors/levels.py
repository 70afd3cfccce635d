"""Gate figures, level reports, deadlines and exam candidates."""

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Lower
from django.utils import timezone, translation

from coopportal.queries import count_of
from coopportal.translated import texts_by_language

from .. import gates
from ..models import (
    Cohort,
    CohortLevelClosure,
    CohortLevelDeadline,
    Enrolment,
    Invitee,
    KpiRequirement,
    KpiSubmission,
    Level,
    LevelCode,
    LevelProgress,
    Presentation,
    PresentationAttendee,
    PresentationClassmate,
    PresentationResult,
    PresentationSubscription,
)


def records_count(model, **filters):
    """A correlated subquery counting `model` rows of the outer presentation (0 when none)."""
    return count_of(model.objects.filter(presentation_id=OuterRef("pk"), **filters))


def cohort_student_subscriber():
    """On a subscription: whether the subscriber is a student of the presenter's cohort (by email;
    subscribers' emails are stored lower-cased)."""
    return Exists(
        Enrolment.objects.annotate(student_email=Lower("student__email")).filter(
            cohort_id=OuterRef("presentation__enrolment__cohort_id"), student_email=OuterRef("subscriber__email")
        )
    )


def counted_subscriptions() -> QuerySet[PresentationSubscription]:
    """Subscriptions that count toward the subscriber ratio: the contact confirmed, not unsubscribed, not
    a student of the presenter's cohort."""
    return PresentationSubscription.objects.filter(
        confirmed_at__isnull=False, subscriber__unsubscribed_at__isnull=True
    ).exclude(cohort_student_subscriber())


def counted_subscribers():
    """A correlated subquery: the outer presentation's counted subscribers."""
    return count_of(counted_subscriptions().filter(presentation_id=OuterRef("pk")))


def with_presentation_counts(queryset: QuerySet[Presentation]) -> QuerySet[Presentation]:
    """Counts of records per presentation: subscribers, confirmed support, results, observers' answers;
    and the exam committee's final decision on the presenter."""
    named = PresentationClassmate
    return queryset.annotate(
        committee_decision=F("enrolment__committee_outcome"),
        subscriber_count=counted_subscribers(),
        support_confirmed=records_count(named, role=named.Role.SUPPORT, status=named.Status.CONFIRMED),
        support_named=records_count(named, role=named.Role.SUPPORT),
        observers_pending=records_count(named, role=named.Role.OBSERVER, status=named.Status.PENDING),
        observers_declined=records_count(named, role=named.Role.OBSERVER, status=named.Status.DECLINED),
        results_count=records_count(PresentationResult),
    )


def presentation_figure(p: Presentation, now: datetime.datetime) -> gates.PresentationFigure:
    """The gate figure of a presentation annotated by `with_presentation_counts`."""
    if p.support_named or p.observers_declined:
        observers_only = False
    elif p.observers_pending:
        observers_only = None
    else:
        observers_only = True
    return gates.PresentationFigure(
        presentation_id=p.id,
        held=p.held_at <= now,
        attendance=p.attendance_confirmed,
        attendance_reported=p.attendance_reported,
        subscribers=p.subscriber_count,
        likes=p.likes_confirmed,
        likes_reported=p.likes_reported,
        support_confirmed=p.support_confirmed,
        results_recorded=p.results_count,
        observers_only=observers_only,
        committee_decision=p.committee_decision,
    )


def levels_for_enrolment(*, enrolment: Enrolment, level_code: str | None = None) -> list[Level]:
    """The course's levels in order (or the one level), each annotated with the student's and the
    cohort's figures, and with `.requirements.all()` prefetched and annotated with the student's latest
    submission (2 queries).

    On a level: `own_status`, `own_passed_at`, `own_held_back_reason` (the student's progress row),
    `deadline` (the cohort's), `cohort_active`, `cohort_ready`, `cohort_held_back`, `cohort_closed`,
    `invitations`. On a requirement: `latest_status`, `latest_comment`.
    """
    at_level = OuterRef("pk")
    deadline = CohortLevelDeadline.objects.filter(cohort_id=enrolment.cohort_id, level_id=at_level)
    own = LevelProgress.objects.filter(enrolment_id=enrolment.pk, level_id=at_level)
    cohort_progress = LevelProgress.objects.filter(
        level_id=at_level, enrolment__cohort_id=enrolment.cohort_id, enrolment__status=Enrolment.Status.ACTIVE
    )
    latest = KpiSubmission.objects.filter(enrolment_id=enrolment.pk, requirement_id=OuterRef("pk")).order_by(
        "-submitted_at", "-id"
    )
    requirements = KpiRequirement.objects.order_by("order", "id").annotate(
        latest_status=Subquery(latest.values("status")[:1]),
        latest_comment=Subquery(latest.values("comment")[:1]),
    )
    levels = Level.objects.filter(course_id=enrolment.course_id)
    if level_code is not None:
        levels = levels.filter(code=level_code)
    return list(
        levels.annotate(
            own_status=Subquery(own.values("status")[:1]),
            own_passed_at=Subquery(own.values("passed_at")[:1]),
            own_held_back_reason=Subquery(own.values("held_back_reason")[:1]),
            deadline=Subquery(deadline.values("due_on")[:1]),
            cohort_active=count_of(
                Enrolment.objects.filter(cohort_id=enrolment.cohort_id, status=Enrolment.Status.ACTIVE)
            ),
            cohort_ready=count_of(
                cohort_progress.filter(status__in=[LevelProgress.Status.AWAITING_COHORT, LevelProgress.Status.PASSED])
            ),
            cohort_held_back=count_of(cohort_progress.filter(status=LevelProgress.Status.HELD_BACK)),
            cohort_closed=Exists(CohortLevelClosure.objects.filter(cohort_id=enrolment.cohort_id, level_id=at_level)),
            invitations=count_of(
                Invitee.objects.filter(
                    enrolment_id=enrolment.pk,
                    for_level_id=at_level,
                    status__in=[Invitee.Status.INVITED, Invitee.Status.CONFIRMED, Invitee.Status.ATTENDED],
                )
            ),
        )
        .order_by("order")
        .prefetch_related(Prefetch("requirements", queryset=requirements))
    )


def level_figures(*, enrolment: Enrolment, levels: list[Level]) -> dict[int, gates.LevelFigures]:
    """Everything the gate engine needs for the student's levels, by level id (1 query: the student's
    presentations with vote and record counts). `levels` come from `levels_for_enrolment`."""
    now = timezone.now()
    level_ids = [level.id for level in levels]
    latest = {
        requirement.id: gates.DocumentFigure(status=requirement.latest_status, comment=requirement.latest_comment)
        for level in levels
        for requirement in level.requirements.all()
        if requirement.latest_status
    }
    peer: dict[int, gates.PeerFigure] = {}
    presentations: dict[int, list[gates.PresentationFigure]] = defaultdict(list)
    for p in (
        with_presentation_counts(Presentation.objects.filter(enrolment=enrolment, level_id__in=level_ids))
        .annotate(
            attendee_count=Count("attendees"),
            approvals=Count("attendees", filter=Q(attendees__vote=PresentationAttendee.Vote.APPROVE)),
            reworks=Count("attendees", filter=Q(attendees__vote=PresentationAttendee.Vote.REWORK)),
        )
        .order_by("-held_at", "-id")
    ):
        if p.audience == Presentation.Audience.CLASSMATES:
            # The latest trial presentation counts: a student who was asked for rework presents again.
            peer.setdefault(p.level_id, gates.PeerFigure(p.attendee_count, p.approvals, p.reworks))
        else:
            presentations[p.level_id].append(presentation_figure(p, now))
    figures = {}
    for level in levels:
        # Every active student counts, also those still below this level; held-back students do not.
        cohort = gates.CohortFigure(
            ready=level.cohort_ready, total=level.cohort_active - level.cohort_held_back, closed=level.cohort_closed
        )
        trial = peer.get(level.id)
        if trial is not None:
            # The presenter's classmates: the cohort's active students but the presenter.
            others = level.cohort_active - (enrolment.status == Enrolment.Status.ACTIVE)
            trial = replace(trial, classmates=max(others, 0))
        figures[level.id] = gates.LevelFigures(
            documents=latest,
            peer=trial,
            cohort=cohort,
            presentations=tuple(presentations.get(level.id, ())),
            invitations=level.invitations,
        )
    return figures


def level_report(*, enrolment: Enrolment, level_code: str) -> gates.LevelResult:
    """The gate evaluation of one level for one student: every KPI, met or not, with its reason (3 queries)."""
    [level] = levels_for_enrolment(enrolment=enrolment, level_code=level_code)
    figures = level_figures(enrolment=enrolment, levels=[level])
    return gates.evaluate_level(figures[level.id], level.requirements.all())


def level_report_in_every_language(*, enrolment: Enrolment, level_code: str) -> dict[str, gates.LevelResult]:
    """`level_report` judged once per portal language, so its reasons can be kept for a reader of any of
    them (an exam protocol is written in its student's); the same 3 queries, the gate engine runs in each."""
    [level] = levels_for_enrolment(enrolment=enrolment, level_code=level_code)
    figures = level_figures(enrolment=enrolment, levels=[level])[level.id]
    requirements = list(level.requirements.all())
    reports = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reports[code] = gates.evaluate_level(figures, requirements)
    return reports


@dataclass(frozen=True)
class DeadlineRow:
    level_code: str
    level_name: str
    order: int
    deadline: datetime.date | None
    passed_at: datetime.datetime | None
    overdue: bool  # the level was not passed by the end of its deadline day (still open, or passed late)
    level_names: Mapping[str, str] = field(default_factory=dict)  # {language: name}


def deadline_record(*, enrolment: Enrolment, today: datetime.date | None = None) -> list[DeadlineRow]:
    """Per level of the course: the cohort's deadline, when the student passed it, overdue or not (3 queries)."""
    today = today or timezone.localdate()
    levels = list(Level.objects.filter(course_id=enrolment.course_id).order_by("order"))
    deadlines = dict(
        CohortLevelDeadline.objects.filter(cohort_id=enrolment.cohort_id).values_list("level_id", "due_on")
    )
    passed = dict(
        LevelProgress.objects.filter(enrolment=enrolment, passed_at__isnull=False).values_list("level_id", "passed_at")
    )
    return [
        DeadlineRow(
            level_code=level.code,
            level_name=level.name,
            order=level.order,
            deadline=deadlines.get(level.id),
            passed_at=passed.get(level.id),
            overdue=is_overdue(deadlines.get(level.id), passed.get(level.id), today),
            level_names=texts_by_language(level, "name"),
        )
        for level in levels
    ]


def is_overdue(deadline: datetime.date | None, passed_at: datetime.datetime | None, today: datetime.date) -> bool:
    if deadline is None:
        return False
    if passed_at is None:
        return today > deadline
    return timezone.localtime(passed_at).date() > deadline


def exam_candidates(*, cohort: Cohort) -> QuerySet[Enrolment]:
    """Active enrolments of the cohort whose student has reached the exam level (1 query when evaluated)."""
    return (
        Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.ACTIVE, progress__level__code=LevelCode.EXAM)
        .select_related("student", "current_level", "cohort")
        .order_by("student__full_name", "student__email")
    )


def closable_levels(*, cohort: Cohort) -> list[Level]:
    """The course's cohort-gated levels this cohort has not closed yet (1 query)."""
    return list(
        Level.objects.filter(course_id=cohort.course_id, gate_mode=Level.GateMode.COHORT)
        .exclude(pk__in=CohortLevelClosure.objects.filter(cohort=cohort).values("level_id"))
        .order_by("order")
    )


def students_at_level(*, cohort: Cohort, level: Level) -> list[LevelProgress]:
    """Active students still at the level: those who met their KPIs wait, the others are open (1 query)."""
    return list(
        LevelProgress.objects.filter(
            enrolment__cohort=cohort,
            enrolment__status=Enrolment.Status.ACTIVE,
            level=level,
            status__in=[LevelProgress.Status.OPEN, LevelProgress.Status.AWAITING_COHORT],
        ).select_related("enrolment__student")
    )
