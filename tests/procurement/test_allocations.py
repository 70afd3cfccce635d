"""Allocations: the suggested split, HQ's confirmation, and category plans against 70/20/10."""

from types import SimpleNamespace

import pytest

from procurement import services
from procurement.exceptions import AllocationExceeded, BudgetError, NotAllowed
from procurement.models import Category, ProvinceProfile, SplitWeight
from procurement.split import category_shares, suggest_split
from tests.factories import region
from tests.procurement.factories import allocate, fund, hq, officer, seats, submitted_program, year


def profile(region_id, **values):
    base = {
        "counties": 10,
        "cooperatives": 1000,
        "area_km2": 10000,
        "development": "semi",
        "border": False,
        "last_year_performance": 50,
    }
    return SimpleNamespace(region_id=region_id, **{**base, **values})


WEIGHTS = {"counties": 1, "cooperatives": 1, "area": 1, "development": 1, "border": 1, "performance": 1}


def test_suggested_split_sums_exactly_to_the_national_amount():
    profiles = [profile(1), profile(2, counties=20), profile(3, border=True, development="less")]
    split = suggest_split(1_000_000_001, profiles, WEIGHTS)
    assert sum(split.values()) == 1_000_000_001
    assert all(isinstance(v, int) and v >= 0 for v in split.values())


def test_equal_provinces_get_equal_shares_and_each_index_pulls_its_way():
    assert suggest_split(900, [profile(1), profile(2), profile(3)], WEIGHTS) == {1: 300, 2: 300, 3: 300}
    split = suggest_split(1_000, [profile(1), profile(2, border=True)], WEIGHTS)
    assert split[2] > split[1]
    only_counties = {**dict.fromkeys(WEIGHTS, 0), "counties": 1}
    assert suggest_split(300, [profile(1, counties=1), profile(2, counties=2)], only_counties) == {1: 100, 2: 200}


def test_less_developed_provinces_weigh_more():
    split = suggest_split(1_000, [profile(1, development="developed"), profile(2, development="less")], WEIGHTS)
    assert split[2] > split[1]


@pytest.mark.django_db
def test_seeded_profiles_cover_all_31_provinces_with_weights():
    assert ProvinceProfile.objects.count() == 31
    assert SplitWeight.objects.count() == 6
    split = suggest_split(
        31_000_000_000, ProvinceProfile.objects.all(), dict(SplitWeight.objects.values_list("index", "weight"))
    )
    assert sum(split.values()) == 31_000_000_000 and len(split) == 31


def cats():
    return list(Category.objects.order_by("order"))


@pytest.mark.django_db
def test_category_targets_are_70_20_10():
    assert [(c.code, c.target_percent) for c in cats()] == [("promotion", 70), ("education", 20), ("research", 10)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("amounts", "within"),
    [((70, 20, 10), True), ((75, 15, 10), True), ((76, 14, 10), False), ((65, 25, 10), True), ((64, 26, 10), False)],
)
def test_share_tolerance_is_inclusive(amounts, within):
    promotion, education, research = cats()
    shares = category_shares(cats(), {promotion.pk: amounts[0], education.pk: amounts[1], research.pk: amounts[2]})
    assert all(s.within_tolerance for s in shares) is within


@pytest.mark.django_db
def test_only_hq_confirms_allocations():
    with pytest.raises(NotAllowed):
        services.confirm_allocations(actor=officer(), fund=fund(), year=year(), amounts={region("ir-tehran").pk: 1})


@pytest.mark.django_db
def test_allocation_cannot_fall_below_what_is_committed():
    boss = hq()
    allocate(20_000_000, by=boss)
    program = submitted_program(officer())
    for seat in seats():
        services.sign_program(actor=seat, program=program)
    with pytest.raises(AllocationExceeded, match="8,000,000"):
        services.confirm_allocations(actor=boss, fund=fund(), year=year(), amounts={region("ir-tehran").pk: 7_999_999})


@pytest.mark.django_db
def test_negative_allocation_is_refused():
    with pytest.raises(BudgetError):
        services.confirm_allocations(actor=hq(), fund=fund(), year=year(), amounts={region("ir-tehran").pk: -5})


@pytest.mark.django_db
def test_plan_outside_tolerance_needs_explicit_hq_acceptance_which_a_new_plan_clears():
    from django.db.models import Q

    from procurement.selectors import allocation_plans

    allocation = allocate(100_000_000)
    filer, boss = officer(), hq()
    promotion, education, research = cats()
    shares = services.save_category_plan(
        actor=filer,
        allocation=allocation,
        amounts={promotion.pk: 90_000_000, education.pk: 5_000_000, research.pk: 5_000_000},
    )
    assert not all(s.within_tolerance for s in shares)
    assert allocation_plans(Q(pk=allocation.pk))[0].needs_acceptance
    with pytest.raises(NotAllowed):
        services.accept_share_deviation(actor=filer, allocation=allocation, reason="please")
    with pytest.raises(BudgetError):
        services.accept_share_deviation(actor=boss, allocation=allocation, reason="")
    services.accept_share_deviation(actor=boss, allocation=allocation, reason="Tours first this year.")
    assert not allocation_plans(Q(pk=allocation.pk))[0].needs_acceptance
    services.save_category_plan(
        actor=filer,
        allocation=allocation,
        amounts={promotion.pk: 91_000_000, education.pk: 4_000_000, research.pk: 5_000_000},
    )
    assert allocation_plans(Q(pk=allocation.pk))[0].needs_acceptance


@pytest.mark.django_db
def test_plan_cannot_exceed_the_allocation():
    allocation = allocate(10_000_000)
    promotion, *_ = cats()
    with pytest.raises(AllocationExceeded):
        services.save_category_plan(actor=officer(), allocation=allocation, amounts={promotion.pk: 10_000_001})


@pytest.mark.django_db
def test_plan_within_tolerance_needs_no_acceptance():
    allocation = allocate(100_000_000)
    promotion, education, research = cats()
    services.save_category_plan(
        actor=officer(),
        allocation=allocation,
        amounts={promotion.pk: 70_000_000, education.pk: 20_000_000, research.pk: 10_000_000},
    )
    with pytest.raises(BudgetError, match="within the tolerance"):
        services.accept_share_deviation(actor=hq(), allocation=allocation, reason="not needed")
