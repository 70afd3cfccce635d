"""Allocations, programs and everything filed with them. Every row here is tracked by database
triggers (django-pghistory), so the history also holds changes made by `.update()` or raw SQL."""

import pghistory
import pgtrigger
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopportal.uploads import UnguessablePath
from coopportal.users.models import CommitteeSeat, Region

from .reference import Category, FiscalYear, Fund, ProgramType, RequiredDocument, ServiceItem, SplitBasis

Rials = models.BigIntegerField
FINAL_STATES = ("approved", "executed", "reported", "reviewed")
EDITABLE_STATES = ("draft", "hq_permission", "sign_off")
# What a filer may change on a program: the form and the filing service share this one list.
EDITABLE_FIELDS = (
    "title",
    "start_date",
    "end_date",
    "place",
    "executor",
    "planned_cost",
    "headcount",
    "units",
    "weekly_consultation_hours",
    "seminars_recorded",
    "printed_copies",
    "electronic_copy",
    "audio_video",
)
# Fields that only some program types use (by type code); the others are the same for every type.
TYPE_FIELDS = {
    "chair": ("units", "weekly_consultation_hours", "seminars_recorded"),
    "story": ("printed_copies", "electronic_copy", "audio_video"),
}
TYPE_ONLY_FIELDS = frozenset(name for names in TYPE_FIELDS.values() for name in names)


def fields_for_type(code: str) -> tuple[str, ...]:
    """The editable fields a program of type `code` shows."""
    own = TYPE_FIELDS.get(code, ())
    return tuple(name for name in EDITABLE_FIELDS if name not in TYPE_ONLY_FIELDS or name in own)


_FINAL_SQL = ", ".join(f"'{state}'" for state in FINAL_STATES)


class FinalRowChanges(pgtrigger.AnyChange):
    """The update changes a field other than `exclude` of a program that is approved or later."""

    def resolve(self, model) -> str:
        return f'OLD."state" IN ({_FINAL_SQL}) AND ({super().resolve(model)})'


def final_program_children(name: str):
    """Participants, hosts and expense lines of an approved program are as immutable as the program."""
    # Constant SQL: the states come from FINAL_STATES above, nothing from input.
    final = f"EXISTS (SELECT 1 FROM procurement_program p WHERE p.id = ROW.program_id AND p.state IN ({_FINAL_SQL}))"  # noqa: S608
    refuse = "RAISE EXCEPTION 'pgtrigger: the program is approved; its {meta.db_table} rows cannot change';"
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=pgtrigger.Func(
            f"IF TG_OP <> 'INSERT' AND {final.replace('ROW', 'OLD')} THEN {refuse} END IF; "
            f"IF TG_OP <> 'DELETE' AND {final.replace('ROW', 'NEW')} THEN {refuse} END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;"
        ),
    )


def tracked():
    """Fresh trackers for each model (a tracker instance binds to the first model it decorates)."""
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


