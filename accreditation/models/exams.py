from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from coopportal.translated import in_language
from coopportal.users.languages import language_or_default


def default_max_attempts() -> int:
    return settings.ACCREDITATION_MAX_EXAM_ATTEMPTS


class ExamSession(models.Model):
    """The exam level's live broadcast presentations of a cohort, judged by a committee."""

    cohort = models.ForeignKey(
        "courses.Cohort", verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="exam_sessions"
    )
    starts_at = models.DateTimeField(_("date and time"))
    broadcast_url = models.URLField(_("broadcast link"), max_length=500)
    max_attempts = models.PositiveSmallIntegerField(
        _("exam attempts allowed in all"),
        default=default_max_attempts,
        help_text=_("A re-exam decision is possible only while the candidate has attempts left."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("exam session")
        verbose_name_plural = _("exam sessions")

    def __str__(self):
        return f"{self.cohort} — {self.starts_at:%Y-%m-%d %H:%M}"


class CommitteeMember(models.Model):
    session = models.ForeignKey(ExamSession, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="exam_seats"
    )
    is_chair = models.BooleanField(_("chair"), default=False)

    class Meta:
        ordering = ["-is_chair", "user__full_name", "id"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="member_once_per_session"),
            models.UniqueConstraint(fields=["session"], condition=Q(is_chair=True), name="one_chair_per_session"),
        ]

    def __str__(self):
        return str(self.user)


class ExamCandidate(models.Model):
    """A student sitting the exam in a session; `attempt` counts their exam attempts in all."""

    session = models.ForeignKey(ExamSession, on_delete=models.CASCADE, related_name="candidates")
    enrolment = models.ForeignKey(
        "courses.Enrolment", verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="exam_candidacies"
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)

    class Meta:
        ordering = ["session", "enrolment__student__full_name", "id"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="candidate_once_per_session")]

    def __str__(self):
        return str(self.enrolment.student)


class ExamProtocol(models.Model):
    """The committee's decision on one candidate with a snapshot of what it was based on."""

    class Outcome(models.TextChoices):
        ACCREDITED = "accredited", _("Accredited")
        RE_EXAM = "re_exam", _("Re-exam")
        NOT_ACCREDITED = "not_accredited", _("Not accredited")

    candidate = models.OneToOneField(ExamCandidate, on_delete=models.PROTECT, related_name="protocol")
    outcome = models.CharField(_("decision"), max_length=16, choices=Outcome.choices)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    snapshot = models.JSONField(_("snapshot"), default=dict)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    number = models.CharField(_("number"), max_length=20, blank=True)
    finalised_at = models.DateTimeField(_("final since"), null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("exam protocol")
        verbose_name_plural = _("exam protocols")
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="protocol_number_unique"),
            models.CheckConstraint(
                condition=Q(finalised_at__isnull=True, number="") | (Q(finalised_at__isnull=False) & ~Q(number="")),
                name="final_protocol_has_number",
            ),
        ]

    def __str__(self):
        return self.number or f"{self.candidate} ({self.get_outcome_display()})"

    @property
    def is_final(self) -> bool:
        return self.finalised_at is not None

    def reasons_in(self, language: str) -> list[str]:
        """The reasons in `language`: the committee's own lines as typed, the missed deadlines translated."""
        return [in_language(reason, language) for reason in self.reasons]

    @property
    def localized_reasons(self) -> list[str]:
        """The reasons in the active language (a page, or a PDF rendered in its reader's language)."""
        return self.reasons_in(language_or_default(translation.get_language()))


class ProtocolSignature(models.Model):
    protocol = models.ForeignKey(ExamProtocol, on_delete=models.CASCADE, related_name="signatures")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        ordering = ["signed_at", "id"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [models.UniqueConstraint(fields=["protocol", "member"], name="sign_once")]

    def __str__(self):
        return f"{self.protocol} — {self.member}"
