"""Reads for the theory module (fixed number of queries each)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery

from coopportal.queries import count_of
from coopportal.translated import localized

from ..models import Course, Lesson, LessonCompletion, Quiz, QuizAttempt, QuizChoice, QuizQuestion, Section

COURSE_SLUG = "cooperative-entrepreneurship"


def default_course() -> Course:
    return Course.objects.get(slug=COURSE_SLUG)


def _lessons_not_done(*, student, lessons):
    return lessons.exclude(Exists(LessonCompletion.objects.filter(lesson_id=OuterRef("pk"), student_id=student.pk)))


def theory_passed(*, student, course_id: int) -> bool:
    """Every lesson of the course's theory is read and every quiz has a passed attempt (3 queries)."""
    quiz_ids = set(Quiz.objects.filter(section__course_id=course_id).values_list("id", flat=True))
    if not quiz_ids:
        return False
    passed = set(
        QuizAttempt.objects.filter(student=student, quiz_id__in=quiz_ids, passed=True).values_list("quiz_id", flat=True)
    )
    if not quiz_ids <= passed:
        return False
    return not _lessons_not_done(student=student, lessons=Lesson.objects.filter(section__course_id=course_id)).exists()


def quiz_is_open(*, student, quiz: Quiz) -> bool:
    """A section's quiz opens once its lessons are read, unless the course lets students take it first
    (1 query, or 2 when the section is not loaded with its course)."""
    if not quiz.section.course.quizzes_need_lessons:
        return True
    return not _lessons_not_done(student=student, lessons=Lesson.objects.filter(section_id=quiz.section_id)).exists()


@dataclass(frozen=True)
class SectionProgress:
    section: Section
    lessons: list  # [(lesson, done)]
    quiz: Quiz | None
    quiz_passed: bool
    best_score: int | None
    quiz_open: bool

    @property
    def lessons_done(self) -> int:
        return sum(1 for _, done in self.lessons if done)


@dataclass(frozen=True)
class TheoryProgress:
    sections: list[SectionProgress]

    @property
    def lessons_total(self) -> int:
        return sum(len(s.lessons) for s in self.sections)

    @property
    def lessons_done(self) -> int:
        return sum(s.lessons_done for s in self.sections)

    @property
    def quizzes_total(self) -> int:
        return sum(1 for s in self.sections if s.quiz)

    @property
    def quizzes_passed(self) -> int:
        return sum(1 for s in self.sections if s.quiz_passed)

    @property
    def passed(self) -> bool:
        return _passed(self)


def _passed(theory) -> bool:
    """The theory is passed when every lesson is read and every quiz passed."""
    return (
        theory.quizzes_total > 0
        and theory.quizzes_passed == theory.quizzes_total
        and theory.lessons_done == theory.lessons_total
    )


@dataclass(frozen=True)
class TheorySummary:
    """The counts the course dashboard shows; the theory page has the detail (`theory_progress`)."""

    lessons_total: int
    lessons_done: int
    quizzes_total: int
    quizzes_passed: int

    @property
    def passed(self) -> bool:
        return _passed(self)


def theory_counts(*, student, course) -> dict:
    """Annotations counting the course's lessons and quizzes and what the student has done of them, for
    a query whose rows stand for the course (`course`: an OuterRef to its id, or the id)."""
    lessons = Lesson.objects.filter(section__course_id=course)
    quizzes = Quiz.objects.filter(section__course_id=course)
    passed = QuizAttempt.objects.filter(quiz_id=OuterRef("pk"), student_id=student.pk, passed=True)
    return {
        "lessons_total": count_of(lessons),
        "lessons_done": count_of(
            lessons.filter(Exists(LessonCompletion.objects.filter(lesson_id=OuterRef("pk"), student_id=student.pk)))
        ),
        "quizzes_total": count_of(quizzes),
        "quizzes_passed": count_of(quizzes.filter(Exists(passed))),
    }


def theory_summary_of(row) -> TheorySummary:
    """The summary from a row annotated with `theory_counts`."""
    return TheorySummary(row.lessons_total, row.lessons_done, row.quizzes_total, row.quizzes_passed)


