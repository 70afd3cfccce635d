"""Presentations at levels 3–7: recording, evidence, confirmations by teachers, the exam committee and
classmates, and the presenter's results per person. Figures that count come from these records."""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopportal.audit.services import record_action
from coopportal.uploads import DOCUMENT_TYPES, IMAGE_TYPES, validated_upload
from coopportal.users.models import User

from ..access import is_course_admin, judges_exam_of, teaches
from ..exceptions import InvalidSubmission, LevelLocked, NotAllowed, PresentationError
from ..models import (
    Enrolment,
    LevelCode,
    Presentation,
    PresentationClassmate,
    PresentationResult,
)
from ..models.presentations import MAX_COUNT, new_token
from .kpi import require_open_level
from .progress import refresh_progress

AUDIENCE_BY_LEVEL = {
    LevelCode.CLOSE: Presentation.Audience.RELATIVES,
    LevelCode.FAMILIAR: Presentation.Audience.FRIENDS,
    LevelCode.TEAMWORK: Presentation.Audience.INVITED,
    LevelCode.PUBLICATION: Presentation.Audience.INVITED,
    LevelCode.EXAM: Presentation.Audience.BROADCAST,
}
CLASSMATE_ROLE_BY_LEVEL = {
    LevelCode.TEAMWORK: PresentationClassmate.Role.SUPPORT,
    LevelCode.PUBLICATION: PresentationClassmate.Role.OBSERVER,
}
EVIDENCE_TYPES = {**IMAGE_TYPES, "pdf": DOCUMENT_TYPES["pdf"]}
# The subscribe page opens this long before the presentation starts.
OPENS_BEFORE = datetime.timedelta(hours=1)


def default_hours_open_after() -> int:
    return getattr(settings, "COURSES_SUBSCRIBE_HOURS_AFTER", 24)


def _count(value, *, what: str, limit: int = MAX_COUNT) -> int:
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise InvalidSubmission(_("Enter the number of %(what)s as a whole number.") % {"what": what}) from None
    if value < 0 or value > limit:
        raise InvalidSubmission(
            _("The number of %(what)s must be between 0 and %(limit)s.") % {"what": what, "limit": limit}
        )
    return value


def _evidence(upload: UploadedFile | None, *, required_message: str) -> UploadedFile:
    if upload is None:
        raise InvalidSubmission(required_message)
    try:
        return validated_upload(upload, allowed=EVIDENCE_TYPES)
    except ValidationError as exc:
        raise InvalidSubmission(exc.messages[0]) from None


def _require_presenter(presentation: Presentation, user: User) -> None:
    if presentation.presenter_id != user.pk:
        raise NotAllowed(_("Only the presenter changes their own presentation."))


@transaction.atomic
def record_presentation(
    *,
    enrolment: Enrolment,
    presenter: User,
    held_at: datetime.datetime,
    topic: str = "",
    place: str = "",
    broadcast_url: str = "",
    notes: str = "",
    classmate_ids: Sequence[int] = (),
    hours_open_after: int | None = None,
    now: datetime.datetime | None = None,
) -> Presentation:
    """Record a presentation at the student's current level (before it, so the subscribe page and QR code
    are ready, or after it). Classmates named at teamwork (support) or publication (observers) confirm."""
    now = now or timezone.now()
    if enrolment.student_id != presenter.pk:
        raise NotAllowed(_("Only the presenter records their own presentation."))
    level = enrolment.current_level
    if level is None or level.code not in AUDIENCE_BY_LEVEL:
        raise LevelLocked(_("Your current level has no presentations to record here."))
    require_open_level(enrolment=enrolment, level_id=level.pk)
    if not (now - datetime.timedelta(days=60) <= held_at <= now + datetime.timedelta(days=90)):
        raise InvalidSubmission(_("The presentation must be within the last 60 or the next 90 days."))
    hours = default_hours_open_after() if hours_open_after is None else hours_open_after
    if not 1 <= int(hours) <= 168:
        raise InvalidSubmission(_("Keep the subscribe page open between 1 and 168 hours after the presentation."))
    broadcast_url = (broadcast_url or "").strip()
    if level.code == LevelCode.EXAM and not broadcast_url:
        raise InvalidSubmission(_("Give the link of the live broadcast."))
    ids = {int(i) for i in classmate_ids}
    role = CLASSMATE_ROLE_BY_LEVEL.get(level.code)
    if presenter.pk in ids:
        raise InvalidSubmission(_("You cannot name yourself among your classmates."))
    if ids and role is None:
        raise InvalidSubmission(_("Classmates are not named at this level."))
    if ids:
        found = set(
            Enrolment.objects.filter(
                cohort_id=enrolment.cohort_id, status=Enrolment.Status.ACTIVE, student_id__in=ids
            ).values_list("student_id", flat=True)
        )
        if found != ids:
            raise InvalidSubmission(_("Only active classmates of your cohort can be named."))
    presentation = Presentation.objects.create(
        enrolment=enrolment,
        presenter=presenter,
        level=level,
        held_at=held_at,
        audience=AUDIENCE_BY_LEVEL[level.code],
        topic=(topic or "").strip()[:200],
        place=(place or "").strip()[:200],
        broadcast_url=broadcast_url,
        notes=(notes or "").strip(),
        subscribe_token=new_token(),
        subscribe_opens_at=held_at - OPENS_BEFORE,
        subscribe_closes_at=held_at + datetime.timedelta(hours=int(hours)),
    )
    PresentationClassmate.objects.bulk_create(
        PresentationClassmate(presentation=presentation, classmate_id=i, role=role) for i in sorted(ids)
    )
    record_action(
        actor=presenter,
        action="courses.record_presentation",
        target=presentation,
        details={"level": level.code, "classmates": sorted(ids), "role": role or ""},
    )
    refresh_progress(enrolment=enrolment, actor=presenter, reason=_("A presentation was recorded."))
    return presentation


