"""Reference data seeded from the ministry instruction (seed 002) and editable by HQ in the admin."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coopportal.formatting import localize_digits
from coopportal.users.models import Region


class Fund(models.Model):
    """A credit line; rule 15 keeps the programs of different funds apart."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    # Translated (procurement/translation.py): the Persian name is `name_fa`.
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")

    def __str__(self):
        return self.name


class FiscalYear(models.Model):
    """A solar hijri fiscal year (label such as 1397) with its Gregorian start and end."""

    label = models.CharField(_("solar hijri year"), max_length=8, unique=True)
    start = models.DateField(_("starts"))
    end = models.DateField(_("ends"))

    class Meta:
        ordering = ["-start"]
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        constraints = [models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="fiscal_year_order")]

    def __str__(self):
        return localize_digits(self.label)


class Category(models.Model):
    """Promotion, education or research, with its target share of a province's allocation."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    target_percent = models.PositiveSmallIntegerField(_("target share (%)"), validators=[MaxValueValidator(100)])
    tolerance_percent = models.PositiveSmallIntegerField(
        _("tolerance (percent of the share)"),
        default=10,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "How far a plan may stray from the target, as a percentage of the target itself "
            "(10 % of a 70 % share: 63–77 %), bounds included; further needs HQ's acceptance."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class ProgramType(models.Model):
    """Tour, chair, event, club or story, with the cost norm and the rules the norm engine applies."""

    class NormBasis(models.TextChoices):
        PER_PERSON_DAY = "person_day", _("per participant and day")
        PER_PROGRAM = "program", _("per program")
        PER_UNIT_YEAR = "unit_year", _("per unit and year")

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="types")
    cost_norm = models.BigIntegerField(_("cost norm (rials)"), validators=[MinValueValidator(0)])
    norm_basis = models.CharField(_("norm basis"), max_length=20, choices=NormBasis.choices)
    norm_audience = models.PositiveIntegerField(
        _("norm audience"), default=0, help_text=_("Participants the norm is for.")
    )
    min_participants = models.PositiveIntegerField(_("minimum participants"), default=0)
    max_duration_days = models.PositiveIntegerField(_("maximum duration without HQ permission (days)"), default=1)
    min_weekly_consultation_hours = models.PositiveSmallIntegerField(_("minimum consultation hours a week"), default=0)
    min_seminars_per_year = models.PositiveSmallIntegerField(_("minimum seminars a year"), default=0)
    min_printed_copies = models.PositiveSmallIntegerField(_("minimum printed copies"), default=0)
    requires_electronic_copy = models.BooleanField(_("electronic copy required"), default=False)
    requires_audio_video = models.BooleanField(_("audio/video program required"), default=False)
    always_needs_hq_permission = models.BooleanField(_("always needs HQ permission"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("program type")
        verbose_name_plural = _("program types")

    def __str__(self):
        return self.name


class RequiredDocument(models.Model):
    """One entry of a program type's checklist; `stage` says when it must be on file."""

    class Stage(models.TextChoices):
        SUBMISSION = "submission", _("before submission")
        REPORT = "report", _("with the report")

    program_type = models.ForeignKey(
        ProgramType, verbose_name=_("program type"), on_delete=models.CASCADE, related_name="required_documents"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.SUBMISSION)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["program_type", "order", "id"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        constraints = [models.UniqueConstraint(fields=["program_type", "code"], name="one_requirement_code_per_type")]

    def __str__(self):
        return self.name


class ServiceItem(models.Model):
    """A service the executor may bill for this program type."""

    program_type = models.ForeignKey(
        ProgramType, verbose_name=_("program type"), on_delete=models.CASCADE, related_name="service_items"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["program_type", "order", "id"]
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        constraints = [models.UniqueConstraint(fields=["program_type", "code"], name="one_item_code_per_type")]

    def __str__(self):
        return self.name


class ProvinceProfile(models.Model):
    """The indices that weight a province's share of a national amount."""

    class Development(models.TextChoices):
        DEVELOPED = "developed", _("developed")
        SEMI = "semi", _("semi-developed")
        LESS = "less", _("less developed")

    region = models.OneToOneField(Region, verbose_name=_("province"), on_delete=models.CASCADE, related_name="profile")
    counties = models.PositiveIntegerField(_("counties"))
    cooperatives = models.PositiveIntegerField(_("cooperatives"))
    area_km2 = models.PositiveIntegerField(_("area (km²)"))
    development = models.CharField(_("development level"), max_length=10, choices=Development.choices)
    border = models.BooleanField(_("border province"), default=False)
    last_year_performance = models.PositiveSmallIntegerField(
        _("last year's performance (0–100)"), validators=[MaxValueValidator(100)], default=50
    )

    class Meta:
        ordering = ["region__name"]
        verbose_name = _("province profile")
        verbose_name_plural = _("province profiles")

    def __str__(self):
        return str(self.region)


class SplitWeight(models.Model):
    """The weight of one index in the suggested split (weights are relative, not percentages)."""

    class Index(models.TextChoices):
        COUNTIES = "counties", _("number of counties")
        COOPERATIVES = "cooperatives", _("number of cooperatives")
        AREA = "area", _("area")
        DEVELOPMENT = "development", _("development level (less developed weighs more)")
        BORDER = "border", _("border province")
        PERFORMANCE = "performance", _("last year's performance")

    index = models.CharField(_("index"), max_length=20, choices=Index.choices, unique=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)

    class Meta:
        ordering = ["index"]
        verbose_name = _("split weight")
        verbose_name_plural = _("split weights")

    def __str__(self):
        return f"{self.get_index_display()}: {self.weight}"


class SplitBasis(models.Model):
    """One version of the split weights and the provinces' indices: who changed what and when. A split
    records the version it used, so its suggestion can be recomputed from it."""

    weights = models.JSONField(_("weights"))
    indices = models.JSONField(_("province indices"), help_text=_("Region id → index values."))
    changes = models.JSONField(_("changes"), default=list, help_text=_("What changed from the previous version."))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("split basis version")
        verbose_name_plural = _("split basis versions")

    def __str__(self):
        return _("version %(number)s") % {"number": self.pk}


class NationalAmount(models.Model):
    """A fund's national amount for a fiscal year: the provinces' confirmed allocations never exceed it."""

    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="national_amounts")
    year = models.ForeignKey(FiscalYear, verbose_name=_("fiscal year"), on_delete=models.PROTECT)
    amount = models.BigIntegerField(_("national amount (rials)"), validators=[MinValueValidator(0)])
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("set by"), on_delete=models.PROTECT)
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        ordering = ["year", "fund"]
        verbose_name = _("national amount")
        verbose_name_plural = _("national amounts")
        constraints = [
            models.UniqueConstraint(fields=["fund", "year"], name="one_national_amount_per_fund_year"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="national_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.fund} · {self.year}: {self.amount:,}"


class ReportVersion(models.Model):
    """One row (id 1): the budget reports' data version. The services that write what the reports read
    raise it in their own transaction (procurement/reports.py: the report cache)."""

    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")

    def __str__(self):
        return str(self.version)
