"""Every grant-budgeting page runs a bounded number of queries. Each test reads its page as the user who
sees it at a small and a large data size, asserts the bound (a comment names each query) and compares
the two counts, so a query per row fails here instead of slowing the page in production."""

import csv
import io
import itertools

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coopportal.users.models import Region
from procurement import services
from procurement.models import Category, Contractor, ProvinceProfile
from procurement.reports import TABLES, report_data_changed
from tests.conftest import SESSION_QUERIES, USING_POSTGRES
from tests.factories import region
from tests.procurement.factories import (
    CURRENT,
    FOUR_PERCENT,
    allocate,
    approved_program,
    fund,
    hq,
    new_program,
    officer,
    pdf,
    seats,
    submitted_program,
    year,
)

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def page_queries(client, url, bound: int, assert_max_num_queries, params=None, *, fresh: bool = False):
    """The queries of a steady request of `url` (at most `bound`) and its response. A first request
    warms the session; with `fresh`, a write through the services has since raised the report data
    version, so the reports compute afresh instead of reading their cache."""
    client.get(url, params)
    if fresh:
        report_data_changed()
    with assert_max_num_queries(bound) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response


# --- procurement:index ---


def test_the_officers_start_page_runs_the_same_queries_with_1_and_25_programs(login, django_assert_max_num_queries):
    filer = officer()
    new_program(filer)
    client = login(filer)
    url = reverse("procurement:index")
    # The session; 1 the user with their roles and MFA state; 2 the officer's province (its report
    # link); 3 the latest 20 programs with province, type, fund and year.
    bound = 3 + SESSION_QUERIES
    one, response = page_queries(client, url, bound, django_assert_max_num_queries)
    assert len(response.context["programs"]) == 1
    for _ in range(24):
        new_program(filer)
    many, response = page_queries(client, url, bound, django_assert_max_num_queries)
    assert len(response.context["programs"]) == 20
    assert many == one


def off_share_plan(code: str) -> None:
    """An allocation of province `code` planned 90/5/5: outside the shares, it awaits HQ's acceptance."""
    allocation = allocate(100_000_000, code=code, planned=False)
    promotion, education, research = Category.objects.order_by("order").values_list("pk", flat=True)
    services.save_category_plan(
        actor=hq(), allocation=allocation, amounts={promotion: 90_000_000, education: 5_000_000, research: 5_000_000}
    )


PROVINCES = ("ir-tehran", "ir-isfahan", "ir-fars", "ir-gilan", "ir-kerman", "ir-yazd")


def test_hqs_start_page_runs_the_same_queries_with_1_and_25_programs_and_1_and_6_plans_to_accept(
    login, django_assert_max_num_queries
):
    filer = officer()
    off_share_plan(PROVINCES[0])
    new_program(filer)
    client = login(hq())
    url = reverse("procurement:index")
    # The session; 1 the user with their roles and MFA state; 2 the programs awaiting permission and
    # review (one count); the plans awaiting acceptance: 3 categories, 4 allocations with province, fund,
    # year and acceptor, 5 their category plans, 6 the committed totals; 7 the latest 20 programs with
    # province, type, fund and year.
    bound = 7 + SESSION_QUERIES
    one, response = page_queries(client, url, bound, django_assert_max_num_queries)
    assert response.context["queues"].plans_count == 1 and len(response.context["programs"]) == 1
    for code in PROVINCES[1:]:
        off_share_plan(code)
    for _ in range(24):
        new_program(filer)
    many, response = page_queries(client, url, bound, django_assert_max_num_queries)
    assert response.context["queues"].plans_count == 6 and len(response.context["programs"]) == 20
    assert many == one


def test_the_committee_members_start_page_runs_the_same_queries_with_1_and_6_programs_to_sign(
    login, django_assert_max_num_queries
):
    allocate(10_000_000_000)
    filer, signers = officer(), seats()
    submitted_program(filer)
    client = login(signers[0])
    url = reverse("procurement:index")
    # The session; 1 the user with their roles and MFA state; 2 the programs awaiting the member's
    # signature with province, type, fund and their signature count; 3 the member's provinces (report
    # links); 4 the latest 20 programs of those provinces.
    bound = 4 + SESSION_QUERIES
    one, response = page_queries(client, url, bound, django_assert_max_num_queries)
    assert len(response.context["awaiting"]) == 1
    for _ in range(5):
        submitted_program(filer)
    many, response = page_queries(client, url, bound, django_assert_max_num_queries)
    assert len(response.context["awaiting"]) == 6
    assert many == one


