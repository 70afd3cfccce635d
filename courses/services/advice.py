"""Written advice: questions to the cohort's teachers, answered in a thread, notified by email."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopportal.audit.services import record_action
from coopportal.mail.services import single_line_subject
from coopportal.users.models import User

from .. import notifications
from ..access import teaches
from ..exceptions import InvalidSubmission, NotAllowed
from ..models import AdviceQuestion, AdviceReply, Enrolment


@transaction.atomic
def ask_question(*, enrolment: Enrolment, student: User, subject: str, body: str) -> AdviceQuestion:

    if enrolment.student_id != student.pk or enrolment.status != Enrolment.Status.ACTIVE:
        raise NotAllowed(_("Only an active student of the cohort asks its teachers."))
    subject, body = single_line_subject(subject or ""), (body or "").strip()
    if not subject or not body:
        raise InvalidSubmission(_("Write a subject and your question."))
    now = timezone.now()
    question = AdviceQuestion.objects.create(
        enrolment=enrolment, subject=subject[:200], body=body, created_at=now, updated_at=now
    )
    record_action(actor=student, action="courses.ask_question", target=question)
    notifications.question_asked(question)
    return question


@transaction.atomic
def reply_to_question(*, question: AdviceQuestion, author: User, body: str) -> AdviceReply:
    """A teacher's answer marks the question answered; the student's follow-up reopens it."""

    body = (body or "").strip()
    if not body:
        raise InvalidSubmission(_("Write a message."))
    is_student = question.enrolment.student_id == author.pk
    if not (is_student or teaches(author, question.enrolment.cohort_id)):
        raise NotAllowed(_("Only the student and the cohort's teachers write in this thread."))
    question = (
        AdviceQuestion.objects.select_for_update(of=("self",))
        .select_related("enrolment__student", "enrolment__cohort")
        .get(pk=question.pk)
    )
    now = timezone.now()
    reply = AdviceReply.objects.create(question=question, author=author, body=body, created_at=now)
    question.status = AdviceQuestion.Status.OPEN if is_student else AdviceQuestion.Status.ANSWERED
    question.updated_at = now
    question.save(update_fields=["status", "updated_at"])
    record_action(actor=author, action="courses.reply_to_question", target=question, details={"reply": reply.pk})
    notifications.reply_written(reply)
    return reply
