"""Allocations per province, fund and year; category plans against 70/20/10."""

from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coopportal.audit.services import record_action
from coopportal.formatting import format_number
from coopportal.users.models import Region

from ..access import can_file_in, is_national
from ..exceptions import AllocationExceeded, BudgetError, NotAllowed
from ..history import actor_context
from ..models import (
    Allocation,
    AllocationSplit,
    Category,
    CategoryPlan,
    FiscalYear,
    Fund,
    NationalAmount,
    Program,
    ProvinceProfile,
    SplitBasis,
    SplitWeight,
)
from ..reports import changes_report_data
from ..split import category_shares, shares_within_tolerance, suggest_split
from .common import check_amount

INDEX_FIELDS = ("counties", "cooperatives", "area_km2", "development", "border", "last_year_performance")
COMMITTED_STATES = (
    Program.State.APPROVED,
    Program.State.EXECUTED,
    Program.State.REPORTED,
    Program.State.REVIEWED,
)


def committed_total(*, region_id: int, fund_id: int, year_id: int, exclude_pk: int | None = None) -> int:
    programs = Program.objects.filter(region_id=region_id, fund_id=fund_id, year_id=year_id, state__in=COMMITTED_STATES)
    if exclude_pk:
        programs = programs.exclude(pk=exclude_pk)
    return programs.aggregate(total=Sum("planned_cost"))["total"] or 0


def _snapshot() -> tuple[dict, dict]:
    weights = dict(SplitWeight.objects.order_by("index").values_list("index", "weight"))
    indices = {
        str(row["region_id"]): {k: v for k, v in row.items() if k != "region_id"}
        for row in ProvinceProfile.objects.order_by("region_id").values("region_id", *INDEX_FIELDS)
    }
    return weights, indices


def _basis_changes(old: SplitBasis | None, weights: dict, indices: dict) -> list[dict]:
    if old is None:
        return [{"what": "initial"}]
    changes = [
        {"what": "weight", "index": index, "old": old.weights.get(index), "new": weight}
        for index, weight in weights.items()
        if old.weights.get(index) != weight
    ]
    for region_id, values in indices.items():
        before = old.indices.get(region_id, {})
        changes += [
            {"what": "index", "region": int(region_id), "field": name, "old": before.get(name), "new": value}
            for name, value in values.items()
            if before.get(name) != value
        ]
    return changes


def record_split_basis(*, actor) -> SplitBasis:
    """The version of the weights and province indices in force; a new version (who, when, what changed)
    when they differ from the latest one. Called by every write to them (services and the admin)."""
    weights, indices = _snapshot()
    with transaction.atomic():
        latest = SplitBasis.objects.select_for_update().order_by("-id").first()
        if latest is not None and latest.weights == weights and latest.indices == indices:
            return latest
        basis = SplitBasis.objects.create(
            weights=weights,
            indices=indices,
            changes=_basis_changes(latest, weights, indices),
            changed_by=actor if getattr(actor, "pk", None) else None,
        )
        record_action(
            actor=actor, action="procurement.split_basis_changed", target=basis, details={"version": basis.pk}
        )
    return basis


def update_split_weight(*, actor, index: str, weight: int) -> SplitBasis:
    if not is_national(actor):
        raise NotAllowed(_("Only HQ changes the split weights."))
    if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 1000:
        raise BudgetError(_("A weight is a whole number from 0 to 1000."))
    with transaction.atomic():
        if not SplitWeight.objects.filter(index=index).update(weight=weight):
            raise BudgetError(_("Unknown index."))
        return record_split_basis(actor=actor)


def update_province_indices(*, actor, region: Region, **values) -> SplitBasis:
    if not is_national(actor):
        raise NotAllowed(_("Only HQ changes the province indices."))
    unknown = set(values) - set(INDEX_FIELDS)
    if unknown:
        raise BudgetError(_("Unknown index."))
    with transaction.atomic():
        profile = ProvinceProfile.objects.select_for_update().get(region=region)
        for name, value in values.items():
            setattr(profile, name, value)
        try:
            profile.full_clean()
        except ValidationError as exc:
            raise BudgetError(" ".join(exc.messages)) from exc
        profile.save(update_fields=list(values))
        return record_split_basis(actor=actor)


def basis_profiles(basis: SplitBasis) -> list[SimpleNamespace]:
    return [SimpleNamespace(region_id=int(region_id), **values) for region_id, values in basis.indices.items()]


def recompute_split(split: AllocationSplit) -> dict[int, int]:
    """The suggestion of a past split, from the weights and indices version it recorded."""
    return suggest_split(split.national_amount, basis_profiles(split.basis), split.basis.weights)


