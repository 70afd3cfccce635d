"""Benchmark of the grant-budgeting national dashboard and its XLSX export (not a timed test).

Run on PostgreSQL (it creates and drops its own scratch database, `bench_<name>`):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coop_proc \
        python bench/procurement_dashboard.py [--programs 20000] [--lines 200000]

It loads 31 provinces × 2 funds of allocations, 20,000 programs spread over the provinces, types
and states, and 200,000 expense lines (bulk inserts; the history triggers fire as in production),
then times the national dashboard selector (5 queries), the dashboard page as HQ sees it, and the
XLSX export of the full programs table and of the categories table.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--programs", type=int, default=20_000)
    parser.add_argument("--lines", type=int, default=200_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this benchmark on PostgreSQL (set DATABASE_URL).")
    old_name = connection.settings_dict["NAME"]
    # Its own scratch database, so it never collides with a test run on the same server.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_{old_name}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.programs, args.lines)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def load(program_count: int, line_count: int, *, filed_by) -> None:
    """Bulk-load allocations of every Iranian province and fund (existing ones are kept), then
    `program_count` programs over the provinces, types and states and `line_count` expense lines."""
    from coopportal.users.models import Region
    from procurement.models import Allocation, ExpenseLine, FiscalYear, Fund, Program, ProgramType

    year = FiscalYear.objects.get(label="1405")
    funds = list(Fund.objects.all())
    provinces = list(Region.objects.filter(country=Region.Country.IRAN))
    types = list(ProgramType.objects.prefetch_related("service_items"))
    now = datetime.datetime.now(datetime.UTC)
    Allocation.objects.bulk_create(
        (
            Allocation(region=r, fund=f, year=year, amount=50_000_000_000, confirmed_by=filed_by, confirmed_at=now)
            for r in provinces
            for f in funds
        ),
        ignore_conflicts=True,
    )
    states = [s for s, _ in Program.State.choices]
    programs = [
        Program(
            region=provinces[i % len(provinces)],
            program_type=types[i % len(types)],
            fund=funds[i % len(funds)],
            year=year,
            title=f"Bench program {i}",
            start_date=year.start + datetime.timedelta(days=i % 300),
            end_date=year.start + datetime.timedelta(days=i % 300),
            place="Bench",
            planned_cost=5_000_000 + (i % 40) * 1_000_000,
            actual_cost=4_000_000 + (i % 40) * 1_000_000
            if states[i % len(states)] in ("executed", "reported", "reviewed")
            else None,
            headcount=12 + i % 50,
            state=states[i % len(states)],
            filed_by=filed_by,
            approved_at=now,
        )
        for i in range(program_count)
    ]
    Program.objects.bulk_create(programs, batch_size=5000)
    per_program = max(1, line_count // program_count)
    items = {t.pk: list(t.service_items.all()) for t in types}
    batch = []
    for n in range(line_count):
        program = programs[n // per_program % program_count]
        choices = items[program.program_type_id]
        batch.append(
            ExpenseLine(
                program=program,
                item=choices[n % len(choices)],
                amount=100_000 + n % 1000,
                vendor="Bench vendor",
                invoice_number=str(n),
                invoice_date=year.start,
                invoice_key=f"bench|{n}",
                file=f"procurement/invoices/bench-{n}.pdf",
                file_sha256=f"{n:064x}",
            )
        )
        if len(batch) == 10_000:
            ExpenseLine.objects.bulk_create(batch)
            batch = []
    ExpenseLine.objects.bulk_create(batch)


def run(program_count: int, line_count: int) -> None:
    from django.test import Client

    from coopportal.users.models import Region
    from coopportal.users.roles import Role
    from coopportal.users.services import ensure_totp_secret, ensure_user
    from procurement.exports import xlsx_bytes
    from procurement.models import FiscalYear, Fund
    from procurement.reports import Filters, dashboard, export_table

    started = time.perf_counter()
    hq, _ = ensure_user(email="bench-hq@example.org", password="bench-password-1", roles=(Role.HQ_OFFICER,))
    ensure_totp_secret(hq)
    load(program_count, line_count, filed_by=hq)
    year = FiscalYear.objects.get(label="1405")
    provinces = Region.objects.filter(country=Region.Country.IRAN).count()
    funds = Fund.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"loaded {provinces} provinces × {funds} funds, {program_count:,} programs, "
        f"{line_count:,} expense lines in {time.perf_counter() - started:.1f} s"
    )

    filters = Filters(year=year, fund=None, region=None)
    for attempt in (1, 2):
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            board = dashboard(filters)
            elapsed = time.perf_counter() - t0
        print(
            f"national dashboard selector (run {attempt}): {elapsed * 1000:.0f} ms, {len(queries)} queries, "
            f"committed {board.committed_total:,} rials"
        )

    client = Client()
    client.force_login(hq)
    client.get("/budget/reports/national/")
    t0 = time.perf_counter()
    response = client.get("/budget/reports/national/")
    print(f"national dashboard page: {(time.perf_counter() - t0) * 1000:.0f} ms (HTTP {response.status_code})")

    for table in ("programs", "categories"):
        t0 = time.perf_counter()
        headers, rows = export_table(table, filters)
        content = xlsx_bytes(table, headers, rows)
        print(
            f"XLSX export of '{table}': {len(rows):,} rows, {len(content) / 1024:.0f} KiB "
            f"in {(time.perf_counter() - t0) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
