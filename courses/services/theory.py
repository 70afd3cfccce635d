"""Reading lessons and taking quizzes; passing the last quiz opens level 1."""

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopportal.audit.services import record_action
from coopportal.users.models import User

from ..exceptions import QuizAnswerRejected
from ..models import Enrolment, Lesson, LessonCompletion, Quiz, QuizAnswer, QuizAttempt
from ..selectors.theory import theory_passed
from .progress import start_practical_module


def mark_lesson_done(*, student: User, lesson: Lesson) -> LessonCompletion:
    completion, _created = LessonCompletion.objects.get_or_create(
        lesson=lesson, student=student, defaults={"completed_at": timezone.now()}
    )
    return completion


@transaction.atomic
def submit_quiz(*, student: User, quiz: Quiz, answers: Mapping[int, Sequence[int]]) -> QuizAttempt:
    """Score one attempt: a question counts when exactly its correct options are chosen.

    `answers` maps question id → chosen option ids. An answer for a question that is not in
    this quiz, or an option that is not the question's, refuses the whole attempt.
    """
    questions = {q.id: q for q in quiz.questions.prefetch_related("choices")}
    unknown = set(answers) - set(questions)
    if unknown:
        raise QuizAnswerRejected(_("The answers include a question that is not part of this quiz."))
    attempt = QuizAttempt(quiz=quiz, student=student, score=0, max_score=len(questions), passed=False)
    graded = []
    for question_id, question in questions.items():
        options = {c.id: c for c in question.choices.all()}
        chosen = {int(c) for c in answers.get(question_id, ())}
        if not chosen <= set(options):
            raise QuizAnswerRejected(_("An answer option does not belong to its question."))
        if question.kind == question.Kind.SINGLE and len(chosen) > 1:
            raise QuizAnswerRejected(_("Choose only one answer for: %(q)s") % {"q": question.text})
        correct = chosen == {cid for cid, c in options.items() if c.is_correct}
        attempt.score += int(correct)
        graded.append((question, chosen, correct))
    attempt.passed = attempt.score >= quiz.pass_mark
    attempt.submitted_at = timezone.now()
    attempt.save()
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
        course_id = quiz.section.course_id
        if theory_passed(student=student, course_id=course_id):
            for enrolment in Enrolment.objects.filter(
                student=student, course_id=course_id, status=Enrolment.Status.ACTIVE, theory_passed_at__isnull=True
            ):
                start_practical_module(enrolment=enrolment, actor=student, reason=_("Every theory quiz passed."))
    return attempt
