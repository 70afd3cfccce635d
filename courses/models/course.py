"""Course, its seven levels with their KPI requirements, cohorts and the students' progress."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopportal.formatting import localize_digits


class Course(models.Model):
    """A course: a theory module (sections) and the practical module (seven levels)."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    quizzes_need_lessons = models.BooleanField(
        _("a section's quiz opens once its lessons are done"),
        default=True,
        help_text=_("Off: students may take a section's quiz before reading its lessons."),
    )

    class Meta:
        ordering = ["title_en"]  # the same order in every language
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self):
        return self.title


class LevelCode(models.TextChoices):
    PRIVATE = "private", _("Private")
    ASSOCIATES = "associates", _("Associates")
    CLOSE = "close", _("Close")
    FAMILIAR = "familiar", _("Familiar")
    TEAMWORK = "teamwork", _("Teamwork")
    PUBLICATION = "publication", _("Publication")
    EXAM = "exam", _("Exam")


class Level(models.Model):
    """One of the seven ordered levels of a course's practical module."""

    class GateMode(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual: the next level opens when the student meets every KPI")
        COHORT = "cohort", _("Cohort: the next level opens when every active student has passed")

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="levels")
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.CharField(_("code"), max_length=20, choices=LevelCode.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("what happens at this level"))
    gate_mode = models.CharField(_("gate mode"), max_length=12, choices=GateMode.choices, default=GateMode.INDIVIDUAL)

    class Meta:
        ordering = ["course", "order"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [
            models.UniqueConstraint(fields=["course", "order"], name="level_order_unique_per_course"),
            models.UniqueConstraint(fields=["course", "code"], name="level_code_unique_per_course"),
        ]

    def __str__(self):
        return f"{localize_digits(self.order)}. {self.name}"


class KpiKind(models.TextChoices):
    DOCUMENT = "document", _("Document approved by a teacher")
    PEER_APPROVAL = "peer_approval", _("Trial presentation approved by classmates")
    TRIAL_ATTENDANCE = "trial_attendance", _("Trial presentation attended by classmates")
    COHORT_COMPLETE = "cohort_complete", _("Every active student of the cohort has passed")
    # Presentation figures, recorded through presentations (filled in by the presentations work).
    PRESENTATIONS_RECORDED = "presentations_recorded", _("Presentations recorded")
    SUPPORT_GROUP = "support_group", _("Classmates confirmed in the support group")
    INVITATIONS_SENT = "invitations_sent", _("Invitations sent")
    RESULTS_RECORDED = "results_recorded", _("Presentation results recorded")
    OBSERVERS_ONLY = "observers_only", _("Classmates attended as observers only")
    ATTENDANCE = "attendance", _("Attendance")
    SUBSCRIBER_RATIO = "subscriber_ratio", _("New subscribers as a percentage of attendance")
    LIKES = "likes", _("Likes on social networks")
    COMMITTEE_DECISION = "committee_decision", _("Exam committee decision")


class KpiRequirement(models.Model):
    """One KPI of a level's gate. Thresholds are data; every comparison is inclusive except peer approval
    and trial attendance, which must exceed their percentage ("more than half")."""

    class Approver(models.TextChoices):
        TEACHER = "teacher", _("Teacher")
        CLASSMATES = "classmates", _("Classmates")
        RECORDS = "records", _("Counted from records")
        COMMITTEE = "committee", _("Exam committee")

    level = models.ForeignKey(Level, verbose_name=_("level"), on_delete=models.CASCADE, related_name="requirements")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=30, choices=KpiKind.choices)
    label = models.CharField(_("label"), max_length=200)
    guidance = models.TextField(_("what the student should hand in"), blank=True)
    threshold = models.PositiveIntegerField(
        _("threshold"),
        null=True,
        blank=True,
        help_text=_(
            "Attendance, likes, presentations, support group: the minimum count. Subscriber ratio: the minimum "
            "percentage. Peer approval: the percentage of attending classmates that approvals must exceed. "
            "Trial attendance: the percentage of the cohort's other active students that attendance must exceed."
        ),
    )
    approver = models.CharField(_("approved by"), max_length=12, choices=Approver.choices)

    class Meta:
        ordering = ["level", "order", "id"]
        verbose_name = _("KPI requirement")
        verbose_name_plural = _("KPI requirements")

    def __str__(self):
        return f"{self.level.name}: {self.label}"


