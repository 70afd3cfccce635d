"""Allocations: the suggested split, HQ's confirmation, and category plans against 70/20/10."""

from types import SimpleNamespace

import pytest
from django.db.models import Sum

from procurement import services
from procurement.exceptions import AllocationExceeded, BudgetError, NotAllowed
from procurement.models import Category, ProvinceProfile, SplitWeight
from procurement.split import category_shares, suggest_split
from tests.conftest import requires_postgres
from tests.factories import region
from tests.procurement.factories import allocate, fund, hq, officer, refresh, seats, sign, submitted_program, year


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
    [
        ((70, 20, 10), True),
        ((72, 18, 10), True),  # education at its lower bound 18
        ((68, 22, 10), True),  # education at its upper bound 22
        ((71, 18, 11), True),  # research at its upper bound 11
        ((69, 22, 9), True),  # research at its lower bound 9
        ((73, 17, 10), False),
        ((69, 19, 12), False),
        ((700, 175, 125), False),  # 70 / 17.5 / 12.5
    ],
)
def test_share_tolerance_is_ten_percent_of_each_share_inclusive(amounts, within):
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
        sign(seat, program)
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


def plan(allocation, percents, *, actor=None):
    promotion, education, research = cats()
    unit = allocation.amount // 100
    return services.save_category_plan(
        actor=actor or officer(),
        allocation=allocation,
        amounts={c.pk: p * unit for c, p in zip((promotion, education, research), percents, strict=True)},
    )


@pytest.mark.django_db
def test_default_bands_are_63_77_18_22_9_11():
    assert [(float(a), float(b)) for a, b in (s.band for s in category_shares(cats(), {}))] == [
        (63, 77),
        (18, 22),
        (9, 11),
    ]


@pytest.mark.django_db
def test_plan_75_15_10_is_flagged():
    shares = plan(allocate(100_000_000), (75, 15, 10))
    assert [s.within_tolerance for s in shares] == [True, False, True]


@pytest.mark.django_db
def test_tolerance_is_data_hq_may_widen_it():
    Category.objects.filter(code="education").update(tolerance_percent=25)
    shares = plan(allocate(100_000_000), (75, 15, 10))
    assert all(s.within_tolerance for s in shares)


def approve_fully(filer, **kwargs):
    program = submitted_program(filer, **kwargs)
    for seat in seats():
        sign(seat, program)
    return refresh(program)


@pytest.mark.django_db
def test_77_13_10_blocks_approval_until_accepted():
    from procurement.exceptions import PlanNotAccepted
    from procurement.models import Program, Signature

    allocation = allocate(100_000_000)
    filer = officer()
    plan(allocation, (77, 13, 10), actor=filer)
    program = submitted_program(filer)
    deputy, director, comptroller = seats()
    sign(deputy, program)
    sign(director, program)
    with pytest.raises(PlanNotAccepted, match="HQ accepts the plan"):
        sign(comptroller, program)
    assert Program.objects.get(pk=program.pk).state == Program.State.SIGN_OFF
    assert Signature.objects.filter(program=program, voided_at=None).count() == 2
    services.accept_share_deviation(actor=hq(), allocation=allocation, reason="Education chairs start next year.")
    sign(comptroller, program)
    assert Program.objects.get(pk=program.pk).state == Program.State.APPROVED


@pytest.mark.django_db
def test_a_new_plan_clears_the_acceptance_and_blocks_again():
    from procurement.exceptions import PlanNotAccepted

    allocation = allocate(100_000_000)
    filer = officer()
    plan(allocation, (77, 13, 10), actor=filer)
    services.accept_share_deviation(actor=hq(), allocation=allocation, reason="Agreed.")
    plan(allocation, (78, 12, 10), actor=filer)
    program = submitted_program(filer)
    deputy, director, comptroller = seats()
    sign(deputy, program)
    sign(director, program)
    with pytest.raises(PlanNotAccepted):
        sign(comptroller, program)


