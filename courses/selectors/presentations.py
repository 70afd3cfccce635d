"""Reads for presentations, the public subscribe page and invitee lists (fixed number of queries each)."""

from dataclasses import dataclass

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from ..models import (
    Enrolment,
    Invitee,
    Level,
    LevelCode,
    Presentation,
    PresentationClassmate,
    PresentationResult,
    PresentationSubscription,
    SignUp,
    Subscriber,
)
from .levels import cohort_student_subscriber, counted_subscribers, records_count, with_presentation_counts


@dataclass(frozen=True)
class LiveCount:
    subscribers: int
    waiting: int  # signed up, contact not confirmed yet
    attendance: int | None  # confirmed, else reported
    attendance_confirmed: bool

    @property
    def ratio(self) -> float | None:
        """Subscribers per 100 attendees; None without an attendance (no division by zero)."""
        if not self.attendance:
            return None
        return 100 * self.subscribers / self.attendance


def live_count(*, presentation_id: int) -> LiveCount:
    """The presenter's live counter (1 query)."""
    row = (
        Presentation.objects.filter(pk=presentation_id)
        .annotate(
            n=counted_subscribers(),
            waiting=records_count(SignUp, confirmed_at__isnull=True, expires_at__gte=timezone.now()),
        )
        .values("n", "waiting", "attendance_confirmed", "attendance_reported")
        .get()
    )
    confirmed = row["attendance_confirmed"]
    return LiveCount(
        subscribers=row["n"],
        waiting=row["waiting"],
        attendance=confirmed if confirmed is not None else row["attendance_reported"],
        attendance_confirmed=confirmed is not None,
    )


def presentation_with_records(*, presentation_id: int) -> Presentation:
    """The presentation with its counts, named classmates and results (3 queries)."""
    return (
        with_presentation_counts(Presentation.objects.filter(pk=presentation_id))
        .select_related("enrolment__cohort__region", "presenter", "level", "attendance_confirmed_by")
        .prefetch_related(
            Prefetch("classmates_named", queryset=PresentationClassmate.objects.select_related("classmate")),
            Prefetch("results", queryset=PresentationResult.objects.order_by("-id")),
        )
        .get()
    )


def presentation_subscriptions(*, presentation: Presentation) -> list[PresentationSubscription]:
    """Who subscribed through the page, newest first, each with `cohort_student` (1 query). A row counts
    when confirmed, not unsubscribed and not a student of the cohort; the list marks the others."""
    return list(
        PresentationSubscription.objects.filter(presentation=presentation)
        .annotate(cohort_student=cohort_student_subscriber())
        .select_related("subscriber")
        .order_by("-created_at", "-id")
    )


def level_presentations(*, enrolment: Enrolment, level: Level) -> list[Presentation]:
    """The student's presentations at the level (trials excluded) with their counts (1 query)."""
    return list(
        with_presentation_counts(
            Presentation.objects.filter(enrolment=enrolment, level=level).exclude(
                audience=Presentation.Audience.CLASSMATES
            )
        )
    )


def classmate_requests(*, student) -> list[PresentationClassmate]:
    """Classmates' presentations where the student is named and has not answered yet (1 query)."""
    return list(
        PresentationClassmate.objects.filter(
            classmate=student,
            status=PresentationClassmate.Status.PENDING,
            presentation__enrolment__status=Enrolment.Status.ACTIVE,
        ).select_related("presentation__presenter", "presentation__level")
    )


def sign_up_awaiting_code(*, presentation_token: str, token: str) -> SignUp | None:
    """The sign-up whose SMS code is typed on the presentation's page; its phone only (1 query)."""
    return (
        SignUp.objects.filter(token=token, presentation__subscribe_token=presentation_token)
        .only("phone", "token")
        .first()
    )


def public_presentation(*, token: str) -> Presentation | None:
    """The presentation behind a subscribe link with `presenter_name`, `region_id` (its cohort's) and
    `region_country`, or None (1 query)."""
    if not token:
        return None
    return (
        Presentation.objects.filter(subscribe_token=token)
        .annotate(
            presenter_name=F("presenter__full_name"),
            region_id=F("enrolment__cohort__region_id"),
            region_country=F("enrolment__cohort__region__country"),
        )
        .only(
            "id",
            "enrolment_id",
            "presenter_id",
            "level_id",
            "held_at",
            "topic",
            "subscribe_token",
            "subscribe_opens_at",
            "subscribe_closes_at",
        )
        .first()
    )


def subscriber_by_unsubscribe_token(*, token: str) -> Subscriber | None:
    """1 query."""
    return Subscriber.objects.filter(unsubscribe_token=token).first()


def invitees(*, enrolment: Enrolment, levels: list[Level]) -> dict[int, list[Invitee]]:
    """The student's invitees for the given levels, by level id (1 query)."""
    by_level: dict[int, list[Invitee]] = {level.pk: [] for level in levels}
    for invitee in Invitee.objects.filter(enrolment=enrolment, for_level__in=levels):
        by_level[invitee.for_level_id].append(invitee)
    return by_level


def exam_presentations(*, visible: QuerySet[Presentation], limit: int = 200) -> list[Presentation]:
    """The exam broadcasts among `visible` (a member's: their sessions' candidates), those waiting for a
    confirmation first (1 query)."""
    rows = presentations_for_review(visible.filter(level__code=LevelCode.EXAM)).order_by("-held_at")
    rows = list(rows[:limit])
    rows.sort(key=lambda p: p.attendance_confirmed is not None and p.likes_confirmed is not None)
    return rows


def presentations_for_review(queryset: QuerySet[Presentation]) -> QuerySet[Presentation]:
    """Admin list rows: presenter, cohort, level and the subscriber count in the same query."""
    return with_presentation_counts(queryset).select_related("presenter", "enrolment__cohort", "level")