class Cohort(models.Model):
    """A group of students taking the course together with their teachers."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived")

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(_("name"), max_length=120)
    region = models.ForeignKey(
        "users.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="cohorts"
    )
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("teachers"), related_name="cohorts_taught", blank=True
    )
    start_date = models.DateField(_("start date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    open_for_requests = models.BooleanField(
        _("open for join requests"), default=False, help_text=_("Students may ask to join; a teacher accepts.")
    )

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self):
        return self.name


class CohortLevelDeadline(models.Model):
    """The date by which the cohort's students should have passed a level."""

    cohort = models.ForeignKey(Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="deadlines")
    level = models.ForeignKey(Level, verbose_name=_("level"), on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(_("deadline"))

    class Meta:
        ordering = ["cohort", "level__order"]
        verbose_name = _("level deadline")
        verbose_name_plural = _("level deadlines")
        constraints = [models.UniqueConstraint(fields=["cohort", "level"], name="one_deadline_per_cohort_level")]

    def __str__(self):
        return f"{self.cohort} — {self.level.name}: {self.due_on}"


class Enrolment(models.Model):
    """A student in a cohort. A request to join waits for a teacher; one active cohort per course."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Asked to join")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Request declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    cohort = models.ForeignKey(Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="enrolments")
    # Copied from the cohort so the database can enforce one active cohort per course.
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("student"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    current_level = models.ForeignKey(
        Level,
        verbose_name=_("current level"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty until the theory is passed."),
    )
    theory_passed_at = models.DateTimeField(_("theory passed at"), null=True, blank=True)
    # The exam committee's final decision, as the accreditation app reports it (the exam level's last KPI).
    committee_outcome = models.CharField(_("exam committee decision"), max_length=16, blank=True)
    committee_outcome_at = models.DateTimeField(_("exam committee decision at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enrolled or decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["cohort", "student__full_name", "student__email"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "course"], condition=Q(status="active"), name="one_active_cohort_per_course"
            ),
            models.UniqueConstraint(
                fields=["student", "cohort"],
                condition=Q(status__in=["requested", "active"]),
                name="one_open_enrolment_per_cohort",
            ),
        ]

    def __str__(self):
        return f"{self.student} — {self.cohort}"


class LevelProgress(models.Model):
    """A student's state at one level; no row means the level is still locked."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        AWAITING_COHORT = "awaiting_cohort", _("KPIs met; waiting for the cohort")
        PASSED = "passed", _("Passed")
        HELD_BACK = "held_back", _("Held back")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="progress"
    )
    level = models.ForeignKey(Level, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("opened at"))
    passed_at = models.DateTimeField(_("passed at"), null=True, blank=True)
    held_back_reason = models.TextField(_("why held back"), blank=True)

    class Meta:
        ordering = ["enrolment", "level__order"]
        verbose_name = _("level progress")
        verbose_name_plural = _("level progress")
        constraints = [models.UniqueConstraint(fields=["enrolment", "level"], name="one_progress_per_level")]

    def __str__(self):
        return f"{self.enrolment} — {self.level.name}: {self.get_status_display()}"


class LevelTransition(models.Model):
    """Every change of a student's level state: who, when, why."""

    class Kind(models.TextChoices):
        THEORY_PASSED = "theory_passed", _("Theory passed")
        OPENED = "opened", _("Level opened")
        KPIS_MET = "kpis_met", _("KPIs met, waiting for the cohort")
        PASSED = "passed", _("Level passed")
        HELD_BACK = "held_back", _("Held back")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="transitions"
    )
    level = models.ForeignKey(
        Level, verbose_name=_("level"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("why"), blank=True)
    at = models.DateTimeField(_("when"))

    class Meta:
        ordering = ["enrolment", "at", "id"]
        verbose_name = _("level transition")
        verbose_name_plural = _("level transitions")

    def __str__(self):
        return f"{self.enrolment}: {self.get_kind_display()}"


class CohortLevelClosure(models.Model):
    """A teacher closed a cohort-gated level: those who met the KPIs pass, the rest are held back."""

    cohort = models.ForeignKey(Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="closures")
    level = models.ForeignKey(Level, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["cohort", "level__order"]
        verbose_name = _("cohort level closure")
        verbose_name_plural = _("cohort level closures")
        constraints = [models.UniqueConstraint(fields=["cohort", "level"], name="close_cohort_level_once")]

    def __str__(self):
        return f"{self.cohort} — {self.level.name}"
