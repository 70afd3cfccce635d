"""Student pages: the dashboard ladder, lessons, quizzes, documents and questions through the test client."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from courses import selectors, services
from courses.models import KpiSubmission, Lesson, Quiz, QuizAttempt
from tests.conftest import SESSION_QUERIES
from tests.courses.factories import (
    CohortFactory,
    enrolled_student,
    level,
    pdf_upload,
    read_lessons,
    student,
    teacher,
)
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(email=user.email, password=TEST_PASSWORD)


def test_dashboard_shows_theory_progress_and_the_seven_levels(client):
    cohort = CohortFactory(teachers=[teacher()])
    enrolment = enrolled_student(cohort)
    login(client, enrolment.student)
    response = client.get(reverse("courses:dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    for name in ("Private", "Associates", "Close", "Familiar", "Teamwork", "Publication", "Exam"):
        assert name in body
    assert "Theory passed" in body
    assert "not submitted yet" in body


def test_quiz_page_never_sends_the_correct_answers(client):
    user = student()
    login(client, user)
    quiz = Quiz.objects.first()
    read_lessons(user, section=quiz.section)
    response = client.get(reverse("courses:quiz", args=[quiz.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for question in quiz.questions.all():
        assert question.explanation not in body
        kind = "checkbox" if question.kind == "multiple" else "radio"
        for choice in question.choices.all():
            # Every option is marked up the same way: nothing tells a correct one apart.
            assert f'<input type="{kind}" name="q_{question.pk}" value="{choice.pk}"> {escape(choice.text)}' in body
    assert "is_correct" not in body and "data-correct" not in body


def test_quiz_post_with_a_foreign_question_is_refused_with_a_message(client):
    user = student()
    login(client, user)
    quiz, other = Quiz.objects.all()[:2]
    read_lessons(user, section=quiz.section)
    data = {f"q_{q.pk}": [q.choices.first().pk] for q in quiz.questions.all()}
    foreign = other.questions.first()
    data[f"q_{foreign.pk}"] = [foreign.choices.first().pk]
    response = client.post(reverse("courses:quiz", args=[quiz.pk]), data)
    assert response.status_code == 200
    assert "not part of this quiz" in response.content.decode()
    assert not QuizAttempt.objects.filter(student=user, submitted_at__isnull=False).exists()


def test_lesson_page_renders_markdown_and_never_a_script(client):
    lesson = Lesson.objects.first()
    lesson.body = "**Bold** <script>alert('x')</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    lesson.save()
    login(client, student())
    body = client.get(reverse("courses:lesson", args=[lesson.slug])).content.decode()
    article = body.split('<article class="prose">')[1].split("</article>")[0]
    assert "<strong>Bold</strong>" in article
    assert "<script" not in article
    assert "javascript:" not in article
    assert "onerror" not in article


def test_submitting_an_exe_renamed_pdf_is_refused_and_nothing_stored(client):
    cohort = CohortFactory(teachers=[teacher()])
    enrolment = enrolled_student(cohort)
    requirement = level("private").requirements.first()
    login(client, enrolment.student)
    exe = pdf_upload("abstract.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = client.post(
        reverse("courses:submit_document", args=["private", requirement.pk]),
        {f"kpi{requirement.pk}-file": exe},
    )
    assert response.status_code == 400
    assert "not an accepted type" in response.content.decode()
    assert not KpiSubmission.objects.exists()


def test_submitting_to_a_locked_level_is_refused(client):
    cohort = CohortFactory(teachers=[teacher()])
    enrolment = enrolled_student(cohort)
    requirement = level("associates").requirements.filter(kind="document").first()
    login(client, enrolment.student)
    response = client.post(
        reverse("courses:submit_document", args=["associates", requirement.pk]),
        {f"kpi{requirement.pk}-text": "Our group abstract."},
    )
    assert response.status_code == 400
    assert "locked" in response.content.decode()
    assert not KpiSubmission.objects.exists()


def test_student_submits_a_pdf_and_downloads_it_as_an_attachment(client):
    cohort = CohortFactory(teachers=[teacher()])
    enrolment = enrolled_student(cohort)
    requirement = level("private").requirements.first()
    login(client, enrolment.student)
    response = client.post(
        reverse("courses:submit_document", args=["private", requirement.pk]),
        {f"kpi{requirement.pk}-file": pdf_upload(), f"kpi{requirement.pk}-text": ""},
    )
    assert response.status_code == 302
    submission = KpiSubmission.objects.get()
    assert submission.file.name.startswith("kpi/") and "abstract" not in submission.file.name
    download = client.get(reverse("courses:submission_file", args=[submission.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_lesson_page_links_its_neighbours_and_shows_when_it_is_done(client):
    first, second = Lesson.objects.order_by("section__order", "order")[:2]
    assert first.section_id == second.section_id
    user = student()
    login(client, user)
    page = client.get(reverse("courses:lesson", args=[first.slug])).content.decode()
    assert "Previous lesson" not in page
    assert '<span class="badge met">' not in page
    services.mark_lesson_done(student=user, lesson=first)
    page = client.get(reverse("courses:lesson", args=[first.slug])).content.decode()
    assert '<span class="badge met">' in page
    page = client.get(reverse("courses:lesson", args=[second.slug])).content.decode()
    assert reverse("courses:lesson", args=[first.slug]) in page
    assert client.get(reverse("courses:lesson", args=["no-such-lesson"])).status_code == 404


def test_an_edited_lesson_shows_its_new_text_on_the_next_request(client):
    lesson = Lesson.objects.first()
    login(client, student())
    url = reverse("courses:lesson", args=[lesson.slug])
    client.get(url)
    Lesson.objects.filter(pk=lesson.pk).update(body="A **fresh** text")
    assert "A <strong>fresh</strong> text" in client.get(url).content.decode()


def test_lesson_page_runs_the_same_queries_with_1_and_50_students_done(client, django_assert_max_num_queries):
    lesson = Lesson.objects.first()
    services.mark_lesson_done(student=student(), lesson=lesson)
    login(client, student())
    url = reverse("courses:lesson", args=[lesson.slug])
    # Queries: session (none when Redis caches it), user, groups; the lesson with its section, neighbours and
    # whether it is done — 4 at most.
    with django_assert_max_num_queries(4) as one:
        assert client.get(url).status_code == 200
    for _ in range(49):
        services.mark_lesson_done(student=student(), lesson=lesson)
    with django_assert_max_num_queries(4) as fifty:
        assert client.get(url).status_code == 200
    assert len(fifty.captured_queries) == len(one.captured_queries)


def test_dashboard_runs_the_same_queries_with_1_and_50_students(client, django_assert_max_num_queries):
    cohort = CohortFactory(teachers=[teacher()])
    enrolment = enrolled_student(cohort)
    services.ask_question(enrolment=enrolment, student=enrolment.student, subject="Shares", body="How big?")
    login(client, enrolment.student)
    # Queries: the session; the user with their roles; the enrolment with its
    # course, cohort, region and theory counts; votes waiting; trials to confirm attending; classmates'
    # presentations to confirm; the levels with the student's and the cohort's figures; their requirements
    # with the latest submissions; the student's presentations; the questions with their last reply; the
    # teachers.
    with django_assert_max_num_queries(10 + SESSION_QUERIES) as one:
        assert client.get(reverse("courses:dashboard")).status_code == 200
    for _ in range(49):
        other = enrolled_student(cohort, theory=False)
        services.ask_question(enrolment=other, student=other.student, subject="Fees", body="When do we pay?")
    requirement = level("private").requirements.first()
    services.submit_kpi_document(enrolment=enrolment, requirement=requirement, student=enrolment.student, text="x")
    with django_assert_max_num_queries(10 + SESSION_QUERIES) as fifty:
        assert client.get(reverse("courses:dashboard")).status_code == 200
    assert len(fifty.captured_queries) == len(one.captured_queries)


def test_theory_page_and_marking_a_lesson_done_show_progress(client):
    user = student()
    login(client, user)
    lesson = Lesson.objects.order_by("section__order", "order").first()
    response = client.post(reverse("courses:lesson_done", args=[lesson.slug]))
    assert response.status_code == 302
    page = client.get(reverse("courses:theory")).content.decode()
    assert f"1 of {Lesson.objects.count()} lessons done" in page


def test_classmate_confirms_attending_then_votes_and_the_presenter_cannot(client):
    from tests.courses.factories import at_level, trial

    cohort = CohortFactory(teachers=[teacher()])
    presenter, classmate = at_level(cohort, "associates"), at_level(cohort, "associates")
    presentation = trial(presenter)
    login(client, classmate.student)
    assert "did you attend?" in client.get(reverse("courses:dashboard")).content.decode()
    attended = client.post(reverse("courses:presentation", args=[presentation.pk]), {"attended": "1"})
    assert attended.status_code == 302
    client.logout()
    login(client, presenter.student)
    own = client.post(reverse("courses:presentation", args=[presentation.pk]), {"vote": "approve"})
    assert own.status_code == 400
    assert "cannot vote on your own presentation" in own.content.decode()
    client.logout()
    login(client, classmate.student)
    assert "waiting for your vote" in client.get(reverse("courses:dashboard")).content.decode()
    response = client.post(reverse("courses:presentation", args=[presentation.pk]), {"vote": "approve"})
    assert response.status_code == 302
    assert presentation.attendees.get().vote == "approve"
    report = selectors.level_report(enrolment=presenter, level_code="associates")
    assert next(k for k in report.kpis if k.kind == "peer_approval").met


def test_an_outsider_cannot_open_a_cohorts_trial_presentation(client):
    from tests.courses.factories import at_level, trial

    cohort = CohortFactory(teachers=[teacher()])
    presenter, classmate = at_level(cohort, "associates"), at_level(cohort, "associates")
    presentation = trial(presenter, attended_by=[classmate])
    login(client, student())
    assert client.get(reverse("courses:presentation", args=[presentation.pk])).status_code == 404


def test_a_second_version_while_the_first_waits_is_refused_with_a_message(client):
    cohort = CohortFactory(teachers=[teacher()])
    enrolment = enrolled_student(cohort)
    requirement = level("private").requirements.first()
    login(client, enrolment.student)
    url = reverse("courses:submit_document", args=["private", requirement.pk])
    assert client.post(url, {f"kpi{requirement.pk}-text": "v1"}).status_code == 302
    page = client.get(reverse("courses:level", args=["private"])).content.decode()
    assert f'action="{url}"' not in page  # no form while the first version waits
    response = client.post(url, {f"kpi{requirement.pk}-text": "v2"})
    assert response.status_code == 400
    assert "still waiting for teacher review" in response.content.decode()
    assert KpiSubmission.objects.count() == 1


def test_a_level_code_the_course_does_not_have_is_not_found(client):
    enrolment = enrolled_student(CohortFactory(teachers=[teacher()]))
    login(client, enrolment.student)
    assert client.get(reverse("courses:level", args=["private"])).status_code == 200
    assert client.get(reverse("courses:level", args=["no-such-level"])).status_code == 404