@pytest.mark.django_db
def test_plan_within_the_bands_lets_programs_be_approved():
    allocation = allocate(100_000_000)
    filer = officer()
    plan(allocation, (72, 18, 10), actor=filer)
    assert approve_fully(filer).state == "approved"


@pytest.mark.django_db
def test_no_share_plan_blocks_approval_until_the_province_plans():
    from procurement.exceptions import PlanNotAccepted
    from procurement.models import Program, Signature

    allocation = allocate(100_000_000, planned=False)
    assert services.plan_needs_acceptance(allocation)
    filer = officer()
    program = submitted_program(filer)
    deputy, director, comptroller = seats()
    sign(deputy, program)
    sign(director, program)
    with pytest.raises(PlanNotAccepted, match="has not split its allocation"):
        sign(comptroller, program)
    assert Program.objects.get(pk=program.pk).state == Program.State.SIGN_OFF
    assert Signature.objects.filter(program=program, voided_at=None).count() == 2
    plan(allocation, (70, 20, 10), actor=filer)
    sign(comptroller, program)
    assert Program.objects.get(pk=program.pk).state == Program.State.APPROVED


@pytest.mark.django_db
def test_no_share_plan_is_nothing_hq_can_accept():
    allocation = allocate(100_000_000, planned=False)
    with pytest.raises(BudgetError, match="nothing to accept"):
        services.accept_share_deviation(actor=hq(), allocation=allocation, reason="Go ahead.")
    assert services.plan_needs_acceptance(refresh_allocation(allocation))


@pytest.mark.django_db
def test_no_share_plan_is_named_on_the_program_page(login):
    from django.urls import reverse

    allocate(100_000_000, planned=False)
    program = submitted_program(officer())
    html = login(seats()[0]).get(reverse("procurement:program", args=[program.pk])).content.decode()
    assert "has not split its allocation for this fund and year by category" in html


def refresh_allocation(allocation):
    from procurement.models import Allocation

    return Allocation.objects.get(pk=allocation.pk)


# Totals that add up: the provinces' confirmed allocations never exceed the fund's national amount.


@pytest.mark.django_db
def test_allocation_one_rial_over_national_amount_refused():
    from procurement.models import Allocation
    from tests.procurement.factories import national

    boss = hq()
    national(100_000_000, by=boss)
    allocate(60_000_000, code="ir-isfahan", by=boss)
    with pytest.raises(AllocationExceeded, match="1 rials above the national amount of 100,000,000"):
        services.confirm_allocations(actor=boss, fund=fund(), year=year(), amounts={region("ir-tehran").pk: 40_000_001})
    assert not Allocation.objects.filter(region=region("ir-tehran")).exists()
    services.confirm_allocations(actor=boss, fund=fund(), year=year(), amounts={region("ir-tehran").pk: 40_000_000})


@pytest.mark.django_db
def test_allocations_totalling_1_000_000_001_over_a_national_1_000_000_000_refused():
    from procurement.models import Allocation
    from tests.procurement.factories import national

    boss = hq()
    national(1_000_000_000, by=boss)
    amounts = {region("ir-tehran").pk: 600_000_000, region("ir-isfahan").pk: 400_000_001}
    with pytest.raises(AllocationExceeded, match="total 1,000,000,001 rials, 1 rials above"):
        services.confirm_allocations(actor=boss, fund=fund(), year=year(), amounts=amounts)
    assert not Allocation.objects.exists()
    amounts[region("ir-isfahan").pk] = 400_000_000
    services.confirm_allocations(actor=boss, fund=fund(), year=year(), amounts=amounts)
    assert Allocation.objects.aggregate(total=Sum("amount"))["total"] == 1_000_000_000