def _require_held(presentation: Presentation) -> None:
    if presentation.held_at > timezone.now():
        raise PresentationError(_("Report figures after the presentation has taken place."))


@transaction.atomic
def report_attendance(
    *, presentation: Presentation, presenter: User, attendance, evidence: UploadedFile | None
) -> Presentation:
    """The presenter reports how many came, with a photo or sign-in sheet; a teacher or the committee confirms."""
    _require_presenter(presentation, presenter)
    presentation = Presentation.objects.select_for_update().get(pk=presentation.pk)
    _require_held(presentation)
    if presentation.attendance_confirmed is not None:
        raise PresentationError(_("The attendance is already confirmed."))
    count = _count(attendance, what=_("attendees"))
    upload = _evidence(evidence, required_message=_("Attach a photo of the room or the sign-in sheet."))
    presentation.attendance_reported = count
    presentation.attendance_evidence = upload
    presentation.save(update_fields=["attendance_reported", "attendance_evidence"])
    record_action(
        actor=presenter, action="courses.report_attendance", target=presentation, details={"attendance": count}
    )
    return presentation


@transaction.atomic
def report_likes(
    *, presentation: Presentation, presenter: User, likes, url: str, screenshot: UploadedFile | None
) -> Presentation:
    """The exam broadcast's likes, with the post's link and a screenshot; the exam committee confirms."""
    _require_presenter(presentation, presenter)
    presentation = Presentation.objects.select_for_update().select_related("level").get(pk=presentation.pk)
    if presentation.level.code != LevelCode.EXAM:
        raise PresentationError(_("Likes are reported for the exam broadcast only."))
    _require_held(presentation)
    if presentation.likes_confirmed is not None:
        raise PresentationError(_("The likes are already confirmed."))
    count = _count(likes, what=_("likes"), limit=MAX_COUNT * 100)
    url = (url or "").strip()
    if not url.startswith(("https://", "http://")):
        raise InvalidSubmission(_("Give the link to the broadcast post."))
    upload = _evidence(screenshot, required_message=_("Attach a screenshot showing the likes."))
    presentation.likes_reported = count
    presentation.likes_url = url[:200]
    presentation.likes_evidence = upload
    presentation.save(update_fields=["likes_reported", "likes_url", "likes_evidence"])
    record_action(actor=presenter, action="courses.report_likes", target=presentation, details={"likes": count})
    return presentation


def may_confirm_attendance(user: User, presentation: Presentation) -> bool:
    """Exam: the committee of the presenter's exam session. Other levels: the cohort's teachers. Admins
    always."""
    if is_course_admin(user):
        return True
    if presentation.level.code == LevelCode.EXAM:
        return judges_exam_of(user, presentation.enrolment_id)
    return teaches(user, presentation.enrolment.cohort_id)


def may_confirm_likes(user: User, presentation: Presentation) -> bool:
    return presentation.level.code == LevelCode.EXAM and (
        is_course_admin(user) or judges_exam_of(user, presentation.enrolment_id)
    )