def _lock_national_amount(*, actor, fund: Fund, year: FiscalYear, amount: int | None, now) -> NationalAmount:
    national = NationalAmount.objects.select_for_update().filter(fund=fund, year=year).first()
    if national is None:
        if amount is None:
            raise BudgetError(_("HQ has not set the national amount of this fund and year yet."))
        try:
            with transaction.atomic():
                national = NationalAmount.objects.create(fund=fund, year=year, amount=amount, set_by=actor, set_at=now)
        except IntegrityError as exc:
            raise BudgetError(_("Another officer has just set this national amount; reload and try again.")) from exc
        national = NationalAmount.objects.select_for_update().get(pk=national.pk)
        record_action(actor=actor, action="procurement.national_amount_set", target=national, details={"new": amount})
    elif amount is not None and amount != national.amount:
        old = national.amount
        national.amount, national.set_by, national.set_at = amount, actor, now
        national.save(update_fields=["amount", "set_by", "set_at"])
        record_action(
            actor=actor, action="procurement.national_amount_set", target=national, details={"old": old, "new": amount}
        )
    return national


def set_national_amount(*, actor, fund: Fund, year: FiscalYear, amount: int) -> NationalAmount:
    """HQ sets a fund's national amount for a year; never below what the provinces already hold."""
    if not is_national(actor):
        raise NotAllowed(_("Only HQ sets the national amount."))
    check_amount(amount, label=_("The national amount"))
    with transaction.atomic():
        national = _lock_national_amount(actor=actor, fund=fund, year=year, amount=amount, now=timezone.now())
        confirmed = Allocation.objects.filter(fund=fund, year=year).aggregate(t=Sum("amount"))["t"] or 0
        if confirmed > amount:
            raise AllocationExceeded(
                _(
                    "The provinces already hold %(confirmed)s rials of this fund and year; "
                    "the national amount cannot be lower."
                )
                % {"confirmed": format_number(confirmed)}
            )
    return national


@changes_report_data
def confirm_allocations(
    *, actor, fund: Fund, year: FiscalYear, amounts: dict[int, int], national_amount: int | None = None
) -> list[Allocation]:
    """HQ confirms per-province amounts (region id → rials). None may fall below what the province has
    committed, and together the fund's allocations never exceed its national amount: the national row is
    locked first, so two officers confirming the last rials at once are served one after the other."""
    if not is_national(actor):
        raise NotAllowed(_("Only HQ confirms allocations."))
    for amount in amounts.values():
        check_amount(amount, label=_("An allocation"))
    if national_amount is not None:
        check_amount(national_amount, label=_("The national amount"))
    regions = Region.objects.in_bulk(list(amounts))
    if len(regions) != len(amounts) or any(r.country != Region.Country.IRAN for r in regions.values()):
        raise BudgetError(_("Allocations are for Iran's provinces only."))
    now = timezone.now()
    saved = []
    with transaction.atomic(), actor_context(actor, "allocation.confirm"):
        national = _lock_national_amount(actor=actor, fund=fund, year=year, amount=national_amount, now=now)
        others = (
            Allocation.objects.filter(fund=fund, year=year)
            .exclude(region_id__in=list(amounts))
            .aggregate(t=Sum("amount"))["t"]
            or 0
        )
        total = others + sum(amounts.values())
        if total > national.amount:
            raise AllocationExceeded(
                _(
                    "The provinces' allocations of this fund and year would total %(total)s rials, "
                    "%(over)s rials above the national amount of %(national)s rials."
                )
                % {
                    "total": format_number(total),
                    "over": format_number(total - national.amount),
                    "national": format_number(national.amount),
                }
            )
        existing = {
            a.region_id: a
            for a in Allocation.objects.select_for_update().filter(fund=fund, year=year, region_id__in=list(amounts))
        }
        for region_id, amount in sorted(amounts.items()):
            committed = committed_total(region_id=region_id, fund_id=fund.pk, year_id=year.pk)
            if amount < committed:
                raise AllocationExceeded(
                    _("%(province)s has already committed %(committed)s rials; its allocation cannot be lower.")
                    % {"province": regions[region_id], "committed": format_number(committed)}
                )
            allocation = existing.get(region_id)
            if allocation is None:
                allocation = Allocation.objects.create(
                    region_id=region_id, fund=fund, year=year, amount=amount, confirmed_by=actor, confirmed_at=now
                )
            elif allocation.amount != amount:
                old = allocation.amount
                allocation.amount = amount
                allocation.confirmed_by = actor
                allocation.confirmed_at = now
                allocation.save(update_fields=["amount", "confirmed_by", "confirmed_at"])
                record_action(
                    actor=actor,
                    action="procurement.allocation_changed",
                    target=allocation,
                    details={"old": old, "new": amount},
                )
            else:
                saved.append(allocation)
                continue
            record_action(
                actor=actor, action="procurement.allocation_confirmed", target=allocation, details={"amount": amount}
            )
            saved.append(allocation)
        basis = record_split_basis(actor=actor)
        AllocationSplit.objects.create(
            fund=fund,
            year=year,
            national_amount=national.amount,
            basis=basis,
            suggested={
                str(k): v for k, v in suggest_split(national.amount, basis_profiles(basis), basis.weights).items()
            },
            confirmed={str(k): v for k, v in amounts.items()},
            confirmed_by=actor,
            confirmed_at=now,
        )
    return saved


