"""Enrolling students: by a teacher or admin, or on the student's request accepted by a teacher."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coopportal.audit.services import record_action
from coopportal.users.models import User

from ..access import is_course_admin, teaches
from ..exceptions import EnrolmentConflict, NotAllowed
from ..models import Cohort, Enrolment
from ..selectors.theory import theory_passed
from .progress import start_practical_module


def _check_no_other_active(*, student: User, cohort: Cohort) -> None:
    other = (
        Enrolment.objects.filter(student=student, course_id=cohort.course_id, status=Enrolment.Status.ACTIVE)
        .exclude(cohort=cohort)
        .select_related("cohort")
        .first()
    )
    if other is not None:
        raise EnrolmentConflict(
            _("%(student)s is already studying this course in the cohort %(cohort)s.")
            % {"student": student, "cohort": other.cohort}
        )


def _activate(*, enrolment: Enrolment, actor: User) -> Enrolment:
    enrolment.status = Enrolment.Status.ACTIVE
    enrolment.decided_by = actor
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:
        raise EnrolmentConflict(_("The student already has an active cohort in this course.")) from None
    if theory_passed(student=enrolment.student, course_id=enrolment.course_id):
        start_practical_module(enrolment=enrolment, actor=actor, reason=_("The theory was passed before enrolling."))
    return enrolment


@transaction.atomic
def enrol_student(*, cohort: Cohort, student: User, actor: User) -> Enrolment:
    """An association admin enrols any student; a teacher of the cohort only one who asked to join it (their
    pending request is accepted), so a teacher cannot put into a cohort someone who never asked."""
    if not teaches(actor, cohort.pk):
        raise NotAllowed(_("You do not teach this cohort."))
    if cohort.status != Cohort.Status.ACTIVE:
        raise EnrolmentConflict(_("This cohort is archived."))
    enrolment = Enrolment.objects.filter(
        cohort=cohort, student=student, status__in=[Enrolment.Status.REQUESTED, Enrolment.Status.ACTIVE]
    ).first()
    if enrolment is not None and enrolment.status == Enrolment.Status.ACTIVE:
        raise EnrolmentConflict(_("%(student)s is already in this cohort.") % {"student": student})
    if enrolment is None and not is_course_admin(actor):
        raise NotAllowed(
            _("%(student)s has not asked to join this cohort; a teacher enrols only students who asked.")
            % {"student": student}
        )
    _check_no_other_active(student=student, cohort=cohort)
    enrolment = enrolment or Enrolment(cohort=cohort, course_id=cohort.course_id, student=student)
    _activate(enrolment=enrolment, actor=actor)
    record_action(actor=actor, action="courses.enrol_student", target=enrolment, details={"cohort": cohort.pk})
    return enrolment


@transaction.atomic
def request_to_join(*, cohort: Cohort, student: User) -> Enrolment:
    if cohort.status != Cohort.Status.ACTIVE or not cohort.open_for_requests:
        raise EnrolmentConflict(_("This cohort does not take join requests."))
    _check_no_other_active(student=student, cohort=cohort)
    if Enrolment.objects.filter(
        cohort=cohort, student=student, status__in=[Enrolment.Status.REQUESTED, Enrolment.Status.ACTIVE]
    ).exists():
        raise EnrolmentConflict(_("You have already asked to join this cohort or are in it."))
    enrolment = Enrolment.objects.create(
        cohort=cohort, course_id=cohort.course_id, student=student, status=Enrolment.Status.REQUESTED
    )
    record_action(actor=student, action="courses.request_to_join", target=enrolment, details={"cohort": cohort.pk})
    return enrolment


def _pending_request(*, enrolment: Enrolment, actor: User) -> Enrolment:
    if not teaches(actor, enrolment.cohort_id):
        raise NotAllowed(_("You do not teach this cohort."))
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",)).select_related("cohort", "student").get(pk=enrolment.pk)
    )
    if enrolment.status != Enrolment.Status.REQUESTED:
        raise EnrolmentConflict(_("This request has already been decided."))
    return enrolment


@transaction.atomic
def accept_join_request(*, enrolment: Enrolment, actor: User) -> Enrolment:
    enrolment = _pending_request(enrolment=enrolment, actor=actor)
    _check_no_other_active(student=enrolment.student, cohort=enrolment.cohort)
    _activate(enrolment=enrolment, actor=actor)
    record_action(actor=actor, action="courses.accept_join_request", target=enrolment)
    return enrolment


@transaction.atomic
def decline_join_request(*, enrolment: Enrolment, actor: User) -> Enrolment:
    enrolment = _pending_request(enrolment=enrolment, actor=actor)
    enrolment.status = Enrolment.Status.DECLINED
    enrolment.decided_by = actor
    enrolment.save(update_fields=["status", "decided_by"])
    record_action(actor=actor, action="courses.decline_join_request", target=enrolment)
    return enrolment
