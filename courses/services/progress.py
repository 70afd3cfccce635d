"""Moving students up the ladder: opening levels, passing them, the cohort gate and held-back students."""

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopportal.audit.services import record_action
from coopportal.users.models import User

from .. import selectors
from ..access import teaches
from ..exceptions import CohortGateError, NotAllowed
from ..models import Cohort, CohortLevelClosure, Enrolment, Level, LevelProgress, LevelTransition


def _transition(*, enrolment: Enrolment, level: Level | None, kind: str, actor: User, reason: str = "") -> None:
    LevelTransition.objects.create(
        enrolment=enrolment,
        level=level,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason,
        at=timezone.now(),
    )


def open_level(*, enrolment: Enrolment, level: Level, actor: User, reason: str) -> LevelProgress:
    progress, created = LevelProgress.objects.get_or_create(
        enrolment=enrolment, level=level, defaults={"opened_at": timezone.now()}
    )
    if created:
        enrolment.current_level = level
        enrolment.save(update_fields=["current_level"])
        _transition(enrolment=enrolment, level=level, kind=LevelTransition.Kind.OPENED, actor=actor, reason=reason)
    return progress


def start_practical_module(*, enrolment: Enrolment, actor: User, reason: str) -> None:
    """Theory passed: record it and open the first level (no-op if already done)."""
    if enrolment.theory_passed_at is not None:
        return
    enrolment.theory_passed_at = timezone.now()
    enrolment.save(update_fields=["theory_passed_at"])
    _transition(enrolment=enrolment, level=None, kind=LevelTransition.Kind.THEORY_PASSED, actor=actor, reason=reason)
    first = Level.objects.filter(course_id=enrolment.course_id).order_by("order").first()
    if first is not None:
        open_level(enrolment=enrolment, level=first, actor=actor, reason=_("The theory module was passed."))


@transaction.atomic
def refresh_progress(*, enrolment: Enrolment, actor: User, reason: str = "") -> None:
    """Re-evaluate the student's current level and move on as far as the gates allow.

    Individual gate: every KPI met → the level is passed and the next one opens.
    Cohort gate: the student waits once their own KPIs are met; when every active student
    of the cohort at that level is waiting (or a teacher closed the level) they all move on.
    """
    # Fixed lock order: the cohort first (serialises cohort gates), then the student.
    Cohort.objects.select_for_update().filter(pk=enrolment.cohort_id).first()
    enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related("current_level").get(pk=enrolment.pk)
    if enrolment.status != Enrolment.Status.ACTIVE:
        return
    while enrolment.current_level is not None:
        level = enrolment.current_level
        progress = LevelProgress.objects.get(enrolment=enrolment, level=level)
        if progress.status == LevelProgress.Status.PASSED:
            return
        result = selectors.level_report(enrolment=enrolment, level_code=level.code)
        if result.passed:
            _pass(progress=progress, actor=actor, reason=reason or _("Every KPI of the level is met."))
            following = Level.objects.filter(course_id=enrolment.course_id, order__gt=level.order).order_by("order")
            next_level = following.first()
            if next_level is None:
                return
            open_level(enrolment=enrolment, level=next_level, actor=actor, reason=_("The previous level was passed."))
            continue
        if (
            level.gate_mode == Level.GateMode.COHORT
            and result.individual_kpis_met
            and progress.status == LevelProgress.Status.OPEN
        ):
            progress.status = LevelProgress.Status.AWAITING_COHORT
            progress.save(update_fields=["status"])
            _transition(
                enrolment=enrolment,
                level=level,
                kind=LevelTransition.Kind.KPIS_MET,
                actor=actor,
                reason=_("Own KPIs met; the level opens for the cohort together."),
            )
            _advance_cohort(cohort_id=enrolment.cohort_id, level=level, actor=actor)
        return


def _pass(*, progress: LevelProgress, actor: User, reason: str) -> None:
    progress.status = LevelProgress.Status.PASSED
    progress.passed_at = timezone.now()
    progress.held_back_reason = ""
    progress.save(update_fields=["status", "passed_at", "held_back_reason"])
    _transition(
        enrolment=progress.enrolment, level=progress.level, kind=LevelTransition.Kind.PASSED, actor=actor, reason=reason
    )


