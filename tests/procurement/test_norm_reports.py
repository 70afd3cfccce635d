"""Rule 3 across pages: the program page, the province and national reports and the XLSX use the
same sentence for a cost above its norm, on the type's own basis (participant-days for tours)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from procurement import services
from procurement.reports import Filters, dashboard
from tests.procurement.factories import allocate, fund, hq, officer, seats, sign, submitted_program, year

pytestmark = pytest.mark.django_db

SENTENCE = "Above the norm by 800,000 rials (10 %)"


def approved_tour(filer, cost):
    program = submitted_program(filer, cost=cost)
    if cost > 8_000_000:
        services.grant_hq_permission(actor=hq(), program=program, reason="Longer route.")
    for seat in seats():
        sign(seat, program)
    return program


def test_tour_above_its_participant_day_norm_is_flagged_in_the_report():
    allocate(100_000_000)
    approved_tour(officer(), 8_800_000)
    board = dashboard(Filters(year=year(), fund=fund(), region=None))
    tour = next(t for t in board.types if t.program_type.code == "tour")
    assert tour.above_norm and tour.deviation_text == SENTENCE
    assert tour.norm_text == "8,000,000 rials per 12 participant-days"


def test_program_page_reports_and_xlsx_use_the_same_sentence(login):
    allocate(100_000_000)
    filer = officer()
    program = approved_tour(filer, 8_800_000)
    page = login(filer).get(reverse("procurement:program", args=[program.pk])).content.decode()
    assert SENTENCE in page and "8,000,000 rials per 12 participant-days" in page
    client = login(hq())
    report = client.get(reverse("procurement:national"), {"year": year().pk}).content.decode()
    assert SENTENCE in report and "8,000,000 rials per 12 participant-days" in report
    province = client.get(reverse("procurement:province", args=["ir-tehran"]), {"year": year().pk}).content.decode()
    assert SENTENCE in province
    xlsx = client.get(reverse("procurement:national_export", args=["types", "xlsx"]), {"year": year().pk})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert SENTENCE in values and "8,000,000 rials per 12 participant-days" in values