# --- procurement:province ---


def test_the_province_report_after_a_write_runs_the_same_queries_with_1_and_6_programs(
    login, django_assert_max_num_queries
):
    allocate(10_000_000_000)
    filer, signers = officer(), seats()
    titles = [approved_program(filer, signers).title, new_program(filer).title]  # the draft misses its documents
    client = login(filer)
    url = reverse("procurement:province", args=["ir-tehran"])
    # The first request after a write: the session; 1 the user with their roles and MFA state; 2 the
    # province in scope; 3 report version; 4 funds, 5 years (filters); 6 categories, 7 types, 8 norm
    # limits, 9 missing documents, 10 ranking, 11 latest programs.
    bound = 11 + SESSION_QUERIES
    one, response = page_queries(client, url, bound, django_assert_max_num_queries, fresh=True)
    assert all(f">{title}</a>" in response.context["body"] for title in titles)
    for _ in range(5):
        titles += [approved_program(filer, signers).title, new_program(filer).title]
    many, response = page_queries(client, url, bound, django_assert_max_num_queries, fresh=True)
    assert all(f">{title}</a>" in response.context["body"] for title in titles)
    assert many == one


# --- procurement:contractors, procurement:contractor ---


def add_contractors(filer, count: int, *, documents: int = 2) -> list[Contractor]:
    """`count` contractors of the officer's province, each with `documents` qualification documents."""
    made = []
    for _ in range(count):
        n = next(_numbers)
        contractor = services.create_contractor(
            actor=filer, region=filer.region, name=f"Contractor {n}", registration_number=f"REG-{n}"
        )
        for d in range(documents):
            services.add_contractor_document(actor=filer, contractor=contractor, title=f"Document {d}", file=pdf())
        made.append(contractor)
    return made


def test_the_contractor_list_runs_the_same_queries_with_1_and_20_contractors(login, django_assert_max_num_queries):
    filer = officer()
    add_contractors(filer, 1)
    client = login(filer)
    url = reverse("procurement:contractors")
    # The session; 1 the user with their roles and MFA state; 2 the province's contractors; 3 their
    # documents (prefetched, counted on the page).
    bound = 3 + SESSION_QUERIES
    one, response = page_queries(client, url, bound, django_assert_max_num_queries)
    add_contractors(filer, 19)
    many, response = page_queries(client, url, bound, django_assert_max_num_queries)
    assert len(response.context["contractors"]) == 20
    assert many == one


def test_a_contractors_page_runs_the_same_queries_with_1_and_20_documents(login, django_assert_max_num_queries):
    filer = officer()
    (contractor,) = add_contractors(filer, 1, documents=1)
    client = login(filer)
    url = reverse("procurement:contractor", args=[contractor.pk])
    # The session; 1 the user with their roles and MFA state; 2 the contractor in the user's provinces;
    # 3 its documents.
    bound = 3 + SESSION_QUERIES
    one, _response = page_queries(client, url, bound, django_assert_max_num_queries)
    for d in range(19):
        services.add_contractor_document(actor=filer, contractor=contractor, title=f"More {d}", file=pdf())
    many, response = page_queries(client, url, bound, django_assert_max_num_queries)
    assert len(response.context["documents"]) == 20
    assert many == one


# --- procurement:allocations, procurement:allocation, procurement:allocation_split ---


def test_the_allocation_list_runs_the_same_queries_with_1_and_7_provinces_plans(login, django_assert_max_num_queries):
    allocate(10_000_000_000)
    submitted_program(officer())
    client = login(hq())
    url = reverse("procurement:allocations")
    # The session; 1 the user with their roles and MFA state; 2 categories; 3 allocations with province,
    # fund, year and acceptor; 4 their category plans; 5 the committed totals; 6 funds, 7 years (the
    # split form).
    bound = 7 + SESSION_QUERIES
    one, response = page_queries(client, url, bound, django_assert_max_num_queries)
    assert len(response.context["plans"]) == 1
    for code in PROVINCES[1:]:
        allocate(1_000_000_000, code=code)
    off_share_plan("ir-qom")
    many, response = page_queries(client, url, bound, django_assert_max_num_queries)
    assert len(response.context["plans"]) == 7
    assert many == one


