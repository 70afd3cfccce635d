"""A Persian reader's budget pages and exports: solar hijri dates, Persian digits and separators."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from coopportal.users.models import User
from procurement import services
from tests.procurement.factories import allocate, hq, new_program, officer, seats, sign, submitted_program, year

pytestmark = pytest.mark.django_db


def _visible_text(html: str) -> str:
    return re.sub(r"<[^>]*>", "", html)


def persian(user):
    User.objects.filter(pk=user.pk).update(language="fa")
    user.language = "fa"
    return user


def test_the_program_page_in_persian_shows_solar_hijri_dates_and_persian_digits(login):
    filer = persian(officer())
    start = datetime.date(2026, 4, 20)  # 31 Farvardin 1405
    program = new_program(filer, start=start, days=2, cost=8_000_000)
    page = login(filer).get(reverse("procurement:program", args=[program.pk])).content.decode()
    assert '<html lang="fa" dir="rtl">' in page
    assert "۱۴۰۵/۰۱/۳۱ – ۱۴۰۵/۰۲/۰۱" in page
    assert "۸٬۰۰۰٬۰۰۰" in page
    assert "<dd>تهران</dd>" in page  # the province in Persian (the place is as the officer typed it)
    # No Gregorian date in what the page shows (a <time datetime> attribute is for machines, in ISO).
    assert "2026" not in _visible_text(page.split("<main", 1)[1].split("</main>", 1)[0])


def test_the_program_list_in_english_keeps_gregorian_dates_and_latin_digits(login):
    filer = officer()
    new_program(filer, start=datetime.date(2026, 4, 20), cost=8_000_000)
    page = login(filer).get(reverse("procurement:programs")).content.decode()
    assert "April 20, 2026" in page and "8,000,000" in page


def test_a_persian_xlsx_export_has_persian_headers_and_solar_hijri_dates(login):
    allocate(10_000_000_000)
    filer, signers = officer(), seats()
    program = submitted_program(filer, start=datetime.date(2026, 4, 20))
    for seat in signers:
        sign(seat, program)
    client = login(persian(hq()))
    response = client.get(reverse("procurement:national_export", args=["programs", "xlsx"]), {"year": year().pk})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    headers, row = rows[0], rows[1]
    with translation.override("fa"):
        assert headers[:2] == (gettext("ID"), gettext("Province"))  # the Persian catalog's words
    assert row[1] == "تهران"  # the province in Persian
    assert row[5] == "۱۴۰۵/۰۱/۳۱"  # start date, solar hijri
    assert (row[2], row[3]) == (program.program_type.name_fa, program.fund.name_fa)  # translated reference data
    assert row[2] and row[3]
    assert row[8] == program.planned_cost  # amounts stay numbers a spreadsheet can add up


def test_a_persian_form_shows_amounts_and_years_in_persian_and_reads_them_back():
    from procurement.forms import ProgramForm

    form = ProgramForm(initial={"planned_cost": 80_000_000}, region=officer().region)
    with translation.override("fa"):
        shown = form["planned_cost"].value()
        assert form.fields["planned_cost"].prepare_value(shown) == "۸۰٬۰۰۰٬۰۰۰"
        assert form.fields["planned_cost"].clean("۸۰٬۰۰۰٬۰۰۰") == 80_000_000
        assert "۱۴۰۵" in str(form["year"])


def test_the_audit_trail_in_persian_writes_its_dates_and_amounts_in_persian(login):
    filer = persian(officer())
    program = new_program(filer, start=datetime.date(2026, 4, 20), cost=8_000_000)
    services.update_program(actor=filer, program=program, planned_cost=7_000_000)
    page = login(filer).get(reverse("procurement:program", args=[program.pk])).content.decode()
    trail = _visible_text(page[page.index("<main") : page.index("</main>")])
    assert "۸٬۰۰۰٬۰۰۰" in trail and "۷٬۰۰۰٬۰۰۰" in trail  # the change, in Persian digits
    assert "2026" not in trail  # no Gregorian date or timestamp left in the trail
