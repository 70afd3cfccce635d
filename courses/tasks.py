"""Email notifications of course delivery. Tasks take ids; a missing row is logged and skipped."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import AdviceQuestion, AdviceReply, KpiSubmission

logger = logging.getLogger(__name__)


def _teacher_emails(cohort) -> list[str]:
    return list(cohort.teachers.filter(is_active=True).values_list("email", flat=True))


def _link(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


@shared_task(name="courses.notify_question_asked")
def notify_question_asked(question_id: int) -> None:
    question = (
        AdviceQuestion.objects.select_related("enrolment__cohort", "enrolment__student").filter(pk=question_id).first()
    )
    if question is None:
        logger.info("Question %s is gone; no notification.", question_id)
        return
    recipients = _teacher_emails(question.enrolment.cohort)
    if not recipients:
        return
    send_mail(
        _("New question from %(student)s: %(subject)s")
        % {"student": question.enrolment.student, "subject": question.subject},
        _("%(student)s asked:\n\n%(body)s\n\nAnswer it in the administration: %(link)s")
        % {
            "student": question.enrolment.student,
            "body": question.body,
            "link": _link("admin:courses_advicequestion_change", question.pk),
        },
        None,
        recipients,
    )


@shared_task(name="courses.notify_reply")
def notify_reply(reply_id: int) -> None:
    reply = (
        AdviceReply.objects.select_related("author", "question__enrolment__student", "question__enrolment__cohort")
        .filter(pk=reply_id)
        .first()
    )
    if reply is None:
        logger.info("Reply %s is gone; no notification.", reply_id)
        return
    question = reply.question
    student = question.enrolment.student
    if reply.author_id == student.pk:
        recipients = _teacher_emails(question.enrolment.cohort)
        link = _link("admin:courses_advicequestion_change", question.pk)
    else:
        recipients = [student.email]
        link = _link("courses:question", question.pk)
    if not recipients:
        return
    send_mail(
        _("New message on “%(subject)s”") % {"subject": question.subject},
        _("%(author)s wrote:\n\n%(body)s\n\nRead the thread: %(link)s")
        % {"author": reply.author, "body": reply.body, "link": link},
        None,
        recipients,
    )


@shared_task(name="courses.notify_submission_reviewed")
def notify_submission_reviewed(submission_id: int) -> None:
    submission = (
        KpiSubmission.objects.select_related("enrolment__student", "requirement").filter(pk=submission_id).first()
    )
    if submission is None:
        logger.info("Submission %s is gone; no notification.", submission_id)
        return
    send_mail(
        _("Your document “%(kpi)s”: %(status)s")
        % {"kpi": submission.requirement.label, "status": submission.get_status_display()},
        _("%(status)s.\n\n%(comment)s\n\nSee your course dashboard: %(link)s")
        % {
            "status": submission.get_status_display(),
            "comment": submission.comment,
            "link": _link("courses:dashboard"),
        },
        None,
        [submission.enrolment.student.email],
    )
