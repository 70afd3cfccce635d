"""Allocations per province, fund and year; category plans against 70/20/10."""

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coopportal.audit.services import record_action
from coopportal.users.models import Region

from ..exceptions import AllocationExceeded, BudgetError, NotAllowed
from ..history import actor_context
from ..models import Allocation, Category, CategoryPlan, FiscalYear, Fund, Program
from ..reports import changes_report_data
from ..scope import can_file_in, is_national
from ..split import category_shares, shares_within_tolerance
from .common import check_amount

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


@changes_report_data
def confirm_allocations(*, actor, fund: Fund, year: FiscalYear, amounts: dict[int, int]) -> list[Allocation]:
    """HQ confirms per-province amounts (region id → rials); none may fall below what is already committed."""
    if not is_national(actor):
        raise NotAllowed(_("Only HQ confirms allocations."))
    for amount in amounts.values():
        check_amount(amount, label=_("An allocation"))
    regions = Region.objects.in_bulk(list(amounts))
    if len(regions) != len(amounts) or any(r.country != Region.Country.IRAN for r in regions.values()):
        raise BudgetError(_("Allocations are for Iran's provinces only."))
    now = timezone.now()
    saved = []
    with transaction.atomic(), actor_context(actor, "allocation.confirm"):
        existing = {
            a.region_id: a
            for a in Allocation.objects.select_for_update().filter(fund=fund, year=year, region_id__in=list(amounts))
        }
        for region_id, amount in sorted(amounts.items()):
            committed = committed_total(region_id=region_id, fund_id=fund.pk, year_id=year.pk)
            if amount < committed:
                raise AllocationExceeded(
                    _("%(province)s has already committed %(committed)s rials; its allocation cannot be lower.")
                    % {"province": regions[region_id], "committed": f"{committed:,}"}
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
    return saved


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
                % {"total": f"{total:,}", "amount": f"{allocation.amount:,}"}
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