def test_an_allocation_page_runs_the_same_queries_with_1_and_6_plan_revisions(login, django_assert_max_num_queries):
    filer = officer()
    allocation = allocate(1_000_000_000, planned=False)
    promotion, education, research = Category.objects.order_by("order").values_list("pk", flat=True)

    def revise(step: int) -> None:
        amounts = {promotion: 700_000_000 + step, education: 200_000_000, research: 100_000_000 - step}
        services.save_category_plan(actor=filer, allocation=allocation, amounts=amounts)

    revise(0)
    client = login(filer)
    url = reverse("procurement:allocation", args=[allocation.pk])
    # The session; 1 the user with their roles and MFA state; 2 the allocation in the user's provinces;
    # 3 categories (the plan form); the plan: 4 categories, 5 the allocation with province, fund, year
    # and acceptor, 6 its category plans, 7 the committed total; the trigger history: 8 allocation and
    # 9 category plan events.
    bound = 9 + SESSION_QUERIES
    one, response = page_queries(client, url, bound, django_assert_max_num_queries)
    revisions = len(response.context["history"])
    for step in range(1, 6):
        revise(step)
    many, response = page_queries(client, url, bound, django_assert_max_num_queries)
    if USING_POSTGRES:  # the history is recorded by database triggers, which SQLite has not
        assert len(response.context["history"]) > revisions
    assert many == one


def test_the_split_page_runs_the_same_queries_with_31_and_37_provinces(login, django_assert_max_num_queries):
    client = login(hq())
    url = reverse("procurement:allocation_split")
    params = {"fund": fund().pk, "year": year().pk, "national_amount": "31,000,000,000"}
    # The session; 1 the user with their roles and MFA state; 2 the fund, 3 the year (the form's
    # choices checked); 4 the province profiles with their provinces; 5 the weights (the suggestion);
    # 6 the national amount with who set it; 7 the latest weights version with who changed it; 8 the
    # confirmed total; 9 funds, 10 years (the form's choices); 11 the weights (listed).
    bound = 11 + SESSION_QUERIES
    one, response = page_queries(client, url, bound, django_assert_max_num_queries, params)
    assert len(response.context["rows"]) == 31
    for n in range(6):
        # No service adds a province (the admin does): six more, each with the indices of the split.
        extra = Region.objects.create(code=f"ir-extra-{n}", name=f"Extra province {n}", country=Region.Country.IRAN)
        ProvinceProfile.objects.create(region=extra, counties=5, cooperatives=100, area_km2=1000, development="semi")
    boss = hq()
    services.update_split_weight(actor=boss, index="border", weight=3)
    services.confirm_allocations(
        actor=boss, fund=fund(), year=year(), amounts={region("ir-tehran").pk: 1_000_000}, national_amount=10**12
    )
    many, response = page_queries(client, url, bound, django_assert_max_num_queries, params)
    assert len(response.context["rows"]) == 37 and response.context["confirmed"] == 1_000_000
    assert many == one


# --- procurement:conflicts ---


def conflict(filer) -> None:
    """A participant in a program of each fund in the same year: one rule-15 conflict (by phone)."""
    n = next(_numbers)
    for fund_code in (CURRENT, FOUR_PERCENT):
        program = new_program(filer, fund_code=fund_code, headcount=1, cost=600_000)
        services.add_participant(actor=filer, program=program, full_name=f"Person {n}", phone=f"0912{n:07d}")


def test_the_conflict_page_runs_the_same_queries_with_1_and_6_conflicts(login, django_assert_max_num_queries):
    filer = officer()
    conflict(filer)
    client = login(hq())
    url = reverse("procurement:conflicts")
    # The session; 1 the user with their roles and MFA state; the clashing entries, each with program,
    # fund, province and year: 2 participants by national ID, 3 participants by phone, 4 host cooperatives.
    bound = 4 + SESSION_QUERIES
    one, response = page_queries(client, url, bound, django_assert_max_num_queries)
    assert len(response.context["conflicts"]) == 1
    for _ in range(5):
        conflict(filer)
    many, response = page_queries(client, url, bound, django_assert_max_num_queries)
    assert len(response.context["conflicts"]) == 6
    assert many == one


# --- procurement:program_create, procurement:program_edit ---


