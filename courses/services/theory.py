"""Reading lessons and taking quizzes; the theory is passed when every lesson is read and every quiz passed."""

import random
from collections.abc import Mapping, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coopportal.audit.services import record_action
from coopportal.users.models import User

from ..exceptions import QuizAnswerRejected, QuizIncomplete, QuizLocked
from ..models import Enrolment, Lesson, LessonCompletion, Quiz, QuizAnswer, QuizAttempt
from ..selectors.theory import quiz_is_open, theory_passed
from .progress import start_practical_module

_shuffle = random.SystemRandom().shuffle


def _open_practical_module_if_theory_passed(*, student: User, course_id: int) -> None:
    if not theory_passed(student=student, course_id=course_id):
        return
    for enrolment in Enrolment.objects.filter(
        student=student, course_id=course_id, status=Enrolment.Status.ACTIVE, theory_passed_at__isnull=True
    ):
        start_practical_module(
            enrolment=enrolment, actor=student, reason=_("Every theory lesson read and every quiz passed.")
        )


@transaction.atomic
def mark_lesson_done(*, student: User, lesson: Lesson) -> LessonCompletion:
    completion, created = LessonCompletion.objects.get_or_create(
        lesson=lesson, student=student, defaults={"completed_at": timezone.now()}
    )
    if created:
        _open_practical_module_if_theory_passed(student=student, course_id=lesson.section.course_id)
    return completion


def _check_open(*, student: User, quiz: Quiz) -> None:
    if not quiz_is_open(student=student, quiz=quiz):
        raise QuizLocked(_("This quiz opens once you have read every lesson of its section."))


def start_quiz_attempt(*, student: User, quiz: Quiz) -> QuizAttempt:
    """The student's open attempt at the quiz, or a new one with the options of each question shuffled.

    The order is stored on the attempt, so reloading the page shows the same order until it is submitted.
    """
    _check_open(student=student, quiz=quiz)
    attempt = QuizAttempt.objects.filter(quiz=quiz, student=student, submitted_at__isnull=True).first()
    if attempt is not None:
        return attempt
    order = {}
    for question in quiz.questions.prefetch_related("choices"):
        ids = [choice.id for choice in question.choices.all()]
        _shuffle(ids)
        order[str(question.id)] = ids
    try:
        with transaction.atomic():
            return QuizAttempt.objects.create(quiz=quiz, student=student, option_order=order, max_score=len(order))
    except IntegrityError:
        # Opened at the same moment in another tab: use that one.
        return QuizAttempt.objects.get(quiz=quiz, student=student, submitted_at__isnull=True)


@transaction.atomic
def submit_quiz(*, student: User, quiz: Quiz, answers: Mapping[int, Sequence[int]]) -> QuizAttempt:
    """Score the open attempt: a question counts when exactly its correct options are chosen (by option id).

    `answers` maps question id → chosen option ids. An answer for a question that is not in this quiz,
    or an option that is not the question's, refuses the whole attempt; so does a question left
    unanswered (`QuizIncomplete` names them). Nothing is stored when refused.
    """
    attempt = start_quiz_attempt(student=student, quiz=quiz)
    attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.is_submitted:
        raise QuizAnswerRejected(_("This attempt was already submitted; open the quiz again."))
    questions = {q.id: q for q in quiz.questions.prefetch_related("choices")}
    unknown = set(answers) - set(questions)
    if unknown:
        raise QuizAnswerRejected(_("The answers include a question that is not part of this quiz."))
    unanswered = [qid for qid in questions if not answers.get(qid)]
    if unanswered:
        raise QuizIncomplete(
            ngettext(
                "Answer every question: %(count)s is not answered yet.",
                "Answer every question: %(count)s are not answered yet.",
                len(unanswered),
            )
            % {"count": len(unanswered)},
            unanswered=unanswered,
        )
    attempt.score, attempt.max_score = 0, len(questions)
    graded = []
    for question_id, question in questions.items():
        options = {c.id: c for c in question.choices.all()}
        chosen = {int(c) for c in answers[question_id]}
        if not chosen <= set(options):
            raise QuizAnswerRejected(_("An answer option does not belong to its question."))
        if question.kind == question.Kind.SINGLE and len(chosen) > 1:
            raise QuizAnswerRejected(_("Choose only one answer for: %(q)s") % {"q": question.text})
        correct = chosen == {cid for cid, c in options.items() if c.is_correct}
        attempt.score += int(correct)
        graded.append((question, chosen, correct))
    attempt.passed = attempt.score >= quiz.pass_mark
    attempt.submitted_at = timezone.now()
    attempt.save(update_fields=["score", "max_score", "passed", "submitted_at"])
    for question, chosen, correct in graded:
        answer = QuizAnswer.objects.create(attempt=attempt, question=question, correct=correct)
        answer.choices.set(chosen)
    record_action(
        actor=student,
        action="courses.submit_quiz",
        target=attempt,
        details={"quiz": quiz.pk, "score": attempt.score, "passed": attempt.passed},
    )
    if attempt.passed:
        _open_practical_module_if_theory_passed(student=student, course_id=quiz.section.course_id)
    return attempt