@tracked()
class Allocation(models.Model):
    """A province's credit for one fund and fiscal year, confirmed by HQ."""

    region = models.ForeignKey(Region, verbose_name=_("province"), on_delete=models.PROTECT, related_name="allocations")
    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="allocations")
    year = models.ForeignKey(FiscalYear, verbose_name=_("fiscal year"), on_delete=models.PROTECT)
    amount = Rials(_("allocation (rials)"), validators=[MinValueValidator(0)])
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))
    deviation_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("share deviation accepted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    deviation_accepted_at = models.DateTimeField(_("share deviation accepted at"), null=True, blank=True)
    deviation_reason = models.TextField(_("reason for accepting the deviation"), blank=True)

    class Meta:
        ordering = ["year", "fund", "region__name"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.UniqueConstraint(fields=["region", "fund", "year"], name="one_allocation_per_province_fund_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="allocation_not_negative"),
        ]

    def __str__(self):
        return f"{self.region} · {self.fund} · {self.year}"


class AllocationSplit(models.Model):
    """HQ's confirmation of provincial amounts for a fund and year: the national amount, the weights and
    indices version the suggestion came from, the suggestion and what was confirmed (region id → rials)."""

    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(FiscalYear, verbose_name=_("fiscal year"), on_delete=models.PROTECT, related_name="+")
    national_amount = Rials(_("national amount (rials)"), validators=[MinValueValidator(0)])
    basis = models.ForeignKey(
        SplitBasis, verbose_name=_("weights and indices version"), on_delete=models.PROTECT, related_name="splits"
    )
    suggested = models.JSONField(_("suggested amounts"))
    confirmed = models.JSONField(_("confirmed amounts"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))

    class Meta:
        ordering = ["-confirmed_at", "-id"]
        verbose_name = _("allocation split")
        verbose_name_plural = _("allocation splits")

    def __str__(self):
        return f"{self.fund} · {self.year} · {self.confirmed_at:%Y-%m-%d}"


@tracked()
class CategoryPlan(models.Model):
    """The part of an allocation a province plans for one category (compared with 70/20/10)."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="plans")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT)
    amount = Rials(_("planned amount (rials)"), validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["category__order"]
        verbose_name = _("category plan")
        verbose_name_plural = _("category plans")
        constraints = [
            models.UniqueConstraint(fields=["allocation", "category"], name="one_plan_per_category"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="category_plan_not_negative"),
        ]

    def __str__(self):
        return f"{self.category}: {self.amount}"


class Contractor(models.Model):
    """An executor a province contracts programs to."""

    region = models.ForeignKey(Region, verbose_name=_("province"), on_delete=models.PROTECT, related_name="contractors")
    name = models.CharField(_("name"), max_length=200)
    registration_number = models.CharField(_("registration number"), max_length=40)
    registration_key = models.CharField(max_length=40, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contractor")
        verbose_name_plural = _("contractors")
        constraints = [
            models.UniqueConstraint(fields=["region", "registration_key"], name="one_contractor_per_registration")
        ]

    def __str__(self):
        return self.name


class ContractorDocument(models.Model):
    """A qualification document (legal standing, record, competence) of a contractor."""

    contractor = models.ForeignKey(Contractor, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=UnguessablePath("procurement/contractors"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("qualification document")
        verbose_name_plural = _("qualification documents")

    def __str__(self):
        return self.title


@tracked()
class Program(models.Model):
    """One program a province files: its plan, people, costs and documents, through its states."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        HQ_PERMISSION = "hq_permission", _("Awaiting HQ permission")
        SIGN_OFF = "sign_off", _("Awaiting committee sign-off")
        APPROVED = "approved", _("Approved")
        EXECUTED = "executed", _("Executed")
        REPORTED = "reported", _("Reported")
        REVIEWED = "reviewed", _("Reviewed by HQ")

    region = models.ForeignKey(Region, verbose_name=_("province"), on_delete=models.PROTECT, related_name="programs")
    program_type = models.ForeignKey(ProgramType, verbose_name=_("program type"), on_delete=models.PROTECT)
    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT)
    year = models.ForeignKey(FiscalYear, verbose_name=_("fiscal year"), on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=200)
    executor = models.ForeignKey(
        Contractor, verbose_name=_("executor"), on_delete=models.PROTECT, null=True, blank=True, related_name="programs"
    )
    planned_cost = Rials(_("planned cost (rials)"), validators=[MinValueValidator(0)])
    headcount = models.PositiveIntegerField(_("participants claimed"), default=0)
    units = models.PositiveSmallIntegerField(_("units"), default=1, help_text=_("Chairs: the number of units."))
    weekly_consultation_hours = models.PositiveSmallIntegerField(_("consultation hours a week"), default=0)
    seminars_recorded = models.PositiveSmallIntegerField(_("seminars recorded"), default=0)
    printed_copies = models.PositiveSmallIntegerField(_("printed copies"), default=0)
    electronic_copy = models.BooleanField(_("electronic copy"), default=False)
    audio_video = models.BooleanField(_("audio/video program"), default=False)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    needs_hq_permission = models.BooleanField(_("needs HQ permission"), default=False)
    hq_permission_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("HQ permission given by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hq_permission_reason = models.TextField(_("HQ permission / override reason"), blank=True)
    actual_cost = Rials(_("actual cost (rials)"), null=True, blank=True, validators=[MinValueValidator(0)])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        indexes = [models.Index(fields=["year", "fund", "region", "state"], name="program_report_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="program_dates_order"),
            models.CheckConstraint(condition=Q(planned_cost__gte=0), name="program_cost_not_negative"),
            models.CheckConstraint(condition=Q(actual_cost__gte=0) | Q(actual_cost=None), name="program_actual_ok"),
        ]
        triggers = [
            # Approved programs are immutable whatever the path: ORM, `.update()` or raw SQL (PostgreSQL only).
            # Only the state moves on (executed, reported, reviewed, or back to draft through the amendment
            # service) and the actual cost is recorded.
            pgtrigger.Protect(
                name="approved_program_is_immutable",
                operation=pgtrigger.Update,
                condition=FinalRowChanges(exclude=["state", "actual_cost"]),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def duration_days(self) -> int:
        return (self.end_date - self.start_date).days + 1


@tracked()
class HostCooperative(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="hosts")
    name = models.CharField(_("name"), max_length=200)
    registration_number = models.CharField(_("registration number"), max_length=40)
    registration_key = models.CharField(max_length=40, editable=False, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("host cooperative")
        verbose_name_plural = _("host cooperatives")
        triggers = [final_program_children("approved_program_hosts_are_final")]

    def __str__(self):
        return self.name


@tracked()
class Participant(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="participants")
    full_name = models.CharField(_("full name"), max_length=200)
    national_id = models.CharField(_("national ID"), max_length=20, blank=True)
    national_id_key = models.CharField(max_length=20, editable=False, blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    phone_key = models.CharField(max_length=20, editable=False, blank=True, db_index=True)
    signature = models.FileField(_("signature scan"), upload_to=UnguessablePath("procurement/signatures"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=~Q(national_id_key="") | ~Q(phone_key=""), name="participant_has_id_or_phone"
            )
        ]
        triggers = [final_program_children("approved_program_people_are_final")]

    def __str__(self):
        return self.full_name


@tracked()
class ExpenseLine(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(ServiceItem, verbose_name=_("service item"), on_delete=models.PROTECT)
    amount = Rials(_("amount (rials)"), validators=[MinValueValidator(0)])
    vendor = models.CharField(_("vendor"), max_length=200)
    invoice_number = models.CharField(_("invoice number"), max_length=60)
    invoice_date = models.DateField(_("invoice date"))
    invoice_key = models.CharField(max_length=300, editable=False, db_index=True)
    file = models.FileField(_("invoice or receipt"), upload_to=UnguessablePath("procurement/invoices"))
    file_sha256 = models.CharField(_("file fingerprint (SHA-256)"), max_length=64, editable=False, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("expense line")
        verbose_name_plural = _("expense lines")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="expense_not_negative"),
            # The same invoice cannot be claimed twice anywhere in the portal.
            models.UniqueConstraint(fields=["invoice_key"], name="one_claim_per_invoice"),
            models.UniqueConstraint(fields=["file_sha256"], name="one_claim_per_invoice_file"),
        ]
        triggers = [final_program_children("approved_program_lines_are_final")]

    def __str__(self):
        return f"{self.vendor} {self.invoice_number}"


@tracked()
class ProgramDocument(models.Model):
    """A file for one checklist entry (participant list, contract, report...)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(RequiredDocument, verbose_name=_("document"), on_delete=models.PROTECT)
    file = models.FileField(_("file"), upload_to=UnguessablePath("procurement/documents"))
    file_sha256 = models.CharField(_("file fingerprint (SHA-256)"), max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["requirement__order", "id"]
        verbose_name = _("program document")
        verbose_name_plural = _("program documents")

    def __str__(self):
        return str(self.requirement)


@tracked()
class Signature(models.Model):
    """One seat's sign-off; a change to the program afterwards voids it (voided_at set)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="signatures")
    seat = models.CharField(_("seat"), max_length=20, choices=CommitteeSeat.Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT)
    signed_at = models.DateTimeField(_("signed at"))
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)

    class Meta:
        ordering = ["signed_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "seat"], condition=Q(voided_at=None), name="one_live_signature_per_seat"
            ),
            models.UniqueConstraint(
                fields=["program", "user"], condition=Q(voided_at=None), name="one_live_signature_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.get_seat_display()}: {self.user}"
