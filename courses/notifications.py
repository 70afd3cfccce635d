"""Emails of course delivery, written into the outbox inside the service's transaction (sent after commit)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from coopportal.mail.services import queue_email

from .models import AdviceQuestion, AdviceReply, KpiSubmission


def _link(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _teacher_emails(cohort) -> list[str]:
    return list(cohort.teachers.filter(is_active=True).values_list("email", flat=True))


def question_asked(question: AdviceQuestion) -> None:
    recipients = _teacher_emails(question.enrolment.cohort)
    if not recipients:
        return
    student = question.enrolment.student
    queue_email(
        recipients=recipients,
        subject=(_("New question from %(student)s: %(subject)s") % {"student": student, "subject": question.subject})[
            :200
        ],
        body=_("%(student)s asked:\n\n%(body)s\n\nAnswer it in the administration: %(link)s")
        % {
            "student": student,
            "body": question.body,
            "link": _link("admin:courses_advicequestion_change", question.pk),
        },
    )


def reply_written(reply: AdviceReply) -> None:
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
    queue_email(
        recipients=recipients,
        subject=(_("New message on “%(subject)s”") % {"subject": question.subject})[:200],
        body=_("%(author)s wrote:\n\n%(body)s\n\nRead the thread: %(link)s")
        % {"author": reply.author, "body": reply.body, "link": link},
    )


def submission_reviewed(submission: KpiSubmission) -> None:
    status = submission.get_status_display()
    queue_email(
        recipients=[submission.enrolment.student.email],
        subject=(_("Your document “%(kpi)s”: %(status)s") % {"kpi": submission.requirement.label, "status": status})[
            :200
        ],
        body=_("%(status)s.\n\n%(comment)s\n\nSee your course dashboard: %(link)s")
        % {"status": status, "comment": submission.comment, "link": _link("courses:dashboard")},
    )
