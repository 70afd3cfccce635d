from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coopportal.identity import query_id
from coopportal.translated import localized
from coopportal.users.models import Region

from .. import selectors, services
from ..access import can_file_in, get_allocation_for_user, is_national, require_national, visible_region_filter
from ..conflicts import all_conflicts
from ..exceptions import BudgetError
from ..forms import AllocationConfirmForm, CategoryPlanForm, ReasonForm, SplitForm
from ..models import Allocation, Category, NationalAmount, ProvinceProfile, SplitBasis, SplitWeight
from ..split import suggest_split
from .common import budget_roles


@budget_roles
def allocation_list(request):
    plans = selectors.allocation_plans(visible_region_filter(request.user))
    return render(
        request,
        "procurement/allocations.html",
        {
            "plans": plans,
            "is_national": is_national(request.user),
            "split_form": SplitForm() if is_national(request.user) else None,
        },
    )


@budget_roles
def allocation_split(request):
    """HQ: a national amount → the suggested split by weighted indices → adjusted and confirmed amounts."""
    require_national(request.user)
    split_form = SplitForm(request.POST or request.GET or None)
    if not split_form.is_valid():
        return render(request, "procurement/allocation_split.html", {"split_form": split_form})
    fund, year = split_form.cleaned_data["fund"], split_form.cleaned_data["year"]
    profiles = list(
        ProvinceProfile.objects.filter(region__country=Region.Country.IRAN)
        .select_related("region")
        .order_by(localized("region__name"))
    )
    weights = dict(SplitWeight.objects.values_list("index", "weight"))
    suggestion = suggest_split(split_form.cleaned_data["national_amount"], profiles, weights)
    regions = [p.region for p in profiles]
    if request.method == "POST" and "confirm" in request.POST:
        form = AllocationConfirmForm(request.POST, regions=regions)
        if form.is_valid():
            try:
                services.confirm_allocations(
                    actor=request.user,
                    fund=fund,
                    year=year,
                    amounts=form.amounts(),
                    national_amount=split_form.cleaned_data["national_amount"],
                )
            except BudgetError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Allocations confirmed."))
                return redirect("procurement:allocations")
    else:
        form = AllocationConfirmForm(regions=regions, initial={f"region_{r}": a for r, a in suggestion.items()})
    rows = [(p, form[f"region_{p.region_id}"], suggestion[p.region_id]) for p in profiles]
    national = NationalAmount.objects.filter(fund=fund, year=year).select_related("set_by").first()
    context = {
        "split_form": split_form,
        "form": form,
        "rows": rows,
        "weights": SplitWeight.objects.all(),
        "basis": SplitBasis.objects.select_related("changed_by").first(),
        "national": national,
        "confirmed": Allocation.objects.filter(fund=fund, year=year).aggregate(t=Sum("amount"))["t"] or 0,
    }
    return render(request, "procurement/allocation_split.html", context)


@budget_roles
def allocation_plan(request, pk):
    allocation = get_allocation_for_user(request.user, pk)
    user = request.user
    categories = list(Category.objects.all())
    can_plan = is_national(user) or can_file_in(user, allocation.region_id)
    plan = selectors.allocation_plans(Q(pk=allocation.pk))[0]
    initial = {f"category_{s.category.pk}": s.amount for s in plan.shares}
    form = CategoryPlanForm(request.POST or None, categories=categories, initial=initial)
    reason_form = ReasonForm(request.POST or None) if "accept" in request.POST else ReasonForm()
    if request.method == "POST":
        try:
            if "accept" in request.POST:
                if not is_national(user):
                    raise PermissionDenied
                if reason_form.is_valid():
                    services.accept_share_deviation(
                        actor=user, allocation=allocation, reason=reason_form.cleaned_data["reason"]
                    )
                    messages.success(request, _("The deviation is accepted."))
                    return redirect("procurement:allocation", pk=allocation.pk)
            else:
                if not can_plan:
                    raise PermissionDenied
                if form.is_valid():
                    shares = services.save_category_plan(actor=user, allocation=allocation, amounts=form.amounts())
                    if not all(s.within_tolerance for s in shares):
                        messages.warning(
                            request, _("The plan is outside the target shares; HQ must accept the deviation.")
                        )
                    else:
                        messages.success(request, _("Plan saved."))
                    return redirect("procurement:allocation", pk=allocation.pk)
        except BudgetError as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "procurement/allocation_plan.html",
        {
            "plan": plan,
            "form": form,
            "reason_form": reason_form,
            "can_plan": can_plan,
            "is_national": is_national(user),
            "history": selectors.allocation_history(allocation),
        },
    )


@budget_roles
def conflicts(request):
    require_national(request.user)
    return render(
        request,
        "procurement/conflicts.html",
        {"conflicts": all_conflicts(year_id=query_id(request.GET.get("year")))},
    )