@transaction.atomic
def confirm_attendance(*, presentation: Presentation, actor: User, attendance) -> Presentation:
    """Confirm the number present after checking the evidence; only this number counts toward the gate."""
    presentation = Presentation.objects.select_related("level", "enrolment").get(pk=presentation.pk)
    if not may_confirm_attendance(actor, presentation):
        raise NotAllowed(
            _("Attendance is confirmed by the cohort's teachers, or at the exam by the committee of its session.")
        )
    if presentation.presenter_id == actor.pk:
        raise NotAllowed(_("You cannot confirm your own presentation."))
    count = _count(attendance, what=_("attendees"))
    locked = Presentation.objects.select_for_update().get(pk=presentation.pk)
    if not locked.attendance_evidence:
        raise PresentationError(_("The presenter has not uploaded the attendance evidence yet."))
    locked.attendance_confirmed = count
    locked.attendance_confirmed_by = actor
    locked.attendance_confirmed_at = timezone.now()
    locked.save(update_fields=["attendance_confirmed", "attendance_confirmed_by", "attendance_confirmed_at"])
    record_action(
        actor=actor,
        action="courses.confirm_attendance",
        target=locked,
        details={"reported": locked.attendance_reported, "confirmed": count},
    )
    refresh_progress(enrolment=presentation.enrolment, actor=actor, reason=_("Attendance was confirmed."))
    return locked


@transaction.atomic
def confirm_likes(*, presentation: Presentation, actor: User, likes) -> Presentation:
    presentation = Presentation.objects.select_related("level", "enrolment").get(pk=presentation.pk)
    if not may_confirm_likes(actor, presentation):
        raise NotAllowed(_("Likes of the exam broadcast are confirmed by the committee of its exam session."))
    if presentation.presenter_id == actor.pk:
        raise NotAllowed(_("You cannot confirm your own presentation."))
    count = _count(likes, what=_("likes"), limit=MAX_COUNT * 100)
    locked = Presentation.objects.select_for_update().get(pk=presentation.pk)
    if not (locked.likes_evidence and locked.likes_url):
        raise PresentationError(_("The presenter has not uploaded the screenshot and link yet."))
    locked.likes_confirmed = count
    locked.likes_confirmed_by = actor
    locked.likes_confirmed_at = timezone.now()
    locked.save(update_fields=["likes_confirmed", "likes_confirmed_by", "likes_confirmed_at"])
    record_action(
        actor=actor,
        action="courses.confirm_likes",
        target=locked,
        details={"reported": locked.likes_reported, "confirmed": count},
    )
    refresh_progress(enrolment=presentation.enrolment, actor=actor, reason=_("Likes were confirmed."))
    return locked


@transaction.atomic
def respond_as_classmate(*, named: PresentationClassmate, user: User, confirm: bool) -> PresentationClassmate:
    """A named classmate confirms (or declines) that they were in the support group or observed."""
    named = PresentationClassmate.objects.select_for_update().select_related("presentation__enrolment").get(pk=named.pk)
    if named.presentation.presenter_id == user.pk:
        raise NotAllowed(_("You cannot confirm your own support group or observers."))
    if named.classmate_id != user.pk:
        raise NotAllowed(_("Only the named classmate answers."))
    named.status = PresentationClassmate.Status.CONFIRMED if confirm else PresentationClassmate.Status.DECLINED
    named.responded_at = timezone.now()
    named.save(update_fields=["status", "responded_at"])
    record_action(
        actor=user, action="courses.respond_as_classmate", target=named.presentation, details={"status": named.status}
    )
    refresh_progress(
        enrolment=named.presentation.enrolment, actor=user, reason=_("A classmate answered for the presentation.")
    )
    return named


@transaction.atomic
def record_result(
    *,
    presentation: Presentation,
    presenter: User,
    person_name: str,
    contact: str = "",
    subscribed: bool = False,
    bought_share: bool = False,
    recommended: bool = False,
    note: str = "",
) -> PresentationResult:
    """The presenter records what one person did: subscribed, bought a share, recommended someone."""
    _require_presenter(presentation, presenter)
    _require_held(presentation)
    person_name = (person_name or "").strip()
    if not person_name or len(person_name) > 200:
        raise InvalidSubmission(_("Enter the person's name (at most 200 characters)."))
    if not (subscribed or bought_share or recommended):
        raise InvalidSubmission(_("Tick at least one result: subscriber, share buyer or recommendation."))
    result = PresentationResult.objects.create(
        presentation=presentation,
        person_name=person_name,
        contact=(contact or "").strip()[:254],
        subscribed=subscribed,
        bought_share=bought_share,
        recommended=recommended,
        note=(note or "").strip()[:500],
    )
    record_action(actor=presenter, action="courses.record_result", target=presentation, details={"result": result.pk})
    refresh_progress(enrolment=presentation.enrolment, actor=presenter, reason=_("Presentation results recorded."))
    return result
