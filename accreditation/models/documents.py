import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_storage_key() -> str:
    return uuid.uuid4().hex


class Document(models.Model):
    """A PDF to make in the background; the row is the outbox.

    It is created (pending) in the transaction of the protocol or certificate it renders.
    A worker claims it with a conditional UPDATE (pending, or rendering with an expired
    lease → rendering with a new lease and claim token), writes the file to the fixed
    `storage_key`, and marks it ready only while its claim token is still the row's.
    """

    class Kind(models.TextChoices):
        EXAM_PROTOCOL = "exam_protocol", _("Exam protocol")
        COMPLETION_CERTIFICATE = "completion_certificate", _("Certificate of completion")
        SPECIALTY_CERTIFICATE = "specialty_certificate", _("Specialty certificate")
        SPECIALTY_PROTOCOL = "specialty_protocol", _("Specialty exam protocol")

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        RENDERING = "rendering", _("rendering")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="accreditation_documents",
    )
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PENDING, db_index=True)
    storage_key = models.CharField(_("storage key"), max_length=64, unique=True, default=new_storage_key)
    file = models.FileField(_("file"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("render attempts"), default=0)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    byte_size = models.PositiveIntegerField(_("size in bytes"), default=0)
    email_due = models.BooleanField(_("email on completion"), default=False)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind", "version"], name="one_document_per_subject_kind_version"
            ),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="document_subject_idx")]

    def __str__(self):
        return f"{self.title} ({self.get_state_display()})"

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY

    @property
    def file_name(self) -> str:
        return f"accreditation/documents/{self.storage_key}.pdf"
