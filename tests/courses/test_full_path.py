"""Done when: sign-up → email confirmation → theory → level 1 documents → teacher approves in the admin → level 2."""

import re

import pytest
from django.urls import reverse

from courses.models import Enrolment, KpiSubmission, Lesson, Quiz
from tests.courses.factories import CohortFactory, level, teacher
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_a_student_goes_from_sign_up_to_an_open_level_two_with_the_teacher_in_the_admin(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(teachers=[teacher()], open_for_requests=True)
    teacher_user = cohort.teachers.first()

    # Sign up and confirm the email address (the outbox sends the confirmation after commit).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "full_name": "Aliya Test-Student",
                "email": "aliya@example.org",
                "password1": TEST_PASSWORD,
                "password2": TEST_PASSWORD,
            },
        )
    assert response.status_code == 302
    link = re.search(r"https?://\S+/accounts/confirm-email/(\S+)/", mailoutbox[-1].body)
    confirm_url = reverse("account_confirm_email", args=[link.group(1)])
    assert client.post(confirm_url).status_code == 302
    assert client.get(reverse("courses:dashboard")).status_code == 200

    # Read every lesson and pass every quiz.
    for lesson in Lesson.objects.order_by("section__order", "order"):
        assert client.get(reverse("courses:lesson", args=[lesson.slug])).status_code == 200
        client.post(reverse("courses:lesson_done", args=[lesson.slug]))
    for quiz in Quiz.objects.prefetch_related("questions__choices"):
        data = {f"q_{q.pk}": [c.pk for c in q.choices.all() if c.is_correct] for q in quiz.questions.all()}
        response = client.post(reverse("courses:quiz", args=[quiz.pk]), data)
        assert response.status_code == 302
        assert "Passed." in client.get(response["Location"]).content.decode()
    dashboard = client.get(reverse("courses:dashboard")).content.decode()
    assert "Theory passed" in dashboard

    # Ask to join the cohort; the teacher accepts in the admin; level 1 opens.
    client.post(reverse("courses:join_cohort", args=[cohort.pk]))
    request = Enrolment.objects.get(student__email="aliya@example.org")
    student_client = client
    teacher_client = type(client)()
    teacher_client.force_login(teacher_user)
    teacher_client.post(
        reverse("admin:courses_enrolment_changelist"), {"action": "accept_requests", "_selected_action": [request.pk]}
    )
    request.refresh_from_db()
    assert request.current_level == level("private")

    # Submit the three level-1 documents.
    for requirement in level("private").requirements.all():
        response = student_client.post(
            reverse("courses:submit_document", args=["private", requirement.pk]),
            {f"kpi{requirement.pk}-text": f"My {requirement.label.lower()}."},
        )
        assert response.status_code == 302
    assert "waiting for teacher review" in student_client.get(reverse("courses:dashboard")).content.decode()

    # The teacher approves them from the review queue.
    queue = teacher_client.get(reverse("admin:courses_kpisubmission_changelist"), {"status__exact": "pending"})
    pending = list(queue.context["cl"].queryset)
    assert len(pending) == 3
    teacher_client.post(
        reverse("admin:courses_kpisubmission_changelist"),
        {"action": "approve_selected", "_selected_action": [s.pk for s in pending]},
    )
    assert not KpiSubmission.objects.filter(status="pending").exists()

    # Level 2 is open on the student's dashboard.
    request.refresh_from_db()
    assert request.current_level == level("associates")
    level_page = student_client.get(reverse("courses:level", args=["associates"]))
    assert level_page.status_code == 200
    assert "Trial presentation before classmates" in level_page.content.decode()
