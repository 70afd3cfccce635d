"""Written advice: a thread per question, email to the other side at each message."""

import pytest
from django.urls import reverse

from courses import services
from courses.exceptions import NotAllowed
from tests.courses.factories import CohortFactory, enrolled_student, teacher

pytestmark = pytest.mark.django_db


def test_a_question_emails_the_teachers_and_an_answer_emails_the_student(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(teachers=[teacher(), teacher()])
    enrolment = enrolled_student(cohort)
    client.force_login(enrolment.student)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("courses:questions"), {"subject": "Audit", "body": "Who audits the board?"})
    assert response.status_code == 302
    assert sorted(mailoutbox[-1].to) == sorted(t.email for t in cohort.teachers.all())
    question = enrolment.questions.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_question(question=question, author=cohort.teachers.first(), body="The audit commission.")
    assert mailoutbox[-1].to == [enrolment.student.email]
    assert "The audit commission." in mailoutbox[-1].body
    page = client.get(reverse("courses:dashboard")).content.decode()
    assert "The audit commission." in page
    # The student's follow-up reopens the question for the teachers.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("courses:question", args=[question.pk]), {"body": "And in a small cooperative?"})
    question.refresh_from_db()
    assert question.status == "open"
    assert sorted(mailoutbox[-1].to) == sorted(t.email for t in cohort.teachers.all())


def test_an_empty_question_is_refused_and_nothing_stored(client):
    enrolment = enrolled_student(CohortFactory(teachers=[teacher()]))
    client.force_login(enrolment.student)
    response = client.post(reverse("courses:questions"), {"subject": "", "body": ""})
    assert response.status_code == 400
    assert not enrolment.questions.exists()


def test_a_teacher_of_another_cohort_cannot_answer():
    enrolment = enrolled_student(CohortFactory(teachers=[teacher()]))
    question = services.ask_question(enrolment=enrolment, student=enrolment.student, subject="S", body="B")
    with pytest.raises(NotAllowed):
        services.reply_to_question(question=question, author=teacher(), body="Hi")
    assert not question.replies.exists()
