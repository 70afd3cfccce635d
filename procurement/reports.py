"""Province and national dashboards: aggregated in SQL, at most 10 queries whatever the data size."""

import functools
from dataclasses import dataclass
from fractions import Fraction

from django.core.cache import cache
from django.db import transaction
from django.db.models import BigIntegerField, Case, Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coopportal.queries import count_of
from coopportal.translated import localized
from coopportal.users.models import Region

from .exports import Percent
from .models import (
    Allocation,
    Category,
    CategoryPlan,
    FiscalYear,
    Fund,
    Program,
    ProgramType,
    ReportVersion,
    RequiredDocument,
)
from .norms import NormGap, norm_gap, norm_limit, norm_text
from .split import share_within_tolerance

COMMITTED = ("approved", "executed", "reported", "reviewed")
SPENT = ("executed", "reported", "reviewed")
DONE = ("reported", "reviewed")
TABLES = ("categories", "types", "missing", "ranking", "programs")


@dataclass(frozen=True)
class Filters:
    year: FiscalYear
    fund: Fund | None
    region: Region | None

    def programs(self, prefix: str = "") -> Q:
        q = Q(**{f"{prefix}year_id": self.year.pk})
        if self.fund:
            q &= Q(**{f"{prefix}fund_id": self.fund.pk})
        if self.region:
            q &= Q(**{f"{prefix}region_id": self.region.pk})
        return q


@dataclass
class CategoryRow:
    category: Category
    allocation: int
    planned: int
    committed: int
    spent: int
    actual_percent: Fraction

    @property
    def remaining(self) -> int:
        return self.allocation - self.committed

    @property
    def within_tolerance(self) -> bool:
        return share_within_tolerance(
            self.actual_percent, self.category.target_percent, self.category.tolerance_percent
        )

    @property
    def actual_display(self) -> str:
        return f"{float(self.actual_percent):.1f}"


@dataclass
class TypeRow:
    program_type: ProgramType
    count: int
    total: int
    participants: int

    @property
    def per_program(self) -> int:
        return self.total // self.count if self.count else 0

    @property
    def per_participant(self) -> int:
        return self.total // self.participants if self.participants else 0

    norm_total: Fraction = Fraction(0)

    @property
    def norm_text(self) -> str:
        return norm_text(self.program_type)

    @property
    def gap(self) -> NormGap | None:
        """Total cost against the sum of each program's norm, on the type's own basis (participant-days,
        units and years, or programs), so a tour is judged like the program page judges it."""
        return norm_gap(self.total, self.norm_total) if self.count else None

    @property
    def above_norm(self) -> bool:
        return self.gap is not None

    @property
    def deviation_text(self) -> str:
        return self.gap.sentence if self.gap else ""


@dataclass
class Dashboard:
    filters: Filters
    allocation_total: int
    categories: list[CategoryRow]
    types: list[TypeRow]
    missing: list[Program]
    ranking: list[Region]
    programs: list[Program]

    @property
    def committed_total(self) -> int:
        return sum(row.committed for row in self.categories)

    @property
    def spent_total(self) -> int:
        return sum(row.spent for row in self.categories)

    @property
    def remaining_total(self) -> int:
        return self.allocation_total - self.committed_total

    @property
    def ranking_max(self) -> int:
        return max((r.done for r in self.ranking), default=0)


def required_document_counts() -> dict[tuple[int, str], int]:
    """How many checklist entries each program type has at each stage (1 query)."""
    rows = RequiredDocument.objects.order_by().values_list("program_type_id", "stage").annotate(n=Count("pk"))
    return {(type_id, stage): n for type_id, stage, n in rows}


def _missing(stage: str, required: dict[tuple[int, str], int]):
    """How many checklist entries of `stage` the program has no file for: its type's count (from
    `required`, so no subquery per program) less the distinct entries it has a file for."""
    needed = Case(
        *(When(program_type_id=type_id, then=Value(n)) for (type_id, at), n in required.items() if at == stage),
        default=Value(0),
        output_field=IntegerField(),
    )
    provided = Count("documents__requirement", filter=Q(documents__requirement__stage=stage), distinct=True)
    return needed - provided


def programs_missing_documents(filters: Filters, *, limit: int | None = 100, required=None):
    """Programs in scope with a checklist entry of their stage missing (1 query, 2 without `required`)."""
    required = required_document_counts() if required is None else required
    queryset = (
        Program.objects.filter(filters.programs())
        .annotate(missing_submission=_missing("submission", required), missing_report=_missing("report", required))
        .filter(Q(missing_submission__gt=0) | Q(state__in=SPENT, missing_report__gt=0))
        .select_related("region", "program_type", "fund")
        .order_by(localized("region__name"), "id")
    )
    return list(queryset[:limit] if limit else queryset)


