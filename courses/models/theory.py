"""The theory module: sections of Markdown lessons, each section closed by a quiz."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .course import Course


class Section(models.Model):
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="sections")
    # The stable key the content files use (load_course_content matches on it).
    slug = models.SlugField(_("code"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["course", "order"]
        verbose_name = _("theory section")
        verbose_name_plural = _("theory sections")
        constraints = [
            models.UniqueConstraint(fields=["course", "order"], name="section_order_unique"),
            models.UniqueConstraint(fields=["course", "slug"], name="section_slug_unique"),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class Lesson(models.Model):
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="lessons")
    order = models.PositiveSmallIntegerField(_("order"))
    slug = models.SlugField(_("code"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"), help_text=_("Markdown; HTML is sanitised when shown."))
    content_version = models.CharField(
        _("content version"),
        max_length=40,
        blank=True,
        help_text=_("The content files' version in which this lesson last changed (set by load_course_content)."),
    )

    class Meta:
        ordering = ["section__order", "order"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [models.UniqueConstraint(fields=["section", "order"], name="lesson_order_unique")]

    def __str__(self):
        return self.title


class LessonRevision(models.Model):
    """One change of a lesson made by loading a content version: the review trail of the course text."""

    lesson = models.ForeignKey(Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="revisions")
    version = models.CharField(_("content version"), max_length=40)
    changes = models.CharField(_("what changed"), max_length=200)
    note = models.TextField(_("version note"), blank=True)
    loaded_at = models.DateTimeField(_("loaded at"))

    class Meta:
        ordering = ["-loaded_at", "-id"]
        verbose_name = _("lesson revision")
        verbose_name_plural = _("lesson revisions")

    def __str__(self):
        return f"{self.lesson_id} @ {self.version}: {self.changes}"


class LessonCompletion(models.Model):
    lesson = models.ForeignKey(Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("student"), on_delete=models.CASCADE, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed at"))

    class Meta:
        verbose_name = _("lesson done")
        verbose_name_plural = _("lessons done")
        constraints = [models.UniqueConstraint(fields=["lesson", "student"], name="lesson_done_once")]

    def __str__(self):
        return f"{self.student_id}: {self.lesson_id}"


class Quiz(models.Model):
    """The quiz closing a section; passed with at least `pass_mark` questions answered correctly."""

    section = models.OneToOneField(Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="quiz")
    title = models.CharField(_("title"), max_length=200)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark"), help_text=_("Number of correctly answered questions needed to pass (inclusive).")
    )
    content_version = models.CharField(_("content version"), max_length=40, blank=True)

    class Meta:
        ordering = ["section__order"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self):
        return self.title


class QuizQuestion(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("One answer")
        MULTIPLE = "multiple", _("Several answers")

    quiz = models.ForeignKey(Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(_("code"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("question"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    explanation = models.TextField(_("explanation shown after submission"), blank=True)

    class Meta:
        ordering = ["quiz", "order"]
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "order"], name="quiz_question_order_unique"),
            models.UniqueConstraint(fields=["quiz", "key"], name="quiz_question_key_unique"),
        ]

    def __str__(self):
        return self.text[:80]


class QuizChoice(models.Model):
    question = models.ForeignKey(
        QuizQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    key = models.SlugField(_("code"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("answer"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="quiz_choice_key_unique")]

    def __str__(self):
        return self.text


class QuizAttempt(models.Model):
    """One sitting of a quiz: opened with its own order of the options, then submitted once."""

    quiz = models.ForeignKey(Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="attempts")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("student"), on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    # Question id (as text) → option ids in the order this attempt shows them.
    option_order = models.JSONField(_("order of the options"), default=dict, blank=True)
    score = models.PositiveSmallIntegerField(_("correct answers"), default=0)
    max_score = models.PositiveSmallIntegerField(_("questions"), default=0)
    passed = models.BooleanField(_("passed"), default=False)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        indexes = [models.Index(fields=["student", "quiz", "passed"], name="quiz_attempt_student_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "student"], condition=models.Q(submitted_at__isnull=True), name="one_open_quiz_attempt"
            )
        ]

    def __str__(self):
        return f"{self.student} — {self.quiz}: {self.score}/{self.max_score}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class QuizAnswer(models.Model):
    """What the student chose for one question of an attempt."""

    attempt = models.ForeignKey(
        QuizAttempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(QuizQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+")
    choices = models.ManyToManyField(QuizChoice, verbose_name=_("chosen answers"), related_name="+", blank=True)
    correct = models.BooleanField(_("correct"))

    class Meta:
        verbose_name = _("quiz answer")
        verbose_name_plural = _("quiz answers")
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.attempt_id}: {self.question_id}"
