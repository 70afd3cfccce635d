"""Build the benchmark data set once (later runs find it and only report its size).

Run by bench/run.py as `python -m bench.dataset` in the bench environment; prints a JSON summary.
Each part loads in one transaction with bulk inserts, so an interrupted run leaves nothing half-built
and the next run starts that part again.
"""

import contextlib
import io
import json
import sys
import time

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from coopportal.users.demo import demo_user  # noqa: E402
from coopportal.users.management.commands.seed_demo import Command as SeedDemo  # noqa: E402
from coopportal.users.models import User  # noqa: E402

PROGRAMS = 20_000
EXPENSE_LINES = 200_000


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def without_triggers():
    """Bulk loads skip the row triggers (history events, report version) for the transaction:
    the benchmark reads neither the history of its own rows nor needs a version per statement."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def bump_report_version() -> None:
    """Cached budget reports must not outlive the bulk load, which bypasses the services."""
    from procurement.reports import report_data_changed

    report_data_changed()


def build_procurement() -> dict[str, int]:
    from bench.procurement_dashboard import load
    from procurement.models import ExpenseLine, Program

    if not Program.objects.filter(title__startswith="Bench program").exists():
        started = time.perf_counter()
        with transaction.atomic(), without_triggers():
            load(PROGRAMS, EXPENSE_LINES, filed_by=demo_user("hq"))
        bump_report_version()
        _log(f"  {PROGRAMS:,} programs and {EXPENSE_LINES:,} expense lines in {time.perf_counter() - started:.0f} s")
    return {"programs": Program.objects.count(), "expense lines": ExpenseLine.objects.count()}


def build_courses() -> dict[str, int]:
    from bench.courses_data import STUDENTS, load
    from courses.models import Cohort, Enrolment, KpiSubmission

    if not Cohort.objects.filter(name__startswith="Bench cohort").exists():
        started = time.perf_counter()
        with transaction.atomic(), without_triggers():
            load()
        _log(f"  {STUDENTS:,} students with their progress in {time.perf_counter() - started:.0f} s")
    return {
        "cohorts": Cohort.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "KPI submissions": KpiSubmission.objects.count(),
    }


def build_certificates() -> dict[str, int]:
    from accreditation.models import Certificate
    from bench.courses_data import load_certificates

    if not Certificate.objects.filter(number__startswith="BC-").exists():
        with transaction.atomic(), without_triggers():
            load_certificates()
    return {"certificates": Certificate.objects.count()}


def build_subscribers() -> dict[str, int]:
    from bench.courses_data import SUBSCRIBERS, load_subscribers
    from courses.models import Subscriber

    if not Subscriber.objects.filter(email__startswith="bench-subscriber-").exists():
        started = time.perf_counter()
        with transaction.atomic(), without_triggers():
            load_subscribers()
        _log(f"  {SUBSCRIBERS:,} subscribers in {time.perf_counter() - started:.0f} s")
    return {"subscribers": Subscriber.objects.count()}


def build() -> dict[str, int]:
    # The demo accounts under the benchmark's production settings, where the command itself refuses.
    SeedDemo(stdout=io.StringIO()).seed()
    summary = {}
    summary.update(build_procurement())
    summary.update(build_courses())
    summary.update(build_certificates())
    summary.update(build_subscribers())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"users": User.objects.count(), **summary}


if __name__ == "__main__":
    print(json.dumps(build()))
