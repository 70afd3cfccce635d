"""Evidence for document KPIs: submissions reviewed by teachers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopportal.uploads import UnguessablePath

from .course import Enrolment, KpiRequirement


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
