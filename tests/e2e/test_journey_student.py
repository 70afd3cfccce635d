"""Journey 1 in Chromium: sign-up → email confirmation → theory → join a cohort → level-1 documents → the teacher
accepts and approves in the Django admin → level 2 is open."""

import re

import pytest
from django.core import mail

from coopportal.users.models import User
from courses import services
from courses.models import Enrolment, KpiSubmission, Lesson, Quiz
from tests.courses.factories import CohortFactory, level, teacher
from tests.e2e.conftest import assert_fits_phone_and_desktop, screenshot
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def run_admin_action(page, url, action, pks):
    page.goto(url)
    assert_fits_phone_and_desktop(page)
    for pk in pks:
        page.locator(f"input[name=_selected_action][value='{pk}']").check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()


def test_student_reaches_level_two_in_the_browser_with_the_teacher_in_the_admin(live_server, new_page):
    cohort = CohortFactory(teachers=[teacher()], open_for_requests=True, name="Almaty browser cohort")
    teacher_user = cohort.teachers.first()

    student = new_page()
    student.goto(f"{live_server.url}/accounts/signup/")
    assert_fits_phone_and_desktop(student)
    student.locator("#id_full_name").fill("Dana Seitova")
    student.locator("#id_email").fill("dana@example.org")
    student.locator("#id_password1").fill(TEST_PASSWORD)
    student.locator("#id_password2").fill(TEST_PASSWORD)
    student.get_by_role("button", name="Sign Up").click()
    student.get_by_role("heading", name="Verify Your Email Address").wait_for()
    assert_fits_phone_and_desktop(student)
    student.goto(re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0))
    assert_fits_phone_and_desktop(student)
    student.get_by_role("button", name="Confirm").click()
    student.get_by_role("link", name="My course").first.click()
    assert_fits_phone_and_desktop(student)

    # Read a lesson; the section's quiz stays locked until its lessons are read.
    first_lesson = Lesson.objects.order_by("section__order", "order").first()
    first_quiz = Quiz.objects.get(section=first_lesson.section)
    student.goto(f"{live_server.url}/learn/quizzes/{first_quiz.pk}/")
    student.get_by_text("This quiz opens once you have read every lesson of its section.").wait_for()
    student.goto(f"{live_server.url}/learn/lessons/{first_lesson.slug}/")
    student.locator("article.prose h2, article.prose p").first.wait_for()
    screenshot(student, "courses-01-lesson")
    assert_fits_phone_and_desktop(student)
    student.get_by_role("button", name=re.compile("Done")).click()
    student.goto(f"{live_server.url}/learn/lessons/cooperative-versus-pyramid/")
    student.locator("article.prose table").wait_for()
    screenshot(student, "courses-01b-cooperative-versus-pyramid")
    assert_fits_phone_and_desktop(student)
    # The other lessons are read the same way; here through the service, to keep the journey short.
    dana = User.objects.get(email="dana@example.org")
    for lesson in Lesson.objects.select_related("section"):
        services.mark_lesson_done(student=dana, lesson=lesson)
    for quiz in Quiz.objects.order_by("section__order").prefetch_related("questions__choices"):
        student.goto(f"{live_server.url}/learn/quizzes/{quiz.pk}/")
        for question in quiz.questions.all():
            for choice in question.choices.all():
                if choice.is_correct:
                    student.locator(f"input[name=q_{question.pk}][value='{choice.pk}']").check()
        assert_fits_phone_and_desktop(student)
        student.get_by_role("button", name="Submit answers").click()
        student.locator("p.alert.success").wait_for()
    screenshot(student, "courses-02-quiz-passed")
    assert_fits_phone_and_desktop(student)

    # Ask to join; the teacher accepts in the admin.
    student.goto(f"{live_server.url}/learn/cohorts/")
    assert_fits_phone_and_desktop(student)
    student.get_by_role("button", name="Ask to join").click()
    student.get_by_text("Your request was sent").wait_for()
    request = Enrolment.objects.get(student__email="dana@example.org")

    admin = new_page()
    admin.goto(f"{live_server.url}/accounts/login/")
    assert_fits_phone_and_desktop(admin)
    admin.locator("#id_login").fill(teacher_user.email)
    admin.locator("#id_password").fill(TEST_PASSWORD)
    admin.get_by_role("button", name="Sign In").click()
    run_admin_action(admin, f"{live_server.url}/admin/courses/enrolment/", "accept_requests", [request.pk])
    admin.get_by_text("1 requests decided.").wait_for()

    # Submit the three level-1 documents.
    student.goto(f"{live_server.url}/learn/levels/private/")
    assert_fits_phone_and_desktop(student)
    for requirement in level("private").requirements.all():
        student.locator(f"#id_kpi{requirement.pk}-text").fill(f"My {requirement.label.lower()} for Almaty.")
        student.locator(f"form[action$='/kpi/{requirement.pk}/'] button").click()
        student.get_by_text("Submitted; your teachers will review it.").wait_for()
    screenshot(student, "courses-03-level-1-submitted")
    assert_fits_phone_and_desktop(student)

    # The teacher approves them from the review queue.
    pending = list(KpiSubmission.objects.filter(status="pending").values_list("pk", flat=True))
    assert len(pending) == 3
    run_admin_action(admin, f"{live_server.url}/admin/courses/kpisubmission/", "approve_selected", pending)
    admin.get_by_text("3 submissions reviewed.").wait_for()
    screenshot(admin, "courses-04-review-queue")
    assert_fits_phone_and_desktop(admin)

    student.goto(f"{live_server.url}/learn/")
    associates = student.locator("ol.ladder > li").nth(1)
    assert "open" in associates.inner_text()
    assert "passed" in student.locator("ol.ladder > li").nth(0).inner_text()
    screenshot(student, "courses-05-level-2-open")
    assert_fits_phone_and_desktop(student)
