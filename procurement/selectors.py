"""Reads for the program pages, each in a fixed number of queries whatever the data size."""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from coopportal.audit.selectors import audit_trail_for
from coopportal.users.models import CommitteeSeat

from .access import is_national
from .audit_words import plain_trail
from .checks import no_expense_lines, norm_result, separation_conflicts
from .models import Allocation, Category, CategoryPlan, Contractor, Program, RequiredDocument, Signature
from .norms import NormResult, norm_text
from .split import Share, category_shares

# Models whose trigger-recorded history is shown on the program page, and the field linking them to it.
HISTORY_MODELS = (
    ("ProgramEvent", "pgh_obj_id"),
    ("ParticipantEvent", "program_id"),
    ("HostCooperativeEvent", "program_id"),
    ("ExpenseLineEvent", "program_id"),
    ("ProgramDocumentEvent", "program_id"),
    ("SignatureEvent", "program_id"),
)
HISTORY_SKIP_FIELDS = {
    "pgh_id",
    "pgh_created_at",
    "pgh_label",
    "pgh_obj",
    "pgh_context",
    "pgh_obj_id",
    "pgh_context_id",
    # The row's own id and its parent are in the row's heading; the keys are derived from fields shown.
    "id",
    "program_id",
    "allocation_id",
    "registration_key",
    "national_id_key",
    "phone_key",
    "invoice_key",
}


@dataclass
class ChecklistEntry:
    requirement: RequiredDocument
    documents: list = field(default_factory=list)

    @property
    def present(self) -> bool:
        return bool(self.documents)


@dataclass
class HistoryRow:
    when: object
    what: str
    object_id: int
    label: str
    actor: str
    changes: list


@dataclass
class ProgramPage:
    program: Program
    participants: list
    hosts: list
    lines: list
    checklist: list[ChecklistEntry]
    signatures: list
    seats: list
    norms: NormResult
    conflicts: list[str]
    audit: list
    trail: list
    plan_refusal: str | None
    history: list[HistoryRow]
    lines_total: int

    @property
    def missing_for_submission(self) -> list:
        return [e.requirement for e in self.checklist if not e.present and e.requirement.stage == "submission"]

    @property
    def missing_for_report(self) -> list:
        return [e.requirement for e in self.checklist if not e.present and e.requirement.stage == "report"]

    @property
    def submission_blockers(self) -> list[str]:
        """Exactly what stops submission, in the order submit_program checks it: missing documents,
        no expense line, the participant list against the headcount, fund separation (rule 15)."""
        blockers = [
            _("Missing document: %(name)s.") % {"name": requirement} for requirement in self.missing_for_submission
        ]
        if not self.lines:
            blockers.append(no_expense_lines())
        blockers += [deviation.message for deviation in self.norms.blocking]
        blockers += self.conflicts
        return blockers

    @property
    def norm_text(self) -> str:
        return norm_text(self.program.program_type)

    @property
    def live_signatures(self) -> list:
        return [s for s in self.signatures if s.voided_at is None]


ALLOCATION_HISTORY_MODELS = (("AllocationEvent", "pgh_obj_id"), ("CategoryPlanEvent", "allocation_id"))


def _history(specs, pk: int) -> list[HistoryRow]:
    """One query per event table: the trigger-recorded events, newest first, with field diffs."""
    rows = []
    for model_name, link in specs:
        model = apps.get_model("procurement", model_name)
        events = list(model.objects.filter(**{link: pk}).select_related("pgh_context").order_by("pgh_id"))
        fields = [f for f in model._meta.concrete_fields if f.attname not in HISTORY_SKIP_FIELDS]
        previous = {}
        for event in events:
            before = previous.get(event.pgh_obj_id)
            changes = []
            if event.pgh_label != "delete":
                for model_field in fields:
                    new = getattr(event, model_field.attname)
                    old = getattr(before, model_field.attname) if before is not None else None
                    if (before is None and new not in (None, "")) or (before is not None and old != new):
                        # Typed values: the page writes dates and numbers in the reader's language.
                        name = model_field.verbose_name
                        changes.append((name, "" if old is None else old, "" if new is None else new))
            previous[event.pgh_obj_id] = event
            metadata = event.pgh_context.metadata if event.pgh_context_id and event.pgh_context else {}
            rows.append(
                HistoryRow(
                    when=event.pgh_created_at,
                    what=model_name.removesuffix("Event"),
                    object_id=event.pgh_obj_id,
                    label=event.pgh_label,
                    actor=metadata.get("actor", ""),
                    changes=changes,
                )
            )
    rows.sort(key=lambda r: r.when, reverse=True)
    return rows


def program_history(program: Program) -> list[HistoryRow]:
    """Six queries: the program, its participants, hosts, lines, documents and signatures."""
    return _history(HISTORY_MODELS, program.pk)


def allocation_history(allocation: Allocation) -> list[HistoryRow]:
    """Two queries: the allocation and its category plans."""
    return _history(ALLOCATION_HISTORY_MODELS, allocation.pk)


def _plan_refusal(program: Program) -> str | None:
    """While sign-off is ahead (up to 3 queries): why the allocation's category plan blocks approval, if it does."""
    if program.state not in (Program.State.HQ_PERMISSION, Program.State.SIGN_OFF):
        return None
    from .services.allocations import plan_refusal

    allocation = Allocation.objects.filter(
        region_id=program.region_id, fund_id=program.fund_id, year_id=program.year_id
    ).first()
    return plan_refusal(allocation) if allocation is not None else None


