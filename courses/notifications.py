"""Emails of course delivery, written into the outbox inside the service's transaction (sent after commit),
each in its recipients' language."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from coopportal.mail.services import queue_email_to_users

from .models import AdviceQuestion, AdviceReply, KpiSubmission


def _link(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _teachers(cohort) -> list:
    return list(cohort.teachers.filter(is_active=True).select_related("region"))


def question_asked(question: AdviceQuestion) -> None:
    teachers = _teachers(question.enrolment.cohort)
    student = question.enrolment.student

    def render():
        subject = _("New question from %(student)s: %(subject)s") % {"student": student, "subject": question.subject}
        body = _("%(student)s asked:\n\n%(body)s\n\nAnswer it in the administration: %(link)s") % {
            "student": student,
            "body": question.body,
            "link": _link("admin:courses_advicequestion_change", question.pk),
        }
        return subject[:200], body

    queue_email_to_users(users=teachers, render=render)


def reply_written(reply: AdviceReply) -> None:
    question = reply.question
    student = question.enrolment.student
    if reply.author_id == student.pk:
        recipients = _teachers(question.enrolment.cohort)
        link = _link("admin:courses_advicequestion_change", question.pk)
    else:
        recipients = [student]
        link = _link("courses:question", question.pk)

    def render():
        subject = _("New message on “%(subject)s”") % {"subject": question.subject}
        body = _("%(author)s wrote:\n\n%(body)s\n\nRead the thread: %(link)s") % {
            "author": reply.author,
            "body": reply.body,
            "link": link,
        }
        return subject[:200], body

    queue_email_to_users(users=recipients, render=render)


def submission_reviewed(submission: KpiSubmission) -> None:
    def render():
        status = submission.get_status_display()
        subject = _("Your document “%(kpi)s”: %(status)s") % {"kpi": submission.requirement.label, "status": status}
        body = _("%(status)s.\n\n%(comment)s\n\nSee your course dashboard: %(link)s") % {
            "status": status,
            "comment": submission.comment,
            "link": _link("courses:dashboard"),
        }
        return subject[:200], body

    queue_email_to_users(users=[submission.enrolment.student], render=render)