def _advance_cohort(*, cohort_id: int, level: Level, actor: User) -> None:
    """If every active student at this cohort-gated level is ready, pass them all."""
    rows = LevelProgress.objects.filter(
        enrolment__cohort_id=cohort_id, enrolment__status=Enrolment.Status.ACTIVE, level=level
    )
    ready = rows.filter(status__in=[LevelProgress.Status.AWAITING_COHORT, LevelProgress.Status.PASSED]).count()
    held_back = rows.filter(status=LevelProgress.Status.HELD_BACK).count()
    active = Enrolment.objects.filter(cohort_id=cohort_id, status=Enrolment.Status.ACTIVE).count()
    if ready < active - held_back:
        return
    for progress in rows.filter(status=LevelProgress.Status.AWAITING_COHORT).select_related("enrolment"):
        refresh_progress(
            enrolment=progress.enrolment, actor=actor, reason=_("Every active student of the cohort passed.")
        )


@transaction.atomic
def close_cohort_level(
    *, cohort: Cohort, level: Level, actor: User, held_back: Mapping[int, str], note: str = ""
) -> CohortLevelClosure:
    """A teacher closes a cohort-gated level: students who met their KPIs move on, the others are held back.

    `held_back` maps enrolment id → the reason; every student who has not met the KPIs needs one.
    """
    if not teaches(actor, cohort.pk):
        raise NotAllowed(_("You do not teach this cohort."))
    if level.gate_mode != Level.GateMode.COHORT or level.course_id != cohort.course_id:
        raise CohortGateError(_("Only a cohort-gated level of this course can be closed."))
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if CohortLevelClosure.objects.filter(cohort=cohort, level=level).exists():
        raise CohortGateError(_("This level is already closed for the cohort."))
    progresses = list(
        LevelProgress.objects.filter(
            enrolment__cohort=cohort,
            enrolment__status=Enrolment.Status.ACTIVE,
            level=level,
            status__in=[LevelProgress.Status.OPEN, LevelProgress.Status.AWAITING_COHORT],
        ).select_related("enrolment__student", "level")
    )
    reasons = {int(k): (v or "").strip() for k, v in held_back.items()}
    if "\x00" in note or any("\x00" in reason for reason in reasons.values()):
        raise CohortGateError(_("A reason or the note contains control characters; remove them."))
    not_met = [p for p in progresses if p.status == LevelProgress.Status.OPEN]
    missing = [p.enrolment.student for p in not_met if not reasons.get(p.enrolment_id)]
    if missing:
        raise CohortGateError(
            _("Say why each student who has not met the KPIs is held back: %(names)s.")
            % {"names": ", ".join(str(s) for s in missing)}
        )
    not_met_ids = {p.enrolment_id for p in not_met}
    extra = [p.enrolment.student for p in progresses if p.enrolment_id in reasons and p.enrolment_id not in not_met_ids]
    if extra:
        raise CohortGateError(
            _("These students have met every KPI and move on: %(names)s.") % {"names": ", ".join(map(str, extra))}
        )
    closure = CohortLevelClosure.objects.create(
        cohort=cohort, level=level, closed_by=actor, closed_at=timezone.now(), note=note.strip()
    )
    for progress in not_met:
        progress.status = LevelProgress.Status.HELD_BACK
        progress.held_back_reason = reasons[progress.enrolment_id]
        progress.save(update_fields=["status", "held_back_reason"])
        _transition(
            enrolment=progress.enrolment,
            level=level,
            kind=LevelTransition.Kind.HELD_BACK,
            actor=actor,
            reason=progress.held_back_reason,
        )
    record_action(
        actor=actor,
        action="courses.close_cohort_level",
        target=closure,
        details={"level": level.code, "held_back": {str(p.enrolment_id): reasons[p.enrolment_id] for p in not_met}},
    )
    for progress in progresses:
        if progress.enrolment_id not in not_met_ids:
            refresh_progress(enrolment=progress.enrolment, actor=actor, reason=_("A teacher closed the level."))
    return closure


def record_committee_outcome(*, enrolment: Enrolment, outcome: str, decided_at, actor: User) -> None:
    """The exam committee's final decision on the student (the accreditation app reports it when a
    protocol becomes final); the course moves on with it, in the caller's transaction."""
    Enrolment.objects.filter(pk=enrolment.pk).update(committee_outcome=outcome, committee_outcome_at=decided_at)
    refresh_progress(enrolment=enrolment, actor=actor, reason=_("The exam committee's protocol is final."))
