"""Invitee lists: whom the student invites to a level's presentation, through which channel, how far along."""

import csv
import io

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coopportal.audit.services import record_action
from coopportal.users.models import User

from ..exceptions import InvalidSubmission, InvitationImportError, NotAllowed
from ..models import Enrolment, Invitee, Level
from .presentations import AUDIENCE_BY_LEVEL
from .progress import refresh_progress
from .subscribers import normalise_contact

MAX_IMPORT_ROWS = 1000
MAX_IMPORT_BYTES = 512 * 1024


def invitable_levels(*, enrolment: Enrolment) -> list[Level]:
    """The current level and the next one: the list made at familiar is for teamwork and carries into it."""
    current = enrolment.current_level
    if current is None:
        return []
    levels = Level.objects.filter(course_id=enrolment.course_id, order__in=[current.order, current.order + 1])
    return [level for level in levels.order_by("order") if level.code in AUDIENCE_BY_LEVEL]


def _check(*, enrolment: Enrolment, student: User, for_level: Level) -> None:
    if enrolment.student_id != student.pk or enrolment.status != Enrolment.Status.ACTIVE:
        raise NotAllowed(_("Only the student keeps their own invitee list."))
    if for_level.pk not in {level.pk for level in invitable_levels(enrolment=enrolment)}:
        raise InvalidSubmission(_("Invite people for your current level's presentation or the next one."))


def _clean_row(*, name: str, contact: str, channel: str, status: str, country: str) -> dict:
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise ValidationError(_("the name is missing or longer than 200 characters"))
    try:
        contact = normalise_contact(contact, default_country=country)
    except ValidationError:
        raise ValidationError(_("“%(contact)s” is not a valid phone number or email") % {"contact": contact}) from None
    channel = (channel or "").strip().lower()
    if channel not in Invitee.Channel.values:
        raise ValidationError(
            _("the channel must be one of %(choices)s") % {"choices": ", ".join(Invitee.Channel.values)}
        )
    status = (status or Invitee.Status.PLANNED).strip().lower()
    if status not in Invitee.Status.values:
        raise ValidationError(
            _("the status must be one of %(choices)s") % {"choices": ", ".join(Invitee.Status.values)}
        )
    return {"name": name, "contact": contact, "channel": channel, "status": status}


@transaction.atomic
def add_invitee(
    *, enrolment: Enrolment, student: User, for_level: Level, name: str, contact: str, channel: str, status: str = ""
) -> Invitee:
    _check(enrolment=enrolment, student=student, for_level=for_level)
    try:
        row = _clean_row(
            name=name, contact=contact, channel=channel, status=status, country=enrolment.cohort.region.country
        )
    except ValidationError as exc:
        raise InvalidSubmission(exc.messages[0].capitalize() + ".") from None
    try:
        with transaction.atomic():
            invitee = Invitee.objects.create(enrolment=enrolment, for_level=for_level, **row)
    except IntegrityError:
        raise InvalidSubmission(_("This contact is already on the list.")) from None
    record_action(actor=student, action="courses.add_invitee", target=invitee, details={"level": for_level.code})
    refresh_progress(enrolment=enrolment, actor=student, reason=_("The invitee list changed."))
    return invitee


@transaction.atomic
def set_invitee_status(*, invitee: Invitee, student: User, status: str) -> Invitee:
    invitee = Invitee.objects.select_for_update().select_related("enrolment").get(pk=invitee.pk)
    if invitee.enrolment.student_id != student.pk:
        raise NotAllowed(_("Only the student keeps their own invitee list."))
    if status not in Invitee.Status.values:
        raise InvalidSubmission(_("Choose a status from the list."))
    invitee.status = status
    invitee.save(update_fields=["status"])
    record_action(actor=student, action="courses.set_invitee_status", target=invitee, details={"status": status})
    refresh_progress(enrolment=invitee.enrolment, actor=student, reason=_("The invitee list changed."))
    return invitee


@transaction.atomic
def import_invitees(*, enrolment: Enrolment, student: User, for_level: Level, csv_file) -> int:
    """CSV with columns name, contact, channel[, status] (a header row is optional). Every row is checked;
    with any error nothing is stored and every bad row is reported."""
    _check(enrolment=enrolment, student=student, for_level=for_level)
    if csv_file.size > MAX_IMPORT_BYTES:
        raise InvalidSubmission(_("The file is larger than 512 KB."))
    try:
        text = csv_file.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidSubmission(_("Save the file as CSV in UTF-8.")) from None
    if "\x00" in text:  # a binary file, or text no database column can hold
        raise InvalidSubmission(_("The file is not a readable CSV file."))
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        raise InvalidSubmission(_("The file is not a readable CSV file.")) from None
    if rows and [c.strip().lower() for c in rows[0][:3]] == ["name", "contact", "channel"]:
        rows = rows[1:]
        start = 2
    else:
        start = 1
    rows = [(number, row) for number, row in enumerate(rows, start=start) if any(cell.strip() for cell in row)]
    if not rows:
        raise InvalidSubmission(_("The file has no rows."))
    if len(rows) > MAX_IMPORT_ROWS:
        raise InvalidSubmission(_("At most %(n)s rows per file.") % {"n": MAX_IMPORT_ROWS})
    existing = set(Invitee.objects.filter(enrolment=enrolment, for_level=for_level).values_list("contact", flat=True))
    country = enrolment.cohort.region.country
    errors, clean = [], []
    for number, row in rows:
        if len(row) not in (3, 4):
            errors.append(_("Row %(n)s: expected 3 or 4 columns (name, contact, channel, status).") % {"n": number})
            continue
        try:
            data = _clean_row(
                name=row[0], contact=row[1], channel=row[2], status=row[3] if len(row) == 4 else "", country=country
            )
        except ValidationError as exc:
            errors.append(_("Row %(n)s: %(error)s.") % {"n": number, "error": exc.messages[0]})
            continue
        if data["contact"] in existing:
            errors.append(
                _("Row %(n)s: %(contact)s is already on the list.") % {"n": number, "contact": data["contact"]}
            )
            continue
        existing.add(data["contact"])
        clean.append(data)
    if errors:
        raise InvitationImportError(_("Nothing was imported; correct these rows and try again."), errors)
    Invitee.objects.bulk_create(Invitee(enrolment=enrolment, for_level=for_level, **data) for data in clean)
    record_action(
        actor=student,
        action="courses.import_invitees",
        target=enrolment,
        details={"level": for_level.code, "rows": len(clean)},
    )
    refresh_progress(enrolment=enrolment, actor=student, reason=_("The invitee list changed."))
    return len(clean)
