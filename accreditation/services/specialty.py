import random

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from coopportal.audit.services import record_action
from coopportal.uploads import validated_upload
from coopportal.users.languages import in_language_of

from ..access import examines
from ..exceptions import AnswerRefused, ScoringRefused, SpecialtyAttemptRefused
from ..models import AttemptTask, Certificate, Document, SituationalTask, Specialty, SpecialtyAttempt, TaskScore
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
def start_attempt(*, attempt: SpecialtyAttempt, candidate) -> SpecialtyAttempt:
    """The candidate starts the clock: the tasks are shown and the time window for answers opens."""
    attempt = SpecialtyAttempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.candidate_id != candidate.pk:
        raise SpecialtyAttemptRefused(_("Only the candidate starts their attempt."))
    if attempt.state != SpecialtyAttempt.State.IN_PROGRESS:
        raise SpecialtyAttemptRefused(_("This attempt is already decided."))
    if attempt.started_at is None:
        attempt.started_at = timezone.now()
        attempt.save(update_fields=["started_at"])
        record_action(
            actor=candidate,
            action="accreditation.specialty_attempt_started",
            target=attempt,
            details={"minutes": attempt.answer_minutes},
        )
    return attempt


def answers_closed(attempt: SpecialtyAttempt, *, now=None) -> bool:
    """The time window has passed (an attempt not started yet has not opened it)."""
    due = attempt.answers_due_at
    return due is not None and (now or timezone.now()) > due


@transaction.atomic
def answer_task(*, attempt_task: AttemptTask, candidate, text: str, upload: UploadedFile | None = None) -> AttemptTask:
    """The candidate's answer to one task: text and an optional file, sent once, within the time window."""
    attempt = SpecialtyAttempt.objects.select_for_update().get(pk=attempt_task.attempt_id)
    if attempt.candidate_id != candidate.pk:
        raise AnswerRefused(_("Only the candidate answers the tasks of their attempt."))
    if attempt.state != SpecialtyAttempt.State.IN_PROGRESS:
        raise AnswerRefused(_("This attempt is already decided."))
    if attempt.started_at is None:
        raise AnswerRefused(_("Start the attempt first; the time for answers runs from then."))
    if answers_closed(attempt):
        due = formats.date_format(timezone.localtime(attempt.answers_due_at), "DATETIME_FORMAT")
        raise AnswerRefused(_("The time for answers ended at %(due)s; this answer was not saved.") % {"due": due})
    text = (text or "").strip()
    if not text:
        raise AnswerRefused(_("Write your answer; a file may be attached to it, not replace it."))
    item = AttemptTask.objects.select_for_update().get(pk=attempt_task.pk)
    if item.answered_at is not None:
        raise AnswerRefused(_("This task is already answered; an answer cannot be changed once sent."))
    if upload is not None:
        try:
            upload = validated_upload(upload)
        except ValidationError as exc:
            raise AnswerRefused(exc.messages[0]) from None
        item.answer_file = upload
    item.answer_text = text
    item.answered_at = timezone.now()
    item.save(update_fields=["answer_text", "answer_file", "answered_at"])
    record_action(
        actor=candidate,
        action="accreditation.specialty_task_answered",
        target=attempt,
        details={"task": item.task_id, "file": bool(item.answer_file)},
    )
    return item


@transaction.atomic
def score_task(*, attempt_task: AttemptTask, examiner, result: str, comment: str) -> SpecialtyAttempt:
    """One examiner's pass/fail with a comment on one task, once. When every task has its examiners' scores,
    each task passes on a majority of them and the attempt passes when all three do."""
    attempt = SpecialtyAttempt.objects.select_for_update().get(pk=attempt_task.attempt_id)
    if attempt.candidate_id == examiner.pk:
        raise ScoringRefused(_("You cannot score your own attempt."))
    if not examines(examiner, attempt):
        raise ScoringRefused(
            _("Only members of the committee of the candidate's exam session score their specialty tasks.")
        )
    if result not in AttemptTask.Result.values:
        raise ScoringRefused(_("Choose pass or fail."))
    comment = (comment or "").strip()
    if not comment:
        raise ScoringRefused(_("Write a comment that explains the verdict."))
    if attempt.state != SpecialtyAttempt.State.IN_PROGRESS:
        raise ScoringRefused(_("This attempt is already decided; its scores cannot change."))
    item = AttemptTask.objects.get(pk=attempt_task.pk)
    if item.answered_at is None and not answers_closed(attempt):
        raise ScoringRefused(_("The candidate has not answered this task yet and still has time to."))
    if TaskScore.objects.filter(attempt_task=item, examiner=examiner).exists():
        raise ScoringRefused(_("You have already scored this task."))
    TaskScore.objects.create(
        attempt_task=item, examiner=examiner, result=result, comment=comment, scored_at=timezone.now()
    )
    record_action(
        actor=examiner,
        action="accreditation.specialty_task_scored",
        target=attempt,
        details={"task": item.task_id, "result": result},
    )
    verdicts = task_verdicts(attempt=attempt)
    if all(verdict is not None for verdict in verdicts.values()):
        for task_id, verdict in verdicts.items():
            AttemptTask.objects.filter(pk=task_id).update(result=verdict)
        _decide(attempt=attempt, examiner=examiner, passed=all(v == AttemptTask.Result.PASS for v in verdicts.values()))
    return attempt


def task_verdict(results: list[str]) -> str | None:
    """None until enough examiners have scored; then pass when more than half of them passed it."""
    if len(results) < SpecialtyAttempt.EXAMINERS_PER_TASK:
        return None
    passes = sum(1 for result in results if result == AttemptTask.Result.PASS)
    return AttemptTask.Result.PASS if passes * 2 > len(results) else AttemptTask.Result.FAIL


def task_verdicts(*, attempt: SpecialtyAttempt) -> dict[int, str | None]:
    """Each task's verdict from its scores so far (1 query)."""
    results: dict[int, list[str]] = {pk: [] for pk in attempt.tasks.values_list("pk", flat=True)}
    for task_id, result in TaskScore.objects.filter(attempt_task__attempt=attempt).values_list(
        "attempt_task_id", "result"
    ):
        results[task_id].append(result)
    return {task_id: task_verdict(found) for task_id, found in results.items()}


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