def test_the_new_program_form_runs_the_same_queries_with_1_and_20_contractors(login, django_assert_max_num_queries):
    filer = officer()
    add_contractors(filer, 1, documents=0)
    client = login(filer)
    url = reverse("procurement:program_create")
    # The session; 1 the user with their roles and MFA state; 2 the officer's province; 3 the current
    # fiscal year (preselected); 4 the types' codes (the page's script); the form's choices: 5 types,
    # 6 funds, 7 years, 8 the province's contractors (executor).
    bound = 8 + SESSION_QUERIES
    one, _response = page_queries(client, url, bound, django_assert_max_num_queries)
    add_contractors(filer, 19, documents=0)
    many, response = page_queries(client, url, bound, django_assert_max_num_queries)
    assert len(response.context["form"].fields["executor"].queryset) == 20
    assert many == one


def test_the_program_edit_form_runs_the_same_queries_with_1_and_20_contractors(login, django_assert_max_num_queries):
    filer = officer()
    (executor,) = add_contractors(filer, 1, documents=0)
    program = new_program(filer, executor=executor)
    client = login(filer)
    url = reverse("procurement:program_edit", args=[program.pk])
    # The session; 1 the user with their roles and MFA state; 2 the program with province, type, fund,
    # year, executor and filer; 3 the province in the user's scope; 4 the province's contractors
    # (executor choices).
    bound = 4 + SESSION_QUERIES
    one, _response = page_queries(client, url, bound, django_assert_max_num_queries)
    add_contractors(filer, 19, documents=0)
    many, response = page_queries(client, url, bound, django_assert_max_num_queries)
    assert len(response.context["form"].fields["executor"].queryset) == 20
    assert many == one


# --- procurement:national_export, procurement:province_export ---

# Each download, after a write: the session; 1 the user with their roles and MFA state; 2 report
# version; 3 funds, 4 years (filters); then the table's own queries.
EXPORT_QUERIES = {
    # 5 categories, 6 types, 7 norm limits, 8 missing documents, 9 ranking (the dashboard's figures;
    # the latest programs, limited to none, are not read).
    "categories": 9,
    "types": 9,
    "ranking": 9,
    # 5 checklist counts, 6 programs missing documents with province, type and fund.
    "missing": 6,
    # 5 every committed program with its province, type and fund names.
    "programs": 5,
}
FORMATS = ("csv", "xlsx")


def rows_of(response) -> list:
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def exports(client, url_of, assert_max_num_queries, *, scope_queries: int = 0) -> tuple[dict, dict]:
    """Every table in every format: the queries of each download and the rows it carries."""
    counts, rows = {}, {}
    for table, fmt in itertools.product(TABLES, FORMATS):
        bound = EXPORT_QUERIES[table] + scope_queries + SESSION_QUERIES
        n, response = page_queries(
            client, url_of(table, fmt), bound, assert_max_num_queries, {"year": year().pk}, fresh=True
        )
        counts[table, fmt], rows[table, fmt] = n, len(rows_of(response))
    return counts, rows


def add_programs(filer, signers, count: int) -> None:
    """`count` approved programs and `count` drafts without their documents (missing documents)."""
    for _ in range(count):
        approved_program(filer, signers)
        new_program(filer)


def test_the_national_downloads_run_the_same_queries_with_1_and_6_programs(login, django_assert_max_num_queries):
    allocate(10_000_000_000)
    filer, signers = officer(), seats()
    add_programs(filer, signers, 1)
    client = login(hq())

    def url_of(table, fmt):
        return reverse("procurement:national_export", args=[table, fmt])

    one, rows = exports(client, url_of, django_assert_max_num_queries)
    assert rows["programs", "csv"] == rows["missing", "xlsx"] == 1 + 1  # with the header
    add_programs(filer, signers, 5)
    many, rows = exports(client, url_of, django_assert_max_num_queries)
    assert rows["programs", "xlsx"] == rows["missing", "csv"] == 6 + 1
    assert many == one


def test_the_province_downloads_run_the_same_queries_with_1_and_6_programs(login, django_assert_max_num_queries):
    allocate(10_000_000_000)
    filer, signers = officer(), seats()
    add_programs(filer, signers, 1)
    client = login(filer)

    def url_of(table, fmt):
        return reverse("procurement:province_export", args=["ir-tehran", table, fmt])

    # One more than the national download: the province in the user's scope.
    one, rows = exports(client, url_of, django_assert_max_num_queries, scope_queries=1)
    assert rows["programs", "csv"] == rows["missing", "xlsx"] == 1 + 1
    add_programs(filer, signers, 5)
    many, rows = exports(client, url_of, django_assert_max_num_queries, scope_queries=1)
    assert rows["programs", "xlsx"] == rows["missing", "csv"] == 6 + 1
    assert many == one
