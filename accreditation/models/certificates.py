import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# 20 characters of an alphabet without look-alikes (no 0/O, 1/I/L): ~100 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 20


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class NumberCounter(models.Model):
    """The last number handed out for a prefix and year (`EP-2026-00042`); locked while used."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="one_counter_per_prefix_year")]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last}"


class Certificate(models.Model):
    """A certificate of completion (after an accredited exam) or a specialty certificate."""

    class Kind(models.TextChoices):
        COMPLETION = "completion", _("Certificate of completion")
        SPECIALTY = "specialty", _("Specialty certificate")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=20, unique=True)
    verification_code = models.CharField(
        _("verification code"), max_length=CODE_LENGTH, unique=True, default=new_verification_code, editable=False
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("holder"), on_delete=models.PROTECT, related_name="certificates"
    )
    # Snapshots: a certificate says what was true when it was issued.
    holder_name = models.CharField(_("holder's name"), max_length=200)
    title = models.CharField(_("awarded for"), max_length=200)  # in every language (translation.py)
    # What a certificate of completion awards, by its stable key (the credential's achievement id).
    course = models.ForeignKey(
        "courses.Course", verbose_name=_("course"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        "users.Region", verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    specialty = models.ForeignKey(
        "accreditation.Specialty",
        verbose_name=_("specialty"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    exam_protocol = models.OneToOneField(
        "accreditation.ExamProtocol",
        verbose_name=_("exam protocol"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate",
    )
    specialty_attempt = models.OneToOneField(
        "accreditation.SpecialtyAttempt",
        verbose_name=_("specialty exam attempt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate",
    )
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    issuer = models.CharField(_("issuer"), max_length=200)
    listed_in_registry = models.BooleanField(
        _("listed in the public registry"),
        default=False,
        help_text=_("The holder consented to appear in the public registry of specialists."),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="completion", specialty__isnull=True)
                | models.Q(kind="specialty", specialty__isnull=False),
                name="specialty_only_on_specialty_certificates",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revoked_reason=""),
                name="revocation_needs_reason",
            ),
        ]

    def __str__(self):
        return f"{self.number} — {self.holder_name}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def verification_url(self) -> str:
        from django.urls import reverse

        return settings.SITE_URL + reverse("verify", args=[self.verification_code])
