"""KPI evidence: documents reviewed by teachers, trial presentations voted on by classmates."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopportal.audit.services import record_action
from coopportal.uploads import validated_upload
from coopportal.users.models import User

from .. import notifications
from ..access import teaches
from ..exceptions import CourseError, InvalidSubmission, LevelLocked, NotAllowed, PresentationError, ReviewError
from ..models import (
    Enrolment,
    KpiKind,
    KpiRequirement,
    KpiSubmission,
    LevelProgress,
    Presentation,
    PresentationAttendee,
)
from ..models.presentations import TRIAL_RECORDED_WITHIN
from .progress import refresh_progress

OPEN_STATES = (LevelProgress.Status.OPEN, LevelProgress.Status.HELD_BACK)


def require_open_level(*, enrolment: Enrolment, level_id: int) -> None:
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise LevelLocked(_("Your enrolment in this cohort is not active."))
    status = (
        LevelProgress.objects.filter(enrolment=enrolment, level_id=level_id).values_list("status", flat=True).first()
    )
    if status is None:
        raise LevelLocked(_("This level is locked: pass the previous level first."))
    if status not in OPEN_STATES:
        raise LevelLocked(_("Your KPIs for this level are already met."))


@transaction.atomic
def submit_kpi_document(
    *,
    enrolment: Enrolment,
    requirement: KpiRequirement,
    student: User,
    text: str = "",
    upload: UploadedFile | None = None,
) -> KpiSubmission:
    if enrolment.student_id != student.pk:
        raise NotAllowed(_("Only the student submits their own documents."))
    if requirement.kind != KpiKind.DOCUMENT or requirement.level.course_id != enrolment.course_id:
        raise InvalidSubmission(_("This KPI does not take documents."))
    require_open_level(enrolment=enrolment, level_id=requirement.level_id)
    text = (text or "").strip()
    if not text and upload is None:
        raise InvalidSubmission(_("Write the text or attach a file."))
    file_name = ""
    if upload is not None:
        file_name = (upload.name or "")[-200:]
        try:
            upload = validated_upload(upload)
        except ValidationError as exc:
            raise InvalidSubmission(exc.messages[0]) from None
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
    latest = KpiSubmission.objects.filter(enrolment=enrolment, requirement=requirement).values_list("status", flat=True)
    if KpiSubmission.Status.PENDING in latest:
        raise InvalidSubmission(_("Your previous version is still waiting for teacher review."))
    if KpiSubmission.Status.APPROVED in latest:
        raise InvalidSubmission(_("This document is already approved."))
    submission = KpiSubmission(
        enrolment=enrolment,
        requirement=requirement,
        text=text,
        file_name=file_name,
        submitted_at=timezone.now(),
    )
    if upload is not None:
        submission.file = upload
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:
        raise InvalidSubmission(_("Your previous version is still waiting for teacher review.")) from None
    record_action(
        actor=student, action="courses.submit_kpi_document", target=submission, details={"kpi": requirement.pk}
    )
    return submission


@transaction.atomic
def review_submission(*, submission: KpiSubmission, reviewer: User, approve: bool, comment: str = "") -> KpiSubmission:
    """A teacher of the cohort approves the document or returns it with a comment saying what to rework."""

    if not teaches(reviewer, submission.enrolment.cohort_id):
        raise NotAllowed(_("You do not teach this student's cohort."))
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ReviewError(_("Say what needs rework when returning a document."))
    submission = (
        KpiSubmission.objects.select_for_update(of=("self",))
        .select_related("enrolment__student", "requirement")
        .get(pk=submission.pk)
    )
    if submission.status != KpiSubmission.Status.PENDING:
        raise ReviewError(_("This submission has already been reviewed."))
    submission.status = KpiSubmission.Status.APPROVED if approve else KpiSubmission.Status.RETURNED
    submission.comment = comment
    submission.reviewed_by = reviewer
    submission.reviewed_at = timezone.now()
    submission.save(update_fields=["status", "comment", "reviewed_by", "reviewed_at"])
    record_action(
        actor=reviewer,
        action="courses.review_submission",
        target=submission,
        details={"status": submission.status, "comment": comment},
    )
    if approve:
        refresh_progress(enrolment=submission.enrolment, actor=reviewer, reason=_("A teacher approved a document."))
    notifications.submission_reviewed(submission)
    return submission


def review_submissions(
    *, submissions: Iterable[KpiSubmission], reviewer: User, approve: bool, comment: str = ""
) -> tuple[int, list[str]]:
    """Bulk review: each submission in its own transaction; returns (done, error messages)."""
    done, errors = 0, []
    for submission in submissions:
        try:
            review_submission(submission=submission, reviewer=reviewer, approve=approve, comment=comment)
        except CourseError as exc:
            errors.append(f"{submission}: {exc.message}")
        else:
            done += 1
    return done, errors


@transaction.atomic
def record_trial_presentation(
    *, enrolment: Enrolment, presenter: User, held_at: datetime.datetime, topic: str = ""
) -> Presentation:
    """The student records their trial presentation before classmates; each classmate who attended
    confirms it themselves (`confirm_trial_attendance`) and votes."""
    if enrolment.student_id != presenter.pk:
        raise NotAllowed(_("Only the presenter records their own presentation."))
    level = enrolment.current_level
    if level is None or not level.requirements.filter(kind=KpiKind.PEER_APPROVAL).exists():
        raise LevelLocked(_("Your current level has no trial presentation before classmates."))
    require_open_level(enrolment=enrolment, level_id=level.pk)
    now = timezone.now()
    if held_at > now:
        raise InvalidSubmission(_("Record a presentation after it has taken place."), field="held_at")
    if held_at < now - TRIAL_RECORDED_WITHIN:
        raise InvalidSubmission(
            _("The trial presentation must have taken place within the last %(days)s days.")
            % {"days": TRIAL_RECORDED_WITHIN.days},
            field="held_at",
        )
    presentation = Presentation.objects.create(
        enrolment=enrolment,
        presenter=presenter,
        level=level,
        held_at=held_at,
        audience=Presentation.Audience.CLASSMATES,
        topic=(topic or "").strip()[:200],
    )
    record_action(actor=presenter, action="courses.record_trial_presentation", target=presentation)
    return presentation


@transaction.atomic
def confirm_trial_attendance(*, presentation: Presentation, classmate: User) -> PresentationAttendee:
    """A classmate confirms that they attended a trial presentation of their own cohort: only for
    themselves, once; then they vote. The presenter's gate is judged again."""
    presentation = Presentation.objects.select_related("enrolment").get(pk=presentation.pk)
    if presentation.audience != Presentation.Audience.CLASSMATES:
        raise PresentationError(_("Attendance is confirmed by classmates at trial presentations only."))
    if presentation.presenter_id == classmate.pk:
        raise NotAllowed(_("You cannot confirm attendance at your own presentation."))
    in_cohort = Enrolment.objects.filter(
        cohort_id=presentation.enrolment.cohort_id, student_id=classmate.pk, status=Enrolment.Status.ACTIVE
    ).exists()
    if not in_cohort:
        raise NotAllowed(_("Only active classmates of the presenter's cohort confirm their attendance."))
    if presentation.enrolment.status != Enrolment.Status.ACTIVE:
        raise PresentationError(_("The presenter no longer studies in this cohort."))
    try:
        with transaction.atomic():
            attendee = PresentationAttendee.objects.create(presentation=presentation, classmate=classmate)
    except IntegrityError:
        raise PresentationError(_("You have already confirmed your attendance.")) from None
    record_action(actor=classmate, action="courses.confirm_trial_attendance", target=presentation)
    refresh_progress(
        enrolment=presentation.enrolment, actor=classmate, reason=_("A classmate confirmed attending the presentation.")
    )
    return attendee


@transaction.atomic
def cast_peer_vote(*, presentation: Presentation, voter: User, vote: str, comment: str = "") -> PresentationAttendee:
    if not voter.is_authenticated:
        raise NotAllowed(_("Only classmates who attended the presentation vote on it."))
    if presentation.presenter_id == voter.pk:
        raise NotAllowed(_("You cannot vote on your own presentation."))
    if vote not in (PresentationAttendee.Vote.APPROVE, PresentationAttendee.Vote.REWORK):
        raise InvalidSubmission(_("Choose approve or rework."))
    attendee = (
        PresentationAttendee.objects.select_for_update().filter(presentation=presentation, classmate=voter).first()
    )
    if attendee is None:
        raise NotAllowed(_("Only classmates who attended the presentation vote on it."))
    attendee.vote = vote
    attendee.comment = (comment or "").strip()
    attendee.voted_at = timezone.now()
    attendee.save(update_fields=["vote", "comment", "voted_at"])
    record_action(actor=voter, action="courses.cast_peer_vote", target=presentation, details={"vote": vote})
    refresh_progress(enrolment=presentation.enrolment, actor=voter, reason=_("Classmates voted on the presentation."))
    return attendee
