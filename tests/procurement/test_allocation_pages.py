"""HQ splits a national amount in the browser; the province plans its categories; HQ accepts a deviation."""

import pytest
from django.urls import reverse

from procurement.models import Allocation, Category
from tests.procurement.factories import allocate, fund, hq, officer, year

pytestmark = pytest.mark.django_db


def test_hq_gets_a_suggested_split_adjusts_it_and_confirms(client, login):
    login(hq())
    params = {"fund": fund().pk, "year": year().pk, "national_amount": "۳۱٬۰۰۰٬۰۰۰٬۰۰۰"}
    page = client.get(reverse("procurement:allocation_split"), params)
    assert page.status_code == 200
    form = page.context["form"]
    amounts = {name: form.initial[name] for name in form.fields}
    assert sum(amounts.values()) == 31_000_000_000
    tehran_field = next(name for name in amounts if form.fields[name].label == "Tehran")
    other_field = next(name for name in amounts if name != tehran_field)
    amounts[tehran_field] += 1_000
    over = client.post(
        reverse("procurement:allocation_split"), {**params, **{k: str(v) for k, v in amounts.items()}, "confirm": "1"}
    )
    assert over.status_code == 200 and "1,000 rials above the national amount" in over.content.decode()
    assert not Allocation.objects.exists()
    amounts[other_field] -= 1_000
    response = client.post(
        reverse("procurement:allocation_split"), {**params, **{k: str(v) for k, v in amounts.items()}, "confirm": "1"}
    )
    assert response.status_code == 302
    assert Allocation.objects.filter(year=year(), fund=fund()).count() == 31
    tehran = Allocation.objects.get(region__code="ir-tehran", fund=fund(), year=year())
    assert tehran.amount == int(form.initial[tehran_field]) + 1_000


def test_bad_amount_in_the_split_form_is_a_form_error_not_a_500(client, login):
    login(hq())
    page = client.get(
        reverse("procurement:allocation_split"), {"fund": fund().pk, "year": year().pk, "national_amount": "-5"}
    )
    assert page.status_code == 200 and "cannot be negative" in page.content.decode()
    assert not Allocation.objects.exists()


def test_province_plan_outside_shares_warns_and_hq_accepts(client, login):
    allocation = allocate(100_000_000)
    promotion, education, research = Category.objects.order_by("order")
    url = reverse("procurement:allocation", args=[allocation.pk])
    login(officer())
    response = client.post(
        url,
        {
            f"category_{promotion.pk}": "90,000,000",
            f"category_{education.pk}": "5,000,000",
            f"category_{research.pk}": "5,000,000",
            "plan": "1",
        },
        follow=True,
    )
    assert "HQ must accept the deviation" in response.content.decode()
    assert client.post(url, {"accept": "1", "reason": "mine"}).status_code == 403
    login(hq())
    client.post(url, {"accept": "1", "reason": "Tours first this year."})
    allocation.refresh_from_db()
    assert allocation.deviation_reason == "Tours first this year."


def test_absurd_plan_amount_is_refused_with_nothing_stored(client, login):
    allocation = allocate(100_000_000, planned=False)
    promotion, education, research = Category.objects.order_by("order")
    login(officer())
    response = client.post(
        reverse("procurement:allocation", args=[allocation.pk]),
        {
            f"category_{promotion.pk}": "1" * 25,
            f"category_{education.pk}": "0",
            f"category_{research.pk}": "0",
            "plan": "1",
        },
    )
    assert response.status_code == 200 and "implausibly large" in response.content.decode()
    assert not allocation.plans.exists()


def test_plan_page_warns_when_a_category_gets_nothing(client, login):
    allocation = allocate(100_000_000)
    promotion, education, research = Category.objects.order_by("order")
    login(officer())
    page = client.post(
        reverse("procurement:allocation", args=[allocation.pk]),
        {
            f"category_{promotion.pk}": "75,000,000",
            f"category_{education.pk}": "25,000,000",
            f"category_{research.pk}": "0",
            "plan": "1",
        },
        follow=True,
    ).content.decode()
    assert "Nothing is planned for" in page and "Research" in page
