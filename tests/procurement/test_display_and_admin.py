"""Persian display of dates, and HQ editing the reference data in the admin."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from coopportal.formatting import jalali_date
from coopportal.users.roles import Role
from procurement.models import ProgramType
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("gregorian", "jalali"),
    [
        (datetime.date(2018, 3, 21), "1397/01/01"),
        (datetime.date(2019, 3, 20), "1397/12/29"),
        (datetime.date(2025, 3, 20), "1403/12/30"),  # leap year's last day
        (datetime.date(2026, 11, 23), "1405/09/02"),
    ],
)
def test_gregorian_dates_convert_to_solar_hijri(gregorian, jalali):
    assert jalali_date(gregorian) == jalali


def test_dates_show_in_solar_hijri_with_persian_digits_in_persian():
    template = Template("{{ day|local_date }}")
    with translation.override("fa"):
        assert template.render(Context({"day": datetime.date(2026, 3, 21)})) == "۱۴۰۵/۰۱/۰۱"
    with translation.override("en"):
        assert "2026" in template.render(Context({"day": datetime.date(2026, 3, 21)}))


@pytest.mark.django_db
def test_hq_staff_edit_cost_norms_in_the_admin_and_officers_cannot(client, login):
    tour = ProgramType.objects.get(code="tour")
    url = reverse("admin:procurement_programtype_change", args=[tour.pk])
    officer = UserFactory(roles=[Role.PROVINCIAL_OFFICER], is_staff=True)
    login(officer)
    assert client.get(url).status_code == 403
    boss = UserFactory(roles=[Role.HQ_OFFICER], is_staff=True)
    login(boss)
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else ("on" if v is True else v)) for k, v in data.items() if v is not False}
    data["cost_norm"] = "9000000"
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{formset.formset.prefix}-{name}"] = management[name].value()
        for index, inline_form in enumerate(formset.formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value not in (None, False):
                    data[f"{formset.formset.prefix}-{index}-{name}"] = "on" if value is True else value
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    tour.refresh_from_db()
    assert tour.cost_norm == 9_000_000
