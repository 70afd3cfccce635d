"""Reads that gate submission: checklist, norms and fund separation (a fixed number of queries each)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from coopportal.users.models import CommitteeSeat

from .models import HostCooperative, Participant, Program, ProgramDocument, RequiredDocument
from .norms import NormFigures, NormResult, evaluate_norms

SUBMISSION_STAGES = (RequiredDocument.Stage.SUBMISSION,)
ALL_STAGES = (RequiredDocument.Stage.SUBMISSION, RequiredDocument.Stage.REPORT)


def missing_documents(program: Program, *, stages=SUBMISSION_STAGES) -> list[RequiredDocument]:
    """One query: the checklist entries of the given stages with no file yet."""
    return list(
        RequiredDocument.objects.filter(program_type_id=program.program_type_id, stage__in=stages).exclude(
            pk__in=ProgramDocument.objects.filter(program=program).values("requirement_id")
        )
    )


def no_expense_lines() -> str:
    """What the program page lists and submission refuses while a program has no expense line."""
    return _("No expense lines: add at least one, with its invoice or receipt.")


def norm_figures(program: Program, *, listed_participants: int) -> NormFigures:
    return NormFigures(
        planned_cost=program.planned_cost,
        headcount=program.headcount,
        listed_participants=listed_participants,
        duration_days=program.duration_days,
        units=program.units,
        weekly_consultation_hours=program.weekly_consultation_hours,
        seminars_recorded=program.seminars_recorded,
        printed_copies=program.printed_copies,
        electronic_copy=program.electronic_copy,
        audio_video=program.audio_video,
    )


def norm_result(program: Program, *, listed_participants: int | None = None) -> NormResult:
    if listed_participants is None:
        listed_participants = Participant.objects.filter(program=program).count()
    return evaluate_norms(program.program_type, norm_figures(program, listed_participants=listed_participants))


def _readable_regions(reader) -> set[int] | None:
    """The provinces whose programs the reader may see named; None for HQ (all). No query for an officer."""
    from .access import is_national, is_seat

    if is_national(reader):
        return None
    regions = {reader.region_id} if reader.region_id else set()
    if is_seat(reader):
        regions |= set(CommitteeSeat.objects.filter(user=reader).values_list("region_id", flat=True))
    return regions


def separation_conflicts(program: Program, *, reader, participants=None, hosts=None) -> list[str]:
    """Rule 15, two queries (four without the program's own rows): participants (by national ID or phone)
    and host cooperatives of this program that appear in a program of another fund in the same fiscal year.
    A program outside the reader's provinces is named only by its fund and year (rule 7)."""
    participants = list(Participant.objects.filter(program=program)) if participants is None else participants
    hosts = list(HostCooperative.objects.filter(program=program)) if hosts is None else hosts
    ids = {p.national_id_key: p for p in participants if p.national_id_key}
    phones = {p.phone_key: p for p in participants if p.phone_key}
    registrations = {h.registration_key: h for h in hosts if h.registration_key}
    other_programs = Q(program__year_id=program.year_id) & ~Q(program__fund_id=program.fund_id)
    readable = _readable_regions(reader)
    messages = []

    def describe(kind_named, kind_scoped, own_name, other):
        if readable is None or other.region_id in readable:
            return kind_named % {"name": own_name, "program": other.title, "pk": other.pk, "fund": other.fund}
        return kind_scoped % {"name": own_name, "fund": other.fund, "year": other.year}

    if ids or phones:
        people = (
            Participant.objects.filter(other_programs)
            .filter(Q(national_id_key__in=list(ids)) | Q(phone_key__in=list(phones)))
            .select_related("program__fund", "program__year")
            .order_by("program_id", "id")
        )
        for other in people:
            mine = ids.get(other.national_id_key) if other.national_id_key else None
            mine = mine or phones.get(other.phone_key)
            if mine is None:
                continue
            messages.append(
                describe(
                    _(
                        "Participant %(name)s is already in program “%(program)s” (#%(pk)s) "
                        "of the fund “%(fund)s” this year."
                    ),
                    _(
                        "Participant %(name)s conflicts with a program of another province "
                        "(fund “%(fund)s”, year %(year)s)."
                    ),
                    mine.full_name,
                    other.program,
                )
            )
    if registrations:
        for other in (
            HostCooperative.objects.filter(other_programs, registration_key__in=list(registrations))
            .select_related("program__fund", "program__year")
            .order_by("program_id", "id")
        ):
            messages.append(
                describe(
                    _(
                        "Host cooperative %(name)s is already in program “%(program)s” (#%(pk)s) "
                        "of the fund “%(fund)s” this year."
                    ),
                    _(
                        "Host cooperative %(name)s conflicts with a program of another province "
                        "(fund “%(fund)s”, year %(year)s)."
                    ),
                    registrations[other.registration_key].name,
                    other.program,
                )
            )
    return messages
