"""The student's course pages run a bounded number of queries, whatever the data size: each page is
requested at a small and a large size of what it lists, and both counts must be equal (a query per row
shows as a failure here, not as a slow page in production)."""

import dataclasses
import re

import pytest
from django.urls import reverse

from courses import services
from courses.models import Lesson, Quiz
from courses.services.content import load_course_content, read_content
from tests.conftest import SESSION_QUERIES
from tests.courses.factories import (
    CohortFactory,
    add_subscribers,
    document_requirements,
    held_presentation,
    png_upload,
    read_lessons,
    student,
    student_at,
    teacher,
    trial,
)
from tests.courses.test_quizzes import answers_with, first_quiz

pytestmark = pytest.mark.django_db


def page_queries(client, url, bound, django_assert_max_num_queries) -> tuple[int, str]:
    """Request `url` (status 200) with at most `bound` queries: the number it ran and the page."""
    with django_assert_max_num_queries(bound) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


# The theory page -----------------------------------------------------------------------------------------


def test_the_theory_page_runs_the_same_queries_with_1_and_30_lessons_done(client, django_assert_max_num_queries):
    user = student()
    lessons = list(Lesson.objects.order_by("section__order", "order").select_related("section"))
    services.mark_lesson_done(student=user, lesson=lessons[0])
    client.force_login(user)
    url = reverse("courses:theory")
    # Queries: the session; the user with their roles; the course; the sections with their course and
    # quizzes; their lessons; the lessons the student has done; the quizzes' question counts; the student's
    # submitted attempts.
    bound = 7 + SESSION_QUERIES
    one, _page = page_queries(client, url, bound, django_assert_max_num_queries)
    for lesson in lessons[1:30]:
        services.mark_lesson_done(student=user, lesson=lesson)
    # Every quiz whose section is read now, failed once and then passed: best scores and passed badges.
    done = {lesson.section_id for lesson in lessons[:30]} - {lesson.section_id for lesson in lessons[30:]}
    for quiz in Quiz.objects.filter(section_id__in=done):
        services.submit_quiz(student=user, quiz=quiz, answers=answers_with(quiz, right=0))
        services.submit_quiz(student=user, quiz=quiz, answers=answers_with(quiz, right=99))
    assert len(done) > 1
    thirty, page = page_queries(client, url, bound, django_assert_max_num_queries)
    assert (
        f"30 of {len(lessons)} lessons done" in page and f"{len(done)} of {Quiz.objects.count()} quizzes passed" in page
    )
    assert thirty == one


# A quiz attempt's result ---------------------------------------------------------------------------------


def _quiz_with(questions: int):
    """The first quiz loaded through the content service with `questions` questions (the content's own,
    repeated under new keys when more are wanted) and a pass mark of one."""
    content = read_content()
    section, *others = content.sections
    source = section.questions
    grown = tuple(
        dataclasses.replace(source[n % len(source)], key=f"{source[n % len(source)].key}-{n}") for n in range(questions)
    )
    load_course_content(
        content=dataclasses.replace(
            content, sections=(dataclasses.replace(section, questions=grown, pass_mark=1), *others)
        )
    )
    quiz = first_quiz()
    assert quiz.questions.count() == questions
    return quiz


def test_the_attempt_page_runs_the_same_queries_with_1_and_30_questions(client, django_assert_max_num_queries):
    user = student()
    quiz = _quiz_with(1)
    read_lessons(user, section=quiz.section)
    client.force_login(user)
    # A passed attempt: the page also shows the right answers and the explanations.
    small = services.submit_quiz(student=user, quiz=quiz, answers=answers_with(quiz, right=99))
    # Queries: the session; the user with their roles; the attempt with its quiz and section; its answers;
    # the options chosen in them; the quiz's questions; their options.
    bound = 6 + SESSION_QUERIES
    one, _page = page_queries(client, reverse("courses:attempt", args=[small.pk]), bound, django_assert_max_num_queries)
    quiz = _quiz_with(30)
    large = services.submit_quiz(student=user, quiz=quiz, answers=answers_with(quiz, right=99))
    thirty, page = page_queries(
        client, reverse("courses:attempt", args=[large.pk]), bound, django_assert_max_num_queries
    )
    assert page.count('<span class="badge met">correct</span>') == 30
    assert thirty == one


