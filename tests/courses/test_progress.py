"""Services moving a student from the theory through the levels, with the gates deciding."""

import pytest

from courses import services
from courses.exceptions import CohortGateError, QuizAnswerRejected
from courses.models import CohortLevelClosure, LevelProgress, LevelTransition, Quiz, QuizAnswer, QuizAttempt
from tests.courses.factories import (
    CohortFactory,
    approve_documents,
    at_level,
    enrolled_student,
    level,
    pass_theory,
    read_lessons,
    student,
    teacher,
    trial,
)

pytestmark = pytest.mark.django_db


def correct_answers(quiz, how_many):
    """Answers with exactly `how_many` questions right (the rest answered wrong)."""
    answers = {}
    for index, question in enumerate(quiz.questions.prefetch_related("choices")):
        right = [c.id for c in question.choices.all() if c.is_correct]
        wrong = [c.id for c in question.choices.all() if not c.is_correct][:1]
        answers[question.id] = right if index < how_many else wrong
    return answers


def test_quiz_at_the_pass_mark_passes_and_one_under_fails():
    user = student()
    read_lessons(user)
    quiz = Quiz.objects.first()
    at_mark = services.submit_quiz(student=user, quiz=quiz, answers=correct_answers(quiz, quiz.pass_mark))
    under = services.submit_quiz(student=user, quiz=quiz, answers=correct_answers(quiz, quiz.pass_mark - 1))
    assert at_mark.passed and at_mark.score == quiz.pass_mark
    assert not under.passed and under.score == quiz.pass_mark - 1
    assert QuizAttempt.objects.filter(student=user, quiz=quiz).count() == 2


def test_quiz_answer_for_a_question_of_another_quiz_is_refused_and_nothing_stored():
    user = student()
    read_lessons(user)
    quiz, other = Quiz.objects.all()[:2]
    foreign = other.questions.first()
    answers = correct_answers(quiz, quiz.pass_mark)
    answers[foreign.id] = [foreign.choices.first().id]
    with pytest.raises(QuizAnswerRejected):
        services.submit_quiz(student=user, quiz=quiz, answers=answers)
    assert not QuizAttempt.objects.filter(student=user).exists()
    assert not QuizAnswer.objects.exists()


def test_level_one_opens_only_when_every_quiz_is_passed():
    cohort = CohortFactory(teachers=[teacher()])
    enrolment = enrolled_student(cohort, theory=False)
    read_lessons(enrolment.student)
    quizzes = list(Quiz.objects.order_by("section__order"))
    for quiz in quizzes[:-1]:
        services.submit_quiz(student=enrolment.student, quiz=quiz, answers=correct_answers(quiz, 99))
    enrolment.refresh_from_db()
    assert enrolment.current_level is None
    services.submit_quiz(student=enrolment.student, quiz=quizzes[-1], answers=correct_answers(quizzes[-1], 99))
    enrolment.refresh_from_db()
    assert enrolment.current_level.code == "private"
    assert enrolment.transitions.filter(kind=LevelTransition.Kind.THEORY_PASSED).exists()


def test_approving_every_level_one_document_opens_level_two_and_records_the_transition():
    cohort = CohortFactory(teachers=[teacher()])
    enrolment = enrolled_student(cohort)
    approve_documents(enrolment, "private")
    enrolment.refresh_from_db()
    assert enrolment.current_level.code == "associates"
    passed = enrolment.transitions.get(kind=LevelTransition.Kind.PASSED, level=level("private"))
    assert passed.actor == cohort.teachers.first()


def _meet_associates_individually(enrolment, voters):
    approve_documents(enrolment, "associates")
    trial(enrolment, attended_by=voters, vote="approve")


def test_cohort_gate_opens_the_next_level_only_when_every_active_student_passed():
    cohort = CohortFactory(teachers=[teacher()])
    a, b = at_level(cohort, "associates"), at_level(cohort, "associates")
    _meet_associates_individually(a, [b])
    a.refresh_from_db()
    assert a.current_level.code == "associates"
    assert a.progress.get(level=level("associates")).status == LevelProgress.Status.AWAITING_COHORT
    _meet_associates_individually(b, [a])
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.current_level.code, b.current_level.code) == ("close", "close")


def test_teacher_closing_a_cohort_level_holds_back_who_did_not_pass_with_the_reason():
    cohort = CohortFactory(teachers=[teacher()])
    a, b = at_level(cohort, "associates"), at_level(cohort, "associates")
    _meet_associates_individually(a, [b])
    with pytest.raises(CohortGateError):
        services.close_cohort_level(
            cohort=cohort, level=level("associates"), actor=cohort.teachers.first(), held_back={}
        )
    services.close_cohort_level(
        cohort=cohort,
        level=level("associates"),
        actor=cohort.teachers.first(),
        held_back={b.pk: "Did not present to the group."},
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.current_level.code == "close"
    held = b.progress.get(level=level("associates"))
    assert (held.status, held.held_back_reason) == (LevelProgress.Status.HELD_BACK, "Did not present to the group.")
    assert b.transitions.filter(kind=LevelTransition.Kind.HELD_BACK, reason="Did not present to the group.").exists()


def test_theory_passed_before_enrolling_opens_level_one_on_enrolment():
    user = student()
    pass_theory(user)
    cohort = CohortFactory(teachers=[teacher()])
    enrolment = enrolled_student(cohort, theory=False, user=user)
    assert enrolment.current_level.code == "private"


def test_a_held_back_reason_with_a_nul_byte_is_refused_and_the_level_stays_open():
    cohort = CohortFactory(teachers=[teacher()])
    a, b = at_level(cohort, "associates"), at_level(cohort, "associates")
    with pytest.raises(CohortGateError, match="control characters"):
        services.close_cohort_level(
            cohort=cohort,
            level=level("associates"),
            actor=cohort.teachers.first(),
            held_back={a.pk: "Absent\x00", b.pk: "Absent."},
        )
    assert not CohortLevelClosure.objects.exists()