def theory_summary(*, student, course_id: int) -> TheorySummary:
    """1 query."""
    course = Course.objects.annotate(**theory_counts(student=student, course=OuterRef("pk"))).get(pk=course_id)
    return theory_summary_of(course)


def theory_progress(*, student, course_id: int) -> TheoryProgress:
    """Sections with their lessons, what the student has done and the quiz results (5 queries).

    Queries: sections with their course and quizzes; their lessons; the student's completed lessons; quiz
    question counts; the student's submitted attempts.
    """
    sections = list(
        Section.objects.filter(course_id=course_id)
        .select_related("quiz", "course")
        .prefetch_related(
            Prefetch("lessons", queryset=Lesson.objects.only("id", "section_id", "order", "slug", "title"))
        )
    )
    done = set(LessonCompletion.objects.filter(student=student).values_list("lesson_id", flat=True))
    questions = dict(
        Quiz.objects.filter(section__course_id=course_id).annotate(n=Count("questions")).values_list("id", "n")
    )
    best: dict[int, int] = {}
    passed: set[int] = set()
    for quiz_id, score, ok in QuizAttempt.objects.filter(
        student=student, quiz__section__course_id=course_id, submitted_at__isnull=False
    ).values_list("quiz_id", "score", "passed"):
        best[quiz_id] = max(best.get(quiz_id, 0), score)
        if ok:
            passed.add(quiz_id)
    result = []
    for section in sections:
        quiz = getattr(section, "quiz", None)
        if quiz is not None:
            quiz.question_count = questions.get(quiz.id, 0)
        lessons = [(lesson, lesson.id in done) for lesson in section.lessons.all()]
        result.append(
            SectionProgress(
                section=section,
                lessons=lessons,
                quiz=quiz,
                quiz_passed=quiz is not None and quiz.id in passed,
                best_score=best.get(quiz.id) if quiz else None,
                quiz_open=not section.course.quizzes_need_lessons or all(read for _, read in lessons),
            )
        )
    return TheoryProgress(sections=result)


@dataclass(frozen=True)
class LessonPage:
    slug: str
    title: str
    body: str
    section_title: str
    previous_slug: str | None
    next_slug: str | None
    done: bool


def lesson_for_reading(*, slug: str, student) -> LessonPage | None:
    """The lesson with its section's title, its neighbours' slugs and whether the student has done it (1 query)."""
    siblings = Lesson.objects.filter(section_id=OuterRef("section_id"))
    row = (
        Lesson.objects.filter(slug=slug)
        .annotate(
            previous_slug=Subquery(siblings.filter(order__lt=OuterRef("order")).order_by("-order").values("slug")[:1]),
            next_slug=Subquery(siblings.filter(order__gt=OuterRef("order")).order_by("order").values("slug")[:1]),
            done=Exists(LessonCompletion.objects.filter(lesson_id=OuterRef("pk"), student_id=student.pk)),
            section_title=localized("section__title"),
        )
        .values_list("slug", "title", "body", "section_title", "previous_slug", "next_slug", "done")
        .first()
    )
    return LessonPage(*row) if row else None


def quiz_for_taking(*, quiz_id: int) -> Quiz | None:
    """A quiz with its section, course, questions and options (3 queries); `is_correct` is deliberately
    not loaded for the form."""
    return (
        Quiz.objects.select_related("section__course")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=QuizQuestion.objects.order_by("order").prefetch_related(
                    Prefetch("choices", queryset=QuizChoice.objects.only("id", "question_id", "order", "text"))
                ),
            )
        )
        .filter(pk=quiz_id)
        .first()
    )


def in_attempt_order(questions, attempt: QuizAttempt) -> list:
    """Each question with its options in the order the attempt drew (`question.options`); an option added
    since the attempt opened comes last, one removed is left out. No queries."""
    for question in questions:
        rank = {cid: index for index, cid in enumerate(attempt.option_order.get(str(question.id), []))}
        question.options = sorted(question.choices.all(), key=lambda c: (rank.get(c.id, len(rank)), c.order, c.id))
    return questions
