"""Reads that gate submission: checklist, norms and fund separation (a fixed number of queries each)."""

from django.db.models import Q
from django.utils.translation import gettext as _

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


def separation_conflicts(program: Program) -> list[str]:
    """Rule 15, two queries: participants (by national ID or phone) and host cooperatives of this
    program that appear in a program of another fund in the same fiscal year."""
    mine = Participant.objects.filter(program=program)
    other_programs = Q(program__year_id=program.year_id) & ~Q(program__fund_id=program.fund_id)
    people = (
        Participant.objects.filter(other_programs)
        .filter(
            Q(national_id_key__in=mine.exclude(national_id_key="").values("national_id_key"))
            | Q(phone_key__in=mine.exclude(phone_key="").values("phone_key"))
        )
        .select_related("program__fund")
        .order_by("program_id", "id")
    )
    hosts = (
        HostCooperative.objects.filter(other_programs)
        .filter(registration_key__in=HostCooperative.objects.filter(program=program).values("registration_key"))
        .select_related("program__fund")
        .order_by("program_id", "id")
    )
    messages = [
        _("Participant %(name)s is already in program “%(program)s” (#%(pk)s) of the fund “%(fund)s” this year.")
        % {"name": p.full_name, "program": p.program.title, "pk": p.program_id, "fund": p.program.fund}
        for p in people
    ]
    messages += [
        _("Host cooperative %(name)s is already in program “%(program)s” (#%(pk)s) of the fund “%(fund)s” this year.")
        % {"name": h.name, "program": h.program.title, "pk": h.program_id, "fund": h.program.fund}
        for h in hosts
    ]
    return messages
