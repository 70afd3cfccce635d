"""Dashboards aggregate in SQL with a fixed number of queries; exports carry the same figures, defused."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from procurement import services
from procurement.exports import safe_cell
from procurement.models import Program
from procurement.reports import Filters, dashboard, export_table, report_data_changed
from tests.conftest import SESSION_QUERIES
from tests.procurement.factories import (
    allocate,
    approved_program,
    fund,
    hq,
    officer,
    seats,
    sign,
    submitted_program,
    year,
)

pytestmark = pytest.mark.django_db


def build(count: int):
    """`count` approved tours in Tehran and a chair; Isfahan gets an allocation only."""
    allocate(10_000_000_000)
    allocate(5_000_000_000, code="ir-isfahan")
    filer, signers = officer(), seats()
    for _ in range(count):
        approved_program(filer, signers)
    approved_program(
        filer,
        signers,
        type_code="chair",
        headcount=0,
        days=365,
        cost=80_000_000,
        weekly_consultation_hours=4,
        seminars_recorded=4,
    )
    return filer


def test_dashboard_totals_per_category_and_type():
    build(2)
    board = dashboard(Filters(year=year(), fund=None, region=None))
    assert board.allocation_total == 15_000_000_000
    rows = {r.category.code: r for r in board.categories}
    assert rows["promotion"].committed == 16_000_000 and rows["education"].committed == 80_000_000
    assert rows["promotion"].allocation == 10_500_000_000
    assert rows["education"].actual_display == "83.3"
    tour = next(t for t in board.types if t.program_type.code == "tour")
    assert (tour.count, tour.per_program, tour.per_participant) == (2, 8_000_000, 666_666)
    assert board.ranking[0].name == "Tehran" and board.ranking[0].approved == 3


@pytest.mark.parametrize("size", [1, 6])
def test_national_dashboard_runs_six_queries_whatever_the_size(size, django_assert_num_queries):
    build(size)
    filters = Filters(year=year(), fund=fund(), region=None)
    # 1 categories with allocation/plan/committed/spent, 2 program types with counts, 3 committed
    # programs' norm limits, 4 programs missing documents, 5 province ranking, 6 latest committed programs.
    with django_assert_num_queries(6):
        board = dashboard(filters)
    assert len(board.programs) == size + 1


@pytest.mark.parametrize("size", [1, 6])
def test_national_dashboard_page_query_count_is_fixed(size, login, django_assert_num_queries):
    build(size)
    client = login(hq())
    url = reverse("procurement:national")
    client.get(url)  # warm the session
    report_data_changed()  # as a write through the services does: the next request computes afresh
    # The first request after a write: the session; 1 the user with their roles and MFA state; 2 report
    # version; 3 funds, 4 years (filters); 5 categories, 6 types, 7 norm limits, 8 missing documents,
    # 9 ranking, 10 latest programs.
    with django_assert_num_queries(10 + SESSION_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    # Cached: the session; 1 the user with their roles and MFA state, 2 report version.
    with django_assert_num_queries(2 + SESSION_QUERIES):
        cached = client.get(url)
    assert cached.context["body"] == response.context["body"]


def test_cached_national_report_shows_a_change_through_the_services_on_the_next_request(login):
    filer, signers = officer(), seats()
    allocate(1_000_000_000)
    client = login(hq())
    url = reverse("procurement:national")
    program = submitted_program(filer)
    assert program.title not in client.get(url, {"year": year().pk}).content.decode()
    for seat in signers:
        sign(seat, program)
    assert program.title in client.get(url, {"year": year().pk}).content.decode()
    services.record_execution(actor=filer, program=program, actual_cost=7_654_321)
    assert "7,654,321" in client.get(url, {"year": year().pk}).content.decode()


def test_every_filing_service_raises_the_report_data_version():
    from procurement.reports import report_version

    filer, signers = officer(), seats()
    allocate(1_000_000_000)
    before = report_version()
    program = submitted_program(filer)
    after_submit = report_version()
    assert after_submit > before
    sign(signers[0], program)
    assert report_version() == after_submit + 1


@pytest.mark.parametrize("size", [1, 6])
def test_program_page_query_count_is_fixed(size, login, django_assert_num_queries):
    from tests.procurement.factories import add_people, attach_documents, new_program

    filer = officer()
    program = new_program(filer, headcount=12 * size, cost=8_000_000 * size)
    add_people(filer, program, 12 * size)
    attach_documents(filer, program)
    client = login(filer)
    url = reverse("procurement:program", args=[program.pk])
    client.get(url)
    # The session; 1 the user with their roles and MFA state; 2 program, 3 province scope check,
    # 4 participants, 5 hosts, 6 lines, 7 documents, 8 checklist, 9 signatures, 10 seats, 11 rule-15
    # check of the participants (draft only; one more when the program has hosts), 12 audit,
    # 13 contractors, 14 document and 15 service-item choices of the forms. (HQ also reads the six
    # trigger-history tables.)
    with django_assert_num_queries(15 + SESSION_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


def _behind_the_trigger():
    import contextlib

    import pgtrigger
    from django.db import connection

    if connection.vendor != "postgresql":
        return contextlib.nullcontext()
    return pgtrigger.ignore("procurement.Program:approved_program_is_immutable")


def test_csv_and_xlsx_exports_carry_the_table_and_escape_formulas(login):
    build(1)
    with _behind_the_trigger():  # approved programs are immutable; this test plants hostile titles
        Program.objects.filter(program_type__code="tour").update(title='=HYPERLINK("http://evil")')
    client = login(hq())
    response = client.get(reverse("procurement:national_export", args=["programs", "csv"]), {"year": year().pk})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["ID", "Province"]
    titles = {row[4] for row in rows[1:]}
    assert '\'=HYPERLINK("http://evil")' in titles
    response = client.get(reverse("procurement:national_export", args=["categories", "xlsx"]), {"year": year().pk})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Category"
    promotion = next(v for v in values if v[0] == "Promotion")
    assert promotion[5] == 8_000_000  # committed, as a number


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
def test_formula_like_text_is_defused(value):
    assert safe_cell(value) == "'" + value


def test_numbers_stay_numbers_in_exports():
    assert safe_cell(-5) == -5 and safe_cell(12) == 12


def test_every_table_exports():
    build(1)
    filters = Filters(year=year(), fund=None, region=None)
    for name in ("categories", "types", "missing", "ranking", "programs"):
        headers, rows = export_table(name, filters)
        assert headers and all(len(row) == len(headers) for row in rows)


@pytest.mark.parametrize("size", [1, 6])
def test_province_report_and_program_list_query_counts_are_fixed(size, login, django_assert_num_queries):
    filer = build(size)
    client = login(filer)
    report = reverse("procurement:province", args=["ir-tehran"])
    programs = reverse("procurement:programs")
    client.get(report)
    # The session; 1 the user with their roles and MFA state; 2 the province in scope; 3 report version
    # (the filter choices and the report data are cached by it).
    with django_assert_num_queries(3 + SESSION_QUERIES):
        assert client.get(report).status_code == 200
    # The session; 1 the user with their roles and MFA state; 2 count for the pager; 3 one page of
    # programs with province, type, fund and year.
    with django_assert_num_queries(3 + SESSION_QUERIES):
        assert client.get(programs).status_code == 200


def test_program_list_is_paginated(login, monkeypatch):
    monkeypatch.setattr("procurement.views.programs.PROGRAMS_PER_PAGE", 2)
    client = login(build(3))
    first = client.get(reverse("procurement:programs"))
    assert first.context["page"].paginator.num_pages >= 2
    assert len(first.context["programs"]) == 2
    second = client.get(reverse("procurement:programs"), {"page": 2})
    assert {p.pk for p in second.context["programs"]}.isdisjoint({p.pk for p in first.context["programs"]})
    assert "Page 2 of" in second.content.decode()
    assert client.get(reverse("procurement:programs"), {"page": "not-a-number"}).status_code == 200


def test_xlsx_has_typed_numbers_percent_cells_frozen_header_and_widths(login):
    build(1)
    client = login(hq())
    response = client.get(reverse("procurement:national_export", args=["categories", "xlsx"]), {"year": year().pk})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    promotion = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "Promotion")
    target = promotion[header.index("Target")]
    assert target.value == pytest.approx(0.70) and target.number_format == "0.0%"
    committed = promotion[header.index("Committed (rials)")]
    assert isinstance(committed.value, int) and committed.number_format == "#,##0"
    share = promotion[header.index("Actual share")]
    assert isinstance(share.value, float) and share.number_format == "0.0%"
    assert sheet.column_dimensions["A"].width >= len("Promotion")
    csv_rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("procurement:national_export", args=["categories", "csv"]), {"year": year().pk}
                ).content.decode("utf-8-sig")
            )
        )
    )
    assert csv_rows[1][1] == "70.0"
