"""The norm engine: is a claim within its type's norm, per unit and in total? Pure, no queries.

Every deviation is reported in words. A blocking deviation stops submission; any other one
routes the program to HQ permission, where HQ may override it with a reason.
"""

from dataclasses import dataclass, field
from math import ceil

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class NormFigures:
    planned_cost: int
    headcount: int
    listed_participants: int
    duration_days: int
    units: int = 1
    weekly_consultation_hours: int = 0
    seminars_recorded: int = 0
    printed_copies: int = 0
    electronic_copy: bool = False
    audio_video: bool = False


@dataclass(frozen=True)
class Deviation:
    code: str
    message: str
    blocking: bool = False


@dataclass(frozen=True)
class NormResult:
    limit: int
    deviations: list[Deviation] = field(default_factory=list)

    @property
    def blocking(self) -> list[Deviation]:
        return [d for d in self.deviations if d.blocking]

    @property
    def needs_hq_permission(self) -> bool:
        return any(not d.blocking for d in self.deviations)


def _rials(amount: int) -> str:
    return f"{amount:,}"


def years_of(duration_days: int) -> int:
    return max(1, ceil(duration_days / 365))


def evaluate_norms(ptype, figures: NormFigures) -> NormResult:
    """Check `figures` against the program type `ptype` (any object with ProgramType's fields)."""
    deviations = []
    cost = figures.planned_cost
    basis = ptype.norm_basis

    if figures.headcount != figures.listed_participants:
        deviations.append(
            Deviation(
                "headcount",
                _("%(claimed)s participants are claimed but %(listed)s are on the participant list.")
                % {"claimed": figures.headcount, "listed": figures.listed_participants},
                blocking=True,
            )
        )

    if basis == "person_day":
        person_days = figures.headcount * figures.duration_days
        limit = ptype.cost_norm * person_days // max(ptype.norm_audience, 1)
        # cost / person_days > norm / audience, compared in integers.
        if person_days == 0 or cost * ptype.norm_audience > ptype.cost_norm * person_days:
            per_unit = cost // person_days if person_days else cost
            deviations.append(
                Deviation(
                    "per_person_day",
                    _(
                        "The cost per participant and day is %(actual)s rials; the norm is %(norm)s rials "
                        "for %(audience)s participants a day (%(limit)s rials for this program)."
                    )
                    % {
                        "actual": _rials(per_unit),
                        "norm": _rials(ptype.cost_norm),
                        "audience": ptype.norm_audience,
                        "limit": _rials(limit),
                    },
                )
            )
    elif basis == "unit_year":
        years = years_of(figures.duration_days)
        unit_years = max(figures.units, 1) * years
        limit = ptype.cost_norm * unit_years
        if cost > limit:
            deviations.append(
                Deviation(
                    "per_unit_year",
                    _("The cost per unit and year is %(actual)s rials; the norm is %(norm)s rials.")
                    % {"actual": _rials(cost // unit_years), "norm": _rials(ptype.cost_norm)},
                )
            )
        if figures.weekly_consultation_hours < ptype.min_weekly_consultation_hours:
            deviations.append(
                Deviation(
                    "consultation",
                    _("%(hours)s hours of consultation a week are planned; the norm asks for at least %(min)s.")
                    % {"hours": figures.weekly_consultation_hours, "min": ptype.min_weekly_consultation_hours},
                )
            )
        min_seminars = ptype.min_seminars_per_year * years
        if figures.seminars_recorded < min_seminars:
            deviations.append(
                Deviation(
                    "seminars",
                    _("%(count)s seminars are recorded; the norm asks for at least %(min)s (quarterly).")
                    % {"count": figures.seminars_recorded, "min": min_seminars},
                )
            )
    else:
        limit = ptype.cost_norm
        if cost > limit:
            deviations.append(
                Deviation(
                    "per_program",
                    _("The cost is %(actual)s rials, above the norm of %(norm)s rials per program.")
                    % {"actual": _rials(cost), "norm": _rials(ptype.cost_norm)},
                )
            )
        # The norm is for an audience of a given size: a smaller audience may not cost the same.
        if (
            ptype.norm_audience
            and figures.headcount
            and cost * ptype.norm_audience > ptype.cost_norm * figures.headcount
        ):
            deviations.append(
                Deviation(
                    "per_participant",
                    _("The cost per participant is %(actual)s rials; the norm is %(norm)s rials for %(audience)s.")
                    % {
                        "actual": _rials(cost // figures.headcount),
                        "norm": _rials(ptype.cost_norm),
                        "audience": ptype.norm_audience,
                    },
                )
            )

    if figures.duration_days > ptype.max_duration_days:
        deviations.append(
            Deviation(
                "duration",
                _("The program lasts %(days)s days; more than %(max)s needs HQ permission.")
                % {"days": figures.duration_days, "max": ptype.max_duration_days},
            )
        )
    if figures.headcount < ptype.min_participants:
        deviations.append(
            Deviation(
                "min_participants",
                _("%(count)s participants are claimed; the norm asks for at least %(min)s.")
                % {"count": figures.headcount, "min": ptype.min_participants},
            )
        )
    if figures.printed_copies < ptype.min_printed_copies:
        deviations.append(
            Deviation(
                "printed_copies",
                _("%(count)s printed copies are planned; the deliverables include %(min)s.")
                % {"count": figures.printed_copies, "min": ptype.min_printed_copies},
            )
        )
    if ptype.requires_electronic_copy and not figures.electronic_copy:
        deviations.append(Deviation("electronic_copy", _("The deliverables lack the electronic copy.")))
    if ptype.requires_audio_video and not figures.audio_video:
        deviations.append(Deviation("audio_video", _("The deliverables lack the audio/video program.")))
    if ptype.always_needs_hq_permission:
        deviations.append(Deviation("type_rule", _("Programs of this type always need HQ permission.")))
    return NormResult(limit=limit, deviations=deviations)
