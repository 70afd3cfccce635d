from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """An email to send. The row is written with the change that causes it; a task sends it.

    `message_id` is made once, when the row is written, and every attempt sends it, so a server that
    got the message before the connection dropped can recognise the retry as a duplicate.
    `attachments` refers to stored files ({"filename", "path", "mimetype"}), so a retry sends the same bytes.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    recipients = models.JSONField(_("recipients"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    html_body = models.TextField(_("HTML body"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    unconfirmed_sends = models.PositiveSmallIntegerField(
        _("sends without the server's answer"),
        default=0,
        help_text=_("Times the connection dropped after the message was sent; it may have arrived."),
    )
    give_up_at = models.DateTimeField(_("retried until"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
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