# The report cache: the dashboards' computed data, kept under the report data version. Every service
# that writes what the dashboards read raises the version in its own transaction (`changes_report_data`),
# so data kept under an older version is never read again. The timeout bounds what a write outside the
# services (a region renamed in the users admin) leaves behind.
REPORT_CACHE_SECONDS = 3600


def report_version() -> int:
    """The report data version (1 query)."""
    return ReportVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def report_data_changed() -> None:
    """Raise the report data version; call inside the transaction of the write."""
    if not ReportVersion.objects.filter(pk=1).update(version=F("version") + 1):
        ReportVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def changes_report_data(service):
    """Run the service in a transaction that raises the report data version as it ends (the row stays
    locked only until the commit)."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        with transaction.atomic():
            result = service(*args, **kwargs)
            report_data_changed()
            return result

    return wrapper


def cached_filter_choices(*, version: int):
    """`filter_choices` from the report cache (2 queries when it is rebuilt)."""
    return cache.get_or_set(f"procurement:filter-choices:{version}", filter_choices, REPORT_CACHE_SECONDS)


def cached_report_body(filters, *, version: int, national: bool, render) -> str:
    """The dashboard's body from the report cache: `render(dashboard)` of the figures (6 queries when it
    is rebuilt). The body is the same for every reader of the scope (the filters' province or the
    nation) in a language; who may read the scope is checked on every request before this."""
    fund, region = filters.fund, filters.region
    parts = (version, filters.year.pk, fund.pk if fund else "", region.pk if region else "", national, get_language())
    key = "procurement:dashboard:" + ":".join(map(str, parts))
    return cache.get_or_set(key, lambda: render(dashboard(filters)), REPORT_CACHE_SECONDS)


def dashboard(filters: Filters, *, program_limit: int = 50) -> Dashboard:
    """Six queries: categories with allocation and plan; program types with committed and spent sums
    and their checklists; the committed programs' norm limits; programs missing documents; province
    ranking; the latest committed programs."""
    allocations = Allocation.objects.filter(year_id=filters.year.pk)
    if filters.fund:
        allocations = allocations.filter(fund_id=filters.fund.pk)
    if filters.region:
        allocations = allocations.filter(region_id=filters.region.pk)
    allocation_sum = allocations.order_by().values("year_id").annotate(t=Sum("amount")).values("t")
    plan_sum = (
        CategoryPlan.objects.filter(category_id=OuterRef("pk"), allocation__in=allocations)
        .order_by()
        .values("category_id")
        .annotate(t=Sum("amount"))
        .values("t")
    )
    categories = list(  # 1: categories with the allocation total and what the plans give them (3 rows)
        Category.objects.annotate(
            planned=Coalesce(Subquery(plan_sum, output_field=BigIntegerField()), Value(0)),
            allocation_total=Coalesce(Subquery(allocation_sum, output_field=BigIntegerField()), Value(0)),
        )
    )
    # Each program type's figures as subqueries over its programs (5 rows, no GROUP BY over the join).
    scoped = Program.objects.filter(filters.programs(), program_type_id=OuterRef("pk")).order_by()
    committed_programs = scoped.filter(state__in=COMMITTED)

    def total_of(queryset, field):
        rows = queryset.values("program_type_id").annotate(t=Sum(field)).values("t")
        return Coalesce(Subquery(rows, output_field=BigIntegerField()), Value(0))

    type_rows = list(  # 2: program types with committed count, cost and people, spent, and their checklists
        ProgramType.objects.select_related("category").annotate(
            n=count_of(committed_programs),
            total=total_of(committed_programs, "planned_cost"),
            people=total_of(committed_programs, "headcount"),
            spent=total_of(scoped.filter(state__in=SPENT), "actual_cost"),
            submission_required=count_of(
                RequiredDocument.objects.filter(program_type_id=OuterRef("pk"), stage="submission")
            ),
            report_required=count_of(RequiredDocument.objects.filter(program_type_id=OuterRef("pk"), stage="report")),
        )
    )
    committed = {c.pk: sum(t.total for t in type_rows if t.category_id == c.pk) for c in categories}
    spent = {c.pk: sum(t.spent for t in type_rows if t.category_id == c.pk) for c in categories}
    allocation_total = categories[0].allocation_total if categories else 0
    committed_total = sum(committed.values())
    category_rows = [
        CategoryRow(
            category=c,
            allocation=allocation_total * c.target_percent // 100,
            planned=c.planned,
            committed=committed[c.pk],
            spent=spent[c.pk],
            actual_percent=Fraction(100 * committed[c.pk], committed_total) if committed_total else Fraction(0),
        )
        for c in categories
    ]

    kinds = {t.pk: t for t in type_rows}
    norm_totals: dict[int, Fraction] = {}
    for type_id, headcount, start, end, units, n in (  # 3: the committed programs' norm limits, alike ones once
        Program.objects.filter(filters.programs(), state__in=COMMITTED)
        .order_by()
        .values_list("program_type_id", "headcount", "start_date", "end_date", "units")
        .annotate(n=Count("pk"))
    ):
        limit = norm_limit(kinds[type_id], headcount=headcount, duration_days=(end - start).days + 1, units=units)
        norm_totals[type_id] = norm_totals.get(type_id, Fraction(0)) + limit * n
    types = [
        TypeRow(
            program_type=t,
            count=t.n,
            total=t.total,
            participants=t.people,
            norm_total=norm_totals.get(t.pk, Fraction(0)),
        )
        for t in type_rows
    ]
    required = {(t.pk, "submission"): t.submission_required for t in type_rows} | {
        (t.pk, "report"): t.report_required for t in type_rows
    }
    missing = programs_missing_documents(filters, required=required)  # 4

    rank_scope = Q(programs__year_id=filters.year.pk) & (Q(programs__fund_id=filters.fund.pk) if filters.fund else Q())
    ranking = list(  # 5
        Region.objects.filter(country=Region.Country.IRAN)
        .annotate(
            done=Count("programs", filter=rank_scope & Q(programs__state__in=DONE)),
            approved=Count("programs", filter=rank_scope & Q(programs__state__in=COMMITTED)),
        )
        .order_by("-done", "-approved", "name")
    )
    programs = list(  # 6
        Program.objects.filter(filters.programs(), state__in=COMMITTED)
        .select_related("region", "program_type", "fund")
        .order_by("-approved_at", "-id")[:program_limit]
    )
    return Dashboard(filters, allocation_total, category_rows, types, missing, ranking, programs)


def filter_choices():
    """Two queries: the funds and fiscal years for the report filters."""
    return list(Fund.objects.all()), list(FiscalYear.objects.all())


def _state_label(program) -> str:
    return str(Program.State(program.state).label)


def export_table(name: str, filters: Filters) -> tuple[list[str], list[list]]:
    """Headers and rows of one dashboard table; `programs` is every committed program, not just the latest."""
    if name == "programs":
        rows = (
            Program.objects.filter(filters.programs(), state__in=COMMITTED)
            .annotate(
                region_name=localized("region__name"),
                type_name=localized("program_type__name"),
                fund_name=localized("fund__name"),
            )
            .order_by("region_name", "id")
            .values_list(
                "id",
                "region_name",
                "type_name",
                "fund_name",
                "title",
                "start_date",
                "end_date",
                "headcount",
                "planned_cost",
                "actual_cost",
                "state",
            )
        )
        headers = [
            _("ID"),
            _("Province"),
            _("Type"),
            _("Fund"),
            _("Title"),
            _("Start"),
            _("End"),
            _("Participants"),
            _("Planned cost (rials)"),
            _("Actual cost (rials)"),
            _("State"),
        ]
        states = dict(Program.State.choices)
        return [str(h) for h in headers], [[*row[:-1], str(states[row[-1]])] for row in rows.iterator(chunk_size=2000)]
    board = dashboard(filters, program_limit=0) if name != "missing" else None
    if name == "categories":
        headers = [
            _("Category"),
            _("Target"),
            _("Tolerance (of the share)"),
            _("Allocation at target (rials)"),
            _("Planned (rials)"),
            _("Committed (rials)"),
            _("Spent (rials)"),
            _("Remaining (rials)"),
            _("Actual share"),
        ]
        rows = [
            [
                str(r.category),
                Percent(r.category.target_percent),
                Percent(r.category.tolerance_percent),
                r.allocation,
                r.planned,
                r.committed,
                r.spent,
                r.remaining,
                Percent(r.actual_percent),
            ]
            for r in board.categories
        ]
    elif name == "types":
        headers = [
            _("Program type"),
            _("Category"),
            _("Cost norm (rials)"),
            _("Norm"),
            _("Programs"),
            _("Total (rials)"),
            _("Norm for these programs (rials)"),
            _("Against the norm"),
            _("Average per program (rials)"),
            _("Participants"),
            _("Average per participant (rials)"),
        ]
        rows = [
            [
                str(r.program_type),
                str(r.program_type.category),
                r.program_type.cost_norm,
                r.norm_text,
                r.count,
                r.total,
                round(r.norm_total),
                r.deviation_text,
                r.per_program,
                r.participants,
                r.per_participant,
            ]
            for r in board.types
        ]
    elif name == "missing":
        headers = [
            _("ID"),
            _("Province"),
            _("Type"),
            _("Title"),
            _("State"),
            _("Missing before submission"),
            _("Missing with the report"),
        ]
        rows = [
            [p.pk, str(p.region), str(p.program_type), p.title, _state_label(p), p.missing_submission, p.missing_report]
            for p in programs_missing_documents(filters, limit=None)
        ]
    elif name == "ranking":
        headers = [_("Rank"), _("Province"), _("Approved and reported"), _("Approved")]
        rows = [[i, r.name, r.done, r.approved] for i, r in enumerate(board.ranking, start=1)]
    else:
        raise KeyError(name)
    return [str(h) for h in headers], rows
