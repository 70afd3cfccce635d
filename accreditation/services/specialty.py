import random

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopportal.audit.services import record_action
from coopportal.users.languages import in_language_of

from ..access import is_examiner
from ..exceptions import ScoringRefused, SpecialtyAttemptRefused
from ..models import AttemptTask, Certificate, Document, SituationalTask, Specialty, SpecialtyAttempt
from .certificates import issue_specialty_certificate
from .documents import create_document
from .numbering import next_number

_draw = random.SystemRandom()


@transaction.atomic
def apply_for_specialty_exam(*, candidate, specialty: Specialty) -> SpecialtyAttempt:
    """Open an attempt with three tasks drawn from the specialty's bank."""
    completion = (
        Certificate.objects.filter(holder=candidate, kind=Certificate.Kind.COMPLETION, revoked_at__isnull=True)
        .order_by("-issued_on", "-id")
        .first()
    )
    if completion is None:
        raise SpecialtyAttemptRefused(_("The specialty exam needs a valid certificate of completion of the course."))
    if Certificate.objects.filter(
        holder=candidate, kind=Certificate.Kind.SPECIALTY, specialty=specialty, revoked_at__isnull=True
    ).exists():
        raise SpecialtyAttemptRefused(_("You already hold the certificate of this specialty."))
    bank = list(SituationalTask.objects.filter(specialty=specialty, is_active=True).order_by("pk"))
    if len(bank) < SpecialtyAttempt.TASKS_PER_ATTEMPT:
        raise SpecialtyAttemptRefused(_("This specialty's task bank is not ready; please contact the association."))
    try:
        with transaction.atomic():
            attempt = SpecialtyAttempt.objects.create(
                candidate=candidate, specialty=specialty, completion_certificate=completion
            )
    except IntegrityError as exc:
        raise SpecialtyAttemptRefused(_("You already have an open attempt in this specialty.")) from exc
    drawn = _draw.sample(bank, SpecialtyAttempt.TASKS_PER_ATTEMPT)
    AttemptTask.objects.bulk_create(
        AttemptTask(attempt=attempt, task=task, position=position) for position, task in enumerate(drawn, start=1)
    )
    record_action(
        actor=candidate,
        action="accreditation.specialty_attempt_opened",
        target=attempt,
        details={"specialty": specialty.code, "tasks": [task.code for task in drawn]},
    )
    return attempt


@transaction.atomic
def score_task(*, attempt_task: AttemptTask, examiner, result: str, comment: str) -> SpecialtyAttempt:
    """An examiner's pass/fail on one task; the third verdict decides the attempt."""
    if not is_examiner(examiner):
        raise ScoringRefused(_("Only examiners of the certification center score specialty tasks."))
    if result not in AttemptTask.Result.values:
        raise ScoringRefused(_("Choose pass or fail."))
    comment = (comment or "").strip()
    if not comment:
        raise ScoringRefused(_("Write a comment that explains the verdict."))
    attempt = SpecialtyAttempt.objects.select_for_update().get(pk=attempt_task.attempt_id)
    if attempt.state != SpecialtyAttempt.State.IN_PROGRESS:
        raise ScoringRefused(_("This attempt is already decided; its scores cannot change."))
    if attempt.candidate_id == examiner.pk:
        raise ScoringRefused(_("You cannot score your own attempt."))
    AttemptTask.objects.filter(pk=attempt_task.pk).update(
        result=result, comment=comment, scored_by=examiner, scored_at=timezone.now()
    )
    record_action(
        actor=examiner,
        action="accreditation.specialty_task_scored",
        target=attempt,
        details={"task": attempt_task.task_id, "result": result},
    )
    results = list(attempt.tasks.values_list("result", flat=True))
    if all(results):
        _decide(attempt=attempt, examiner=examiner, passed=all(r == AttemptTask.Result.PASS for r in results))
    return attempt


def _decide(*, attempt: SpecialtyAttempt, examiner, passed: bool) -> None:
    now = timezone.now()
    attempt.state = SpecialtyAttempt.State.PASSED if passed else SpecialtyAttempt.State.FAILED
    attempt.decided_at = now
    attempt.protocol_number = next_number(prefix="SP", year=timezone.localdate(now).year)
    attempt.save(update_fields=["state", "decided_at", "protocol_number"])
    with in_language_of(attempt.candidate):
        title = _("Specialty exam protocol %(number)s") % {"number": attempt.protocol_number}
    create_document(
        subject=attempt,
        kind=Document.Kind.SPECIALTY_PROTOCOL,
        owner=attempt.candidate,
        title=title,
        email_due=True,
    )
    record_action(
        actor=examiner,
        action="accreditation.specialty_attempt_decided",
        target=attempt,
        details={"passed": passed, "protocol": attempt.protocol_number},
    )
    if passed:
        issue_specialty_certificate(attempt=attempt, issued_by=examiner)
