import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def default_status_list_size() -> int:
    return settings.CREDENTIAL_STATUS_LIST_SIZE


def new_subject_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


class StatusList(models.Model):
    """A Bitstring Status List (revocation): one bit per credential, published signed at a public URL.

    Positions are handed out at random among the unused ones, and a list takes new entries only
    until half of it is used, so a list's bits say little about when a credential was issued or
    how many there are.
    """

    class Purpose(models.TextChoices):
        REVOCATION = "revocation", _("revocation")

    number = models.PositiveIntegerField(_("number"), unique=True)
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices, default=Purpose.REVOCATION)
    size = models.PositiveIntegerField(_("entries"), default=default_status_list_size)
    assigned = models.PositiveIntegerField(_("entries in use"), default=0)
    bits = models.BinaryField(_("bitstring"))
    valid_from = models.DateTimeField(_("valid from"))
    jws = models.TextField(_("signed status list credential"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gte=131_072), name="status_list_at_least_16kb"),
        ]

    def __str__(self):
        return f"{self.number} ({self.assigned}/{self.size})"

    @property
    def capacity(self) -> int:
        return self.size // 2


class Credential(models.Model):
    """The signed Open Badges 3.0 credential of a certificate, made once by the certificate's render task."""

    certificate = models.OneToOneField(
        "accreditation.Certificate", verbose_name=_("certificate"), on_delete=models.PROTECT, related_name="credential"
    )
    subject_id = models.CharField(_("holder's identifier"), max_length=60, unique=True, default=new_subject_id)
    # No index of its own: the unique constraint on (status_list, status_index) serves its lookups.
    status_list = models.ForeignKey(
        StatusList,
        verbose_name=_("status list"),
        on_delete=models.PROTECT,
        related_name="entries",
        db_index=False,
    )
    status_index = models.PositiveIntegerField(_("position in the status list"))
    kid = models.CharField(_("signing key"), max_length=300)
    language = models.CharField(_("language"), max_length=10)
    jws = models.TextField(_("signed credential"))
    issued_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        constraints = [
            models.UniqueConstraint(fields=["status_list", "status_index"], name="one_credential_per_status_bit"),
        ]

    def __str__(self):
        return f"{self.certificate_id} @ {self.status_list_id}:{self.status_index}"