# Cohorts open for join requests --------------------------------------------------------------------------


def test_the_cohorts_page_runs_the_same_queries_with_1_and_30_cohorts_and_requests(
    client, django_assert_max_num_queries
):
    user = student()
    first = CohortFactory(teachers=[teacher()], open_for_requests=True)
    services.request_to_join(cohort=first, student=user)
    client.force_login(user)
    url = reverse("courses:cohorts")
    # Queries: the session; the user with their roles; the student's own requests with their cohorts; the
    # open cohorts with their regions; their teachers.
    bound = 4 + SESSION_QUERIES
    one, _page = page_queries(client, url, bound, django_assert_max_num_queries)
    for _ in range(29):
        cohort = CohortFactory(teachers=[teacher(), teacher()], open_for_requests=True)
        services.request_to_join(cohort=cohort, student=user)
    thirty, page = page_queries(client, url, bound, django_assert_max_num_queries)
    assert page.count("Ask to join") == 30 and page.count("Asked to join") == 30
    assert thirty == one


# The student's questions and one question's thread -------------------------------------------------------


@pytest.fixture
def cohort():
    return CohortFactory(teachers=[teacher(), teacher()])


@pytest.fixture
def enrolment(cohort):
    return student_at(cohort, "private")


def ask(enrolment, subject="Shares"):
    return services.ask_question(enrolment=enrolment, student=enrolment.student, subject=subject, body="How big?")


def test_the_questions_page_runs_the_same_queries_with_1_and_30_questions(
    client, cohort, enrolment, django_assert_max_num_queries
):
    services.reply_to_question(question=ask(enrolment), author=cohort.teachers.first(), body="Ten thousand.")
    client.force_login(enrolment.student)
    url = reverse("courses:questions")
    # Queries: the session; the user with their roles; the enrolment; the questions with their last
    # reply's author and text.
    bound = 3 + SESSION_QUERIES
    one, _page = page_queries(client, url, bound, django_assert_max_num_queries)
    for n in range(29):
        question = ask(enrolment, subject=f"Question {n}")
        services.reply_to_question(question=question, author=cohort.teachers.last(), body="An answer.")
    thirty, page = page_queries(client, url, bound, django_assert_max_num_queries)
    assert len(re.findall(r'href="/learn/questions/\d+/"', page)) == 30
    assert page.count("An answer.") == 29 and "Ten thousand." in page
    assert thirty == one


def test_the_question_page_runs_the_same_queries_with_1_and_30_replies(
    client, cohort, enrolment, django_assert_max_num_queries
):
    question = ask(enrolment)
    services.reply_to_question(question=question, author=cohort.teachers.first(), body="Ten thousand.")
    client.force_login(enrolment.student)
    url = reverse("courses:question", args=[question.pk])
    # Queries: the session; the user with their roles; the question with its enrolment, cohort and
    # student; the replies with their authors.
    bound = 3 + SESSION_QUERIES
    one, _page = page_queries(client, url, bound, django_assert_max_num_queries)
    # The thread goes back and forth: both teachers and the student write.
    authors = [cohort.teachers.first(), enrolment.student, cohort.teachers.last()]
    for n in range(29):
        services.reply_to_question(question=question, author=authors[n % 3], body=f"Message {n}.")
    thirty, page = page_queries(client, url, bound, django_assert_max_num_queries)
    assert page.count("Message ") == 29 and page.count("Ten thousand.") == 1
    assert thirty == one


# A level's page ------------------------------------------------------------------------------------------


def _returned_versions(enrolment, count: int) -> None:
    """`count` versions of each of the level's documents, each returned by a teacher with a comment."""
    reviewer = enrolment.cohort.teachers.first()
    for requirement in document_requirements(enrolment.current_level.code):
        for n in range(count):
            submission = services.submit_kpi_document(
                enrolment=enrolment, requirement=requirement, student=enrolment.student, text=f"Version {n}."
            )
            services.review_submission(submission=submission, reviewer=reviewer, approve=False, comment="Rework.")


