import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopportal.uploads import UnguessablePath


def default_answer_minutes() -> int:
    return settings.SPECIALTY_ANSWER_MINUTES


class Specialty(models.Model):
    """One of the certification center's four specialties (loaded by data migration)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name_en"]
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")

    def __str__(self):
        return self.name


class SituationalTask(models.Model):
    """A situational task of a specialty's bank; an attempt draws three of them."""

    specialty = models.ForeignKey(
        Specialty, verbose_name=_("specialty"), on_delete=models.PROTECT, related_name="tasks"
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    situation = models.TextField(_("situation"))
    assignment = models.TextField(_("what the candidate must do"))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["specialty", "code"]
        verbose_name = _("situational task")
        verbose_name_plural = _("situational tasks")

    def __str__(self):
        return self.title


class SpecialtyAttempt(models.Model):
    """A holder of a completion certificate sitting the specialty exam of three tasks."""

    TASKS_PER_ATTEMPT = 3
    # Each task is scored by at least this many examiners; it passes when more than half pass it.
    EXAMINERS_PER_TASK = 2

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")

    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="specialty_attempts",
    )
    specialty = models.ForeignKey(
        Specialty, verbose_name=_("specialty"), on_delete=models.PROTECT, related_name="attempts"
    )
    completion_certificate = models.ForeignKey(
        "accreditation.Certificate",
        verbose_name=_("certificate of completion"),
        on_delete=models.PROTECT,
        related_name="specialty_attempts",
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.IN_PROGRESS)
    protocol_number = models.CharField(_("protocol number"), max_length=20, blank=True)
    answer_minutes = models.PositiveSmallIntegerField(
        _("time to answer (minutes)"),
        default=default_answer_minutes,
        help_text=_("Counted from when the candidate starts the attempt; later answers are refused."),
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("specialty exam attempt")
        verbose_name_plural = _("specialty exam attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "specialty"],
                condition=models.Q(state="in_progress"),
                name="one_open_attempt_per_specialty",
            ),
        ]

    def __str__(self):
        return f"{self.candidate} — {self.specialty}"

    @property
    def answers_due_at(self) -> datetime.datetime | None:
        """The end of the time window, once the candidate has started."""
        if self.started_at is None:
            return None
        return self.started_at + datetime.timedelta(minutes=self.answer_minutes)


class AttemptTask(models.Model):
    """One drawn task of an attempt, the candidate's answer to it and, once the attempt is decided, its verdict."""

    class Result(models.TextChoices):
        PASS = "pass", _("pass")
        FAIL = "fail", _("fail")

    attempt = models.ForeignKey(SpecialtyAttempt, on_delete=models.CASCADE, related_name="tasks")
    task = models.ForeignKey(SituationalTask, verbose_name=_("task"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    answer_text = models.TextField(_("answer"), blank=True)
    answer_file = models.FileField(
        _("attached file"), upload_to=UnguessablePath("specialty-answers"), blank=True, max_length=200
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=4, choices=Result.choices, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        verbose_name = _("attempt task")
        verbose_name_plural = _("attempt tasks")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "task"], name="task_once_per_attempt"),
            models.UniqueConstraint(fields=["attempt", "position"], name="one_task_per_position"),
        ]

    def __str__(self):
        return f"{self.attempt} #{self.position}: {self.task}"


class TaskScore(models.Model):
    """One examiner's verdict on one task, with the comment that explains it."""

    attempt_task = models.ForeignKey(
        AttemptTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="scores"
    )
    examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("examiner"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(_("result"), max_length=4, choices=AttemptTask.Result.choices)
    comment = models.TextField(_("examiner's comment"))
    scored_at = models.DateTimeField(_("scored"))

    class Meta:
        ordering = ["attempt_task", "scored_at", "id"]
        verbose_name = _("task score")
        verbose_name_plural = _("task scores")
        constraints = [models.UniqueConstraint(fields=["attempt_task", "examiner"], name="one_score_per_examiner")]

    def __str__(self):
        return f"{self.attempt_task}: {self.result}"
