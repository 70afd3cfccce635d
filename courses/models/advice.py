"""Written advice: a student's question to the cohort's teachers and the thread of answers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .course import Enrolment


class AdviceQuestion(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ANSWERED = "answered", _("Answered")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="questions"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("question"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("asked at"))
    updated_at = models.DateTimeField(_("last message at"))

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("question to teachers")
        verbose_name_plural = _("questions to teachers")

    def __str__(self):
        return self.subject


class AdviceReply(models.Model):
    question = models.ForeignKey(
        AdviceQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        ordering = ["question", "created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.author}: {self.body[:60]}"
