"""Evidence for KPIs: documents reviewed by teachers and presentations seen by classmates."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopportal.uploads import UnguessablePath

from .course import Enrolment, KpiRequirement, Level


class KpiSubmission(models.Model):
    """A document handed in for a `document` KPI; a returned one is followed by a new submission."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for teacher review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for rework")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="submissions"
    )
    requirement = models.ForeignKey(
        KpiRequirement, verbose_name=_("KPI"), on_delete=models.PROTECT, related_name="submissions"
    )
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=UnguessablePath("kpi"), blank=True)
    file_name = models.CharField(_("original file name"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField(_("submitted at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    comment = models.TextField(_("teacher's comment"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("KPI submission")
        verbose_name_plural = _("KPI submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "requirement"], condition=Q(status="pending"), name="one_pending_submission"
            ),
            models.CheckConstraint(condition=~Q(text="", file=""), name="submission_has_text_or_file"),
        ]

    def __str__(self):
        return f"{self.enrolment.student} — {self.requirement.label}"


class Presentation(models.Model):
    """A presentation given by a student at a level. For now it records the trial presentation before
    classmates (who attended and how they voted); the presentations work adds evidence and figures."""

    class Audience(models.TextChoices):
        CLASSMATES = "classmates", _("Classmates (trial)")
        RELATIVES = "relatives", _("Close relatives")
        FRIENDS = "friends", _("Friends and neighbours")
        INVITED = "invited", _("Invited people")
        BROADCAST = "broadcast", _("Live broadcast")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("presenter's enrolment"), on_delete=models.CASCADE, related_name="presentations"
    )
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("presenter"), on_delete=models.PROTECT, related_name="presentations"
    )
    level = models.ForeignKey(Level, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+")
    held_at = models.DateTimeField(_("held at"))
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-held_at", "-id"]
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")

    def __str__(self):
        return f"{self.presenter} — {self.level.name} ({self.held_at:%Y-%m-%d})"


class PresentationAttendee(models.Model):
    """A classmate who attended a presentation, with their vote on a trial presentation."""

    class Vote(models.TextChoices):
        PENDING = "pending", _("Not voted yet")
        APPROVE = "approve", _("Approve")
        REWORK = "rework", _("Needs rework")

    presentation = models.ForeignKey(
        Presentation, verbose_name=_("presentation"), on_delete=models.CASCADE, related_name="attendees"
    )
    classmate = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("classmate"), on_delete=models.PROTECT, related_name="+"
    )
    vote = models.CharField(_("vote"), max_length=10, choices=Vote.choices, default=Vote.PENDING)
    comment = models.TextField(_("comment"), blank=True)
    voted_at = models.DateTimeField(_("voted at"), null=True, blank=True)

    class Meta:
        ordering = ["presentation", "classmate__full_name"]
        verbose_name = _("attending classmate")
        verbose_name_plural = _("attending classmates")
        constraints = [
            models.UniqueConstraint(fields=["presentation", "classmate"], name="attend_presentation_once"),
        ]

    def __str__(self):
        return f"{self.classmate} — {self.get_vote_display()}"