@pytest.mark.django_db
def test_allocation_needs_a_national_amount():
    with pytest.raises(BudgetError, match="national amount"):
        services.confirm_allocations(actor=hq(), fund=fund(), year=year(), amounts={region("ir-tehran").pk: 1})


@pytest.mark.django_db
def test_national_amount_cannot_fall_below_the_confirmed_allocations():
    from tests.procurement.factories import national

    boss = hq()
    national(100_000_000, by=boss)
    allocate(60_000_000, by=boss)
    with pytest.raises(AllocationExceeded, match="60,000,000"):
        national(59_999_999, by=boss)


@pytest.mark.django_db
def test_allocations_are_for_iranian_provinces_only():
    from tests.procurement.factories import national

    national()
    with pytest.raises(BudgetError, match="Iran"):
        services.confirm_allocations(actor=hq(), fund=fund(), year=year(), amounts={region("kz-almaty").pk: 1})


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_hq_officers_confirming_last_rials_at_once():
    import threading

    from django.db import connection

    from procurement.models import Allocation
    from tests.procurement.factories import national

    first, second = hq(), hq()
    national(100_000_000, by=first)
    allocate(90_000_000, code="ir-fars", by=first)
    barrier = threading.Barrier(2)
    outcomes = []

    def confirm(officer_, code):
        try:
            barrier.wait()
            services.confirm_allocations(
                actor=officer_, fund=fund(), year=year(), amounts={region(code).pk: 10_000_000}
            )
            outcomes.append("confirmed")
        except AllocationExceeded:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=confirm, args=(first, "ir-tehran")),
        threading.Thread(target=confirm, args=(second, "ir-isfahan")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["confirmed", "refused"]
    assert Allocation.objects.filter(fund=fund(), year=year()).aggregate(t=Sum("amount"))["t"] == 100_000_000


# Weights and province indices are versioned; each split records its version and can be recomputed.


@pytest.mark.django_db
def test_weight_change_is_a_new_version_naming_who_and_what():
    from procurement.models import SplitBasis

    boss = hq()
    before = services.record_split_basis(actor=boss)
    after = services.update_split_weight(actor=boss, index="border", weight=7)
    assert after.pk != before.pk and after.changed_by == boss and after.created_at
    old = before.weights["border"]
    assert after.changes == [{"what": "weight", "index": "border", "old": old, "new": 7}]
    assert SplitBasis.objects.count() == 2
    with pytest.raises(NotAllowed):
        services.update_split_weight(actor=officer(), index="border", weight=1)


@pytest.mark.django_db
def test_province_index_change_is_versioned():
    boss = hq()
    services.record_split_basis(actor=boss)
    basis = services.update_province_indices(actor=boss, region=region("ir-tehran"), counties=99)
    assert basis.changes[0]["region"] == region("ir-tehran").pk and basis.changes[0]["new"] == 99


@pytest.mark.django_db
def test_split_records_its_version_and_is_recomputed_from_it_after_weights_change():
    from procurement.models import AllocationSplit
    from tests.procurement.factories import national

    boss = hq()
    national(31_000_000_000, by=boss)
    allocate(1_000_000_000, by=boss)
    split = AllocationSplit.objects.get()
    services.update_split_weight(actor=boss, index="counties", weight=50)
    services.update_province_indices(actor=boss, region=region("ir-tehran"), cooperatives=1)
    recomputed = services.recompute_split(split)
    assert {str(k): v for k, v in recomputed.items()} == split.suggested
    assert sum(recomputed.values()) == 31_000_000_000


@pytest.mark.django_db
def test_program_page_warns_seats_that_the_plan_blocks_approval(login):
    from django.urls import reverse

    allocation = allocate(100_000_000)
    filer = officer()
    plan(allocation, (77, 13, 10), actor=filer)
    program = submitted_program(filer)
    deputy = seats()[0]
    html = login(deputy).get(reverse("procurement:program", args=[program.pk])).content.decode()
    assert "outside the target shares and HQ has not accepted it" in html