def _trials(enrolment, classmates, count: int) -> None:
    """`count` trial presentations, each attended and voted on by every classmate."""
    for n in range(count):
        trial(enrolment, attended_by=classmates, vote="rework", hours_ago=n + 1)


def _presentations(enrolment, classmates, count: int) -> None:
    """`count` held presentations naming every classmate in the support group, with subscribers, a reported
    attendance and results."""
    for n in range(count):
        presentation = held_presentation(
            enrolment, hours_ago=n + 1, hours_open_after=168, classmate_ids=[c.student_id for c in classmates]
        )
        add_subscribers(presentation, 2, start=2 * n)
        services.report_attendance(
            presentation=presentation, presenter=enrolment.student, attendance=10, evidence=png_upload()
        )
        services.record_result(
            presentation=presentation, presenter=enrolment.student, person_name=f"Guest {2 * n}", subscribed=True
        )


@pytest.mark.parametrize(
    ("code", "records", "listed"),
    [
        # Associates: the documents' history and the trial presentations before classmates.
        ("associates", _trials, r"<h3>"),
        # Teamwork: the documents' history and the presentations with their counts, the classmates' form.
        ("teamwork", _presentations, r'href="/learn/presentations/\d+/"'),
    ],
)
def test_the_level_page_runs_the_same_queries_with_1_and_30_of_each_record(
    client, cohort, code, records, listed, django_assert_max_num_queries
):
    enrolment = student_at(cohort, code)
    classmates = [student_at(cohort, code) for _ in range(3)]
    _returned_versions(enrolment, 1)
    records(enrolment, classmates[:1], 1)
    client.force_login(enrolment.student)
    url = reverse("courses:level", args=[code])
    # Queries: the session; the user with their roles; the enrolment with its cohort, region, course and
    # level; the ladder's levels with the student's and the cohort's figures (the page's level among
    # them); their requirements with the latest submissions; the student's presentations with their
    # counts and votes; the submission history with the reviewers; at associates the trial presentations
    # and their attendees with their names, at teamwork the presentations with their counts and the
    # classmates the form offers.
    bound = 8 + SESSION_QUERIES
    one, _page = page_queries(client, url, bound, django_assert_max_num_queries)
    _returned_versions(enrolment, 29)
    records(enrolment, classmates, 29)
    thirty, page = page_queries(client, url, bound, django_assert_max_num_queries)
    assert page.count("Version ") == 30 * len(document_requirements(code))
    assert len(re.findall(listed, page)) == 30
    assert thirty == one


# The presenter's live counter and the projector screen ---------------------------------------------------


@pytest.mark.parametrize("url_name", ["courses:presentation_live", "courses:presentation_projector"])
def test_the_live_counter_and_projector_run_the_same_queries_with_1_and_30_subscribers(
    client, cohort, url_name, django_assert_max_num_queries
):
    enrolment = student_at(cohort, "publication")
    presentation = held_presentation(enrolment)
    add_subscribers(presentation, 1)
    services.report_attendance(
        presentation=presentation, presenter=enrolment.student, attendance=1, evidence=png_upload()
    )
    client.force_login(enrolment.student)
    url = reverse(url_name, args=[presentation.pk])
    # Queries: the session; the user with their roles; the presentation in the presenter's scope with its
    # cohort, region and level; the live count (subscribers, sign-ups waiting, attendance).
    bound = 3 + SESSION_QUERIES
    one, _page = page_queries(client, url, bound, django_assert_max_num_queries)
    add_subscribers(presentation, 29, start=1)
    for n in range(30):  # a room that signed up and has not confirmed yet
        services.subscribe(
            presentation=presentation,
            name=f"Waiting {n}",
            email=f"waiting{n}@example.org",
            consent=True,
            ip=f"10.1.0.{n}",
        )
    services.report_attendance(
        presentation=presentation, presenter=enrolment.student, attendance=200, evidence=png_upload()
    )
    thirty, page = page_queries(client, url, bound, django_assert_max_num_queries)
    assert 'class="stat">30<' in page and "(30 waiting for confirmation)" in page
    assert thirty == one