def program_page(program: Program, *, reader) -> ProgramPage:
    """Everything the program page shows, in a fixed number of queries (listed in the test)."""
    participants = list(program.participants.all())
    hosts = list(program.hosts.all())
    lines = list(program.lines.select_related("item"))
    documents = list(program.documents.select_related("uploaded_by"))
    requirements = list(RequiredDocument.objects.filter(program_type_id=program.program_type_id))
    by_requirement = {}
    for document in documents:
        by_requirement.setdefault(document.requirement_id, []).append(document)
    checklist = [ChecklistEntry(r, by_requirement.get(r.pk, [])) for r in requirements]
    signatures = list(Signature.objects.filter(program=program).select_related("user"))
    seats = list(CommitteeSeat.objects.filter(region_id=program.region_id).select_related("user"))
    audit = list(audit_trail_for(program)[:100])
    conflicts = (
        separation_conflicts(program, reader=reader, participants=participants, hosts=hosts)
        if program.state == Program.State.DRAFT
        else []
    )
    return ProgramPage(
        program=program,
        participants=participants,
        hosts=hosts,
        lines=lines,
        checklist=checklist,
        signatures=signatures,
        seats=seats,
        norms=norm_result(program, listed_participants=len(participants)),
        conflicts=conflicts,
        audit=audit,
        trail=plain_trail(audit),
        plan_refusal=_plan_refusal(program),
        # The trigger-recorded log is HQ's tool for changes made behind the services' back.
        history=program_history(program) if is_national(reader) else [],
        lines_total=sum(line.amount for line in lines),
    )


def program_list(queryset, *, state: str | None = None):
    """Programs with province, type, fund and year, newest first (one query per slice)."""
    if state:
        queryset = queryset.filter(state=state)
    return queryset.select_related("region", "program_type", "fund", "year").order_by("-created_at", "-id")


def awaiting_signature(user, *, limit: int = 100):
    """Programs in sign-off in the provinces where the user holds a seat, not yet signed by them."""
    return list(
        Program.objects.filter(state=Program.State.SIGN_OFF, region__seats__user=user)
        .exclude(Exists(Signature.objects.filter(program=OuterRef("pk"), user=user, voided_at=None)))
        .annotate(signed=Count("signatures", filter=Q(signatures__voided_at=None)))
        .select_related("region", "program_type", "fund")
        .order_by("submitted_at")[:limit]
    )


def contractors_of(region_id: int):
    return list(Contractor.objects.filter(region_id=region_id).prefetch_related("documents"))


@dataclass
class AllocationPlan:
    allocation: Allocation
    shares: list[Share]
    committed: int
    planned_total: int

    @property
    def within_tolerance(self) -> bool:
        return all(s.within_tolerance for s in self.shares)

    @property
    def unplanned_categories(self) -> list:
        """Categories with nothing planned: the instruction wants every program type to run each year."""
        return [s.category for s in self.shares if self.planned_total and not s.amount]

    @property
    def needs_acceptance(self) -> bool:
        return self.planned_total > 0 and not self.within_tolerance and self.allocation.deviation_accepted_at is None


def allocation_plans(regions_filter: Q, *, year_id: int | None = None) -> list[AllocationPlan]:
    """Four queries: categories, allocations in scope, their category plans, and the committed totals."""
    categories = list(Category.objects.all())
    allocations = list(
        Allocation.objects.filter(regions_filter, **({"year_id": year_id} if year_id else {})).select_related(
            "region", "fund", "year", "deviation_accepted_by"
        )
    )
    ids = [a.pk for a in allocations]
    plans = {}
    for plan in CategoryPlan.objects.filter(allocation_id__in=ids):
        plans.setdefault(plan.allocation_id, {})[plan.category_id] = plan.amount
    committed = {
        (row["region_id"], row["fund_id"], row["year_id"]): row["total"]
        for row in Program.objects.filter(
            state__in=["approved", "executed", "reported", "reviewed"],
            region_id__in={a.region_id for a in allocations},
        )
        .values("region_id", "fund_id", "year_id")
        .annotate(total=Sum("planned_cost"))
    }
    return [
        AllocationPlan(
            allocation=a,
            shares=category_shares(categories, plans.get(a.pk, {})),
            committed=committed.get((a.region_id, a.fund_id, a.year_id), 0),
            planned_total=sum(plans.get(a.pk, {}).values()),
        )
        for a in allocations
    ]


@dataclass
class HqQueues:
    awaiting_permission: int
    awaiting_review: int
    plans_awaiting_acceptance: list  # AllocationPlan

    @property
    def plans_count(self) -> int:
        return len(self.plans_awaiting_acceptance)


def hq_queues() -> HqQueues:
    """HQ's work: programs awaiting permission, reports awaiting review (1 query) and category plans
    outside the shares awaiting acceptance (4 queries, allocation_plans)."""
    counts = Program.objects.aggregate(
        permission=Count("pk", filter=Q(state=Program.State.HQ_PERMISSION)),
        review=Count("pk", filter=Q(state=Program.State.REPORTED)),
    )
    plans = [plan for plan in allocation_plans(Q()) if plan.needs_acceptance]
    return HqQueues(counts["permission"], counts["review"], plans)
