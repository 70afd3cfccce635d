"""Quizzes that test: shuffled options per attempt, results that do not give the answers away, quizzes that
open after their lessons, partial submits that keep what was ticked, and the theory passed only when done."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from courses import selectors, services
from courses.exceptions import QuizIncomplete, QuizLocked
from courses.models import Course, Lesson, LevelTransition, Quiz, QuizAttempt
from tests.conftest import SESSION_QUERIES
from tests.courses.factories import CohortFactory, enrolled_student, read_lessons, student, teacher
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(email=user.email, password=TEST_PASSWORD)


def first_quiz() -> Quiz:
    return Quiz.objects.select_related("section__course").order_by("section__order").first()


def shown_order(body: str, question) -> list[int]:
    return [int(value) for value in re.findall(rf'name="q_{question.pk}" value="(\d+)"', body)]


def answers_with(quiz, *, right: int) -> dict[int, list[int]]:
    """The first `right` questions answered correctly, the rest wrong."""
    answers = {}
    for index, question in enumerate(quiz.questions.prefetch_related("choices")):
        correct = [c.id for c in question.choices.all() if c.is_correct]
        wrong = [c.id for c in question.choices.all() if not c.is_correct][:1]
        answers[question.id] = correct if index < right else wrong
    return answers


def post_data(answers) -> dict:
    return {f"q_{question_id}": ids for question_id, ids in answers.items()}


def test_options_are_shuffled_per_attempt_and_a_reload_shows_the_same_order(client):
    user = student()
    quiz = first_quiz()
    read_lessons(user, section=quiz.section)
    login(client, user)
    url = reverse("courses:quiz", args=[quiz.pk])
    questions = list(quiz.questions.all())
    first = client.get(url).content.decode()
    reload = client.get(url).content.decode()
    attempt = QuizAttempt.objects.get(student=user, quiz=quiz, submitted_at__isnull=True)
    for question in questions:
        assert shown_order(first, question) == shown_order(reload, question) == attempt.option_order[str(question.pk)]
    orders = {tuple(tuple(shown_order(first, q)) for q in questions)}
    for _ in range(4):
        services.submit_quiz(student=user, quiz=quiz, answers=answers_with(quiz, right=0))
        body = client.get(url).content.decode()
        orders.add(tuple(tuple(shown_order(body, q)) for q in questions))
    # Five attempts drawing the same order of every option of every question would be a broken shuffle.
    assert len(orders) > 1
    assert QuizAttempt.objects.filter(student=user, quiz=quiz, submitted_at__isnull=True).count() == 1


def test_the_right_option_is_not_always_shown_first():
    user = student()
    quiz = first_quiz()
    read_lessons(user, section=quiz.section)
    correct = {c.pk for q in quiz.questions.prefetch_related("choices") for c in q.choices.all() if c.is_correct}
    first_shown = set()
    for _ in range(6):
        attempt = services.start_quiz_attempt(student=user, quiz=quiz)
        first_shown |= {order[0] for order in attempt.option_order.values()}
        services.submit_quiz(student=user, quiz=quiz, answers=answers_with(quiz, right=0))
    assert first_shown - correct


def test_grading_goes_by_option_id_not_by_position(client, monkeypatch):
    # Every attempt shows the options reversed: the content's first option comes last.
    monkeypatch.setattr("courses.services.theory._shuffle", lambda ids: ids.reverse())
    user = student()
    quiz = first_quiz()
    read_lessons(user, section=quiz.section)
    login(client, user)
    body = client.get(reverse("courses:quiz", args=[quiz.pk])).content.decode()
    answers = answers_with(quiz, right=99)
    for question in quiz.questions.all():
        assert shown_order(body, question) == list(reversed(question.choices.values_list("pk", flat=True)))
    response = client.post(reverse("courses:quiz", args=[quiz.pk]), post_data(answers))
    attempt = QuizAttempt.objects.get(student=user, quiz=quiz, submitted_at__isnull=False)
    assert response.status_code == 302
    assert attempt.passed and attempt.score == quiz.questions.count()


def test_a_failed_attempt_names_the_wrong_questions_but_not_the_right_answers(client):
    user = student()
    quiz = first_quiz()
    read_lessons(user, section=quiz.section)
    attempt = services.submit_quiz(student=user, quiz=quiz, answers=answers_with(quiz, right=quiz.pass_mark - 1))
    login(client, user)
    body = client.get(reverse("courses:attempt", args=[attempt.pk])).content.decode()
    assert not attempt.passed
    assert body.count('<span class="badge bad">wrong</span>') == quiz.questions.count() - (quiz.pass_mark - 1)
    assert body.count('<span class="badge met">correct</span>') == quiz.pass_mark - 1
    assert "correct answer" not in body
    for question in quiz.questions.exclude(explanation=""):
        assert escape(question.explanation) not in body


def test_the_right_answers_and_explanations_show_once_the_attempt_passed(client):
    user = student()
    quiz = first_quiz()
    read_lessons(user, section=quiz.section)
    attempt = services.submit_quiz(student=user, quiz=quiz, answers=answers_with(quiz, right=99))
    login(client, user)
    body = client.get(reverse("courses:attempt", args=[attempt.pk])).content.decode()
    assert attempt.passed
    assert body.count("correct answer") >= quiz.questions.count()
    explained = quiz.questions.exclude(explanation="").first()
    assert explained is not None and escape(explained.explanation) in body


def test_an_attempt_not_yet_submitted_and_another_students_attempt_show_no_result(client):
    user, classmate = student(), student()
    quiz = first_quiz()
    read_lessons(user, section=quiz.section)
    read_lessons(classmate, section=quiz.section)
    open_attempt = services.start_quiz_attempt(student=user, quiz=quiz)
    theirs = services.submit_quiz(student=classmate, quiz=quiz, answers=answers_with(quiz, right=99))
    login(client, user)
    assert client.get(reverse("courses:attempt", args=[open_attempt.pk])).status_code == 404
    assert client.get(reverse("courses:attempt", args=[theirs.pk])).status_code == 404


def test_a_sections_quiz_opens_only_once_its_lessons_are_done(client):
    user = student()
    quiz = first_quiz()
    lessons = list(quiz.section.lessons.order_by("order"))
    for lesson in lessons[:-1]:
        services.mark_lesson_done(student=user, lesson=lesson)
    with pytest.raises(QuizLocked):
        services.submit_quiz(student=user, quiz=quiz, answers=answers_with(quiz, right=99))
    login(client, user)
    response = client.get(reverse("courses:quiz", args=[quiz.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("courses:theory")
    body = response.content.decode()
    assert "This quiz opens once you have read every lesson of its section." in body
    assert "opens once this section's lessons are done" in body
    assert not QuizAttempt.objects.filter(student=user).exists()
    services.mark_lesson_done(student=user, lesson=lessons[-1])
    assert client.get(reverse("courses:quiz", args=[quiz.pk])).status_code == 200


def test_a_course_can_open_its_quizzes_before_the_lessons_are_read():
    Course.objects.update(quizzes_need_lessons=False)
    user = student()
    quiz = first_quiz()
    attempt = services.submit_quiz(student=user, quiz=quiz, answers=answers_with(quiz, right=99))
    assert attempt.passed


def test_a_partial_submit_keeps_the_ticked_answers_and_names_the_unanswered_question(client):
    user = student()
    quiz = first_quiz()
    read_lessons(user, section=quiz.section)
    login(client, user)
    questions = list(quiz.questions.order_by("order"))
    answers = answers_with(quiz, right=99)
    skipped = questions[1]
    del answers[skipped.pk]
    response = client.post(reverse("courses:quiz", args=[quiz.pk]), post_data(answers))
    assert response.status_code == 200
    body = response.content.decode()
    assert "1 is not answered yet" in body
    for question_id, ids in answers.items():
        for choice_id in ids:
            assert re.search(rf'name="q_{question_id}" value="{choice_id}" checked', body)
    fieldset = re.search(rf'<fieldset id="question-{skipped.pk}"[^>]*>(.*?)</fieldset>', body, re.S)
    assert 'aria-invalid="true"' in fieldset.group(0) and "Not answered yet." in fieldset.group(1)
    assert body.count("Not answered yet.") == 1
    with pytest.raises(QuizIncomplete) as refused:
        services.submit_quiz(student=user, quiz=quiz, answers=answers)
    assert refused.value.unanswered == [skipped.pk]
    assert not QuizAttempt.objects.filter(student=user, submitted_at__isnull=False).exists()


def test_the_progress_bar_shows_lessons_and_quizzes_as_separate_figures(client):
    user = student()
    quiz = first_quiz()
    read_lessons(user, section=quiz.section)
    services.submit_quiz(student=user, quiz=quiz, answers=answers_with(quiz, right=99))
    login(client, user)
    read = quiz.section.lessons.count()
    for page in (reverse("courses:theory"), reverse("courses:dashboard")):
        body = client.get(page).content.decode()
        assert f'<progress id="theory-lessons" max="{Lesson.objects.count()}" value="{read}">' in body
        assert f'<progress id="theory-quizzes" max="{Quiz.objects.count()}" value="1">' in body
        assert f"{read} of {Lesson.objects.count()} lessons done" in body
        assert f"1 of {Quiz.objects.count()} quizzes passed" in body


def test_theory_is_passed_only_when_every_lesson_is_read_and_every_quiz_passed(client):
    Course.objects.update(quizzes_need_lessons=False)
    cohort = CohortFactory(teachers=[teacher()])
    enrolment = enrolled_student(cohort, theory=False)
    user = enrolment.student
    *lessons, last = Lesson.objects.order_by("section__order", "order").select_related("section")
    for lesson in lessons:
        services.mark_lesson_done(student=user, lesson=lesson)
    for quiz in Quiz.objects.all():
        services.submit_quiz(student=user, quiz=quiz, answers=answers_with(quiz, right=99))
    enrolment.refresh_from_db()
    assert enrolment.current_level is None
    assert not selectors.theory_passed(student=user, course_id=enrolment.course_id)
    login(client, user)
    assert "Theory passed" not in client.get(reverse("courses:dashboard")).content.decode()
    services.mark_lesson_done(student=user, lesson=last)
    enrolment.refresh_from_db()
    assert enrolment.current_level.code == "private"
    assert enrolment.transitions.filter(kind=LevelTransition.Kind.THEORY_PASSED).exists()
    assert "Theory passed" in client.get(reverse("courses:dashboard")).content.decode()


def test_quiz_page_runs_the_same_queries_with_1_and_50_attempts(client, django_assert_max_num_queries):
    user = student()
    quiz = first_quiz()
    read_lessons(user, section=quiz.section)
    login(client, user)
    url = reverse("courses:quiz", args=[quiz.pk])
    client.get(url)
    # Queries: the session; the user with their roles; the quiz with its section and course; its
    # questions; their options; whether a lesson of the section is unread; the open attempt.
    with django_assert_max_num_queries(6 + SESSION_QUERIES) as one:
        assert client.get(url).status_code == 200
    for _ in range(49):
        services.submit_quiz(student=user, quiz=quiz, answers=answers_with(quiz, right=0))
    client.get(url)
    with django_assert_max_num_queries(6 + SESSION_QUERIES) as fifty:
        assert client.get(url).status_code == 200
    assert len(fifty.captured_queries) == len(one.captured_queries)
