from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """An email to send. The row is written with the change that causes it; a task sends it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    recipients = models.JSONField(_("recipients"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [models.Index(fields=["state", "claimed_until"], name="outbound_email_due_idx")]

    def __str__(self):
        return self.subject