def plan_refusal(allocation: Allocation) -> str | None:
    """Why no program of this allocation may be approved yet, or None (up to 2 queries): the province has
    not split it by category, or its plan is outside the tolerance and HQ has not (or no longer) accepted it."""
    if allocation.deviation_accepted_at is not None:
        return None  # HQ accepts only a saved plan, and a new plan clears the acceptance
    amounts = dict(CategoryPlan.objects.filter(allocation=allocation).values_list("category_id", "amount"))
    if not sum(amounts.values()):
        return _(
            "The province has not split its allocation for this fund and year by category (70/20/10): "
            "the program cannot be approved until the province saves its plan."
        )
    if shares_within_tolerance(category_shares(list(Category.objects.all()), amounts)):
        return None
    return _(
        "The province's category plan for this fund and year is outside the target shares and HQ has not "
        "accepted it: the program cannot be approved until HQ accepts the plan with a reason."
    )


def plan_needs_acceptance(allocation: Allocation) -> bool:
    """No plan, or a plan outside the tolerance that HQ has not accepted: its programs cannot be approved."""
    return plan_refusal(allocation) is not None


@changes_report_data
def save_category_plan(*, actor, allocation: Allocation, amounts: dict[int, int]) -> list:
    """The province's split of its allocation by category (category id → rials); clears HQ's acceptance."""
    if not (is_national(actor) or can_file_in(actor, allocation.region_id)):
        raise NotAllowed(_("Only the province's officer or HQ plans this allocation."))
    categories = list(Category.objects.all())
    if set(amounts) - {c.pk for c in categories}:
        raise BudgetError(_("Unknown category."))
    for amount in amounts.values():
        check_amount(amount, label=_("A planned amount"))
    with transaction.atomic(), actor_context(actor, "allocation.plan"):
        allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
        total = sum(amounts.values())
        if total > allocation.amount:
            raise AllocationExceeded(
                _("The plan totals %(total)s rials, more than the allocation of %(amount)s rials.")
                % {"total": format_number(total), "amount": format_number(allocation.amount)}
            )
        for category_id, amount in amounts.items():
            CategoryPlan.objects.update_or_create(
                allocation=allocation, category_id=category_id, defaults={"amount": amount}
            )
        if allocation.deviation_accepted_at:
            allocation.deviation_accepted_by = None
            allocation.deviation_accepted_at = None
            allocation.deviation_reason = ""
            allocation.save(update_fields=["deviation_accepted_by", "deviation_accepted_at", "deviation_reason"])
        record_action(
            actor=actor,
            action="procurement.plan_saved",
            target=allocation,
            details={str(k): v for k, v in amounts.items()},
        )
    return category_shares(categories, amounts)


@changes_report_data
def accept_share_deviation(*, actor, allocation: Allocation, reason: str) -> Allocation:
    """HQ explicitly accepts a plan whose category shares are outside the tolerance."""
    if not is_national(actor):
        raise NotAllowed(_("Only HQ accepts a deviation from the category shares."))
    reason = (reason or "").strip()
    if not reason:
        raise BudgetError(_("Give the reason for accepting the deviation."))
    with transaction.atomic(), actor_context(actor, "allocation.accept_deviation"):
        allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
        categories = list(Category.objects.all())
        amounts = dict(CategoryPlan.objects.filter(allocation=allocation).values_list("category_id", "amount"))
        if not sum(amounts.values()):
            raise BudgetError(_("The province has not planned this allocation yet; there is nothing to accept."))
        if shares_within_tolerance(category_shares(categories, amounts)):
            raise BudgetError(_("The plan is within the tolerance; there is nothing to accept."))
        allocation.deviation_accepted_by = actor
        allocation.deviation_accepted_at = timezone.now()
        allocation.deviation_reason = reason
        allocation.save(update_fields=["deviation_accepted_by", "deviation_accepted_at", "deviation_reason"])
        record_action(
            actor=actor, action="procurement.deviation_accepted", target=allocation, details={"reason": reason}
        )
    return allocation
