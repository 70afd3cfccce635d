"""The norm engine: is a claim within its type's norm, per unit and in total? Pure, no queries.

Every deviation is reported in words. A blocking deviation stops submission; any other one
routes the program to HQ permission, where HQ may override it with a reason.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import ceil

from django.utils.translation import gettext as _

from coopportal.formatting import format_number


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
    gap: "NormGap | None" = None


@dataclass(frozen=True)
class NormResult:
    limit: Fraction
    deviations: list[Deviation] = field(default_factory=list)

    @property
    def blocking(self) -> list[Deviation]:
        return [d for d in self.deviations if d.blocking]

    @property
    def needs_hq_permission(self) -> bool:
        return any(not d.blocking for d in self.deviations)


def _rials(amount) -> str:
    return format_number(round(amount))


def _percent(value: Fraction) -> str:
    return format_number(Decimal(f"{float(round(value, 1)):g}"))


@dataclass(frozen=True)
class NormGap:
    """How far a cost is above its norm, in rials and in percent of the norm."""

    actual: int
    norm: Fraction

    @property
    def over(self) -> int:
        return round(self.actual - self.norm)

    @property
    def percent(self) -> Fraction:
        return (self.actual - self.norm) * 100 / self.norm if self.norm else Fraction(100)

    @property
    def sentence(self) -> str:
        return gap_sentence(self)


def gap_sentence(gap: "NormGap") -> str:
    """The one sentence every page, report and export uses for a cost above its norm."""
    return _("Above the norm by %(over)s rials (%(percent)s %%)") % {
        "over": _rials(gap.over),
        "percent": _percent(gap.percent),
    }


def norm_gap(actual: int, norm) -> NormGap | None:
    """The gap when `actual` is above `norm` (exact: a norm may be a fraction of a rial), else None."""
    norm = Fraction(norm)
    return NormGap(actual=actual, norm=norm) if actual > norm else None


def norm_text(ptype) -> str:
    """The norm and its basis in words, the same on the program page, the reports and the exports."""
    norm = _rials(ptype.cost_norm)
    if ptype.norm_basis == "person_day":
        return _("%(norm)s rials per %(audience)s participant-days") % {
            "norm": norm,
            "audience": format_number(max(ptype.norm_audience, 1)),
        }
    if ptype.norm_basis == "unit_year":
        return _("%(norm)s rials per unit and year") % {"norm": norm}
    if ptype.norm_audience:
        return _("%(norm)s rials per program of %(audience)s participants") % {
            "norm": norm,
            "audience": format_number(ptype.norm_audience),
        }
    return _("%(norm)s rials per program") % {"norm": norm}


def norm_limit(ptype, *, headcount: int, duration_days: int, units: int = 1) -> Fraction:
    """The norm scaled to one program: by participant-days, by units and years, or per program (and for
    a program-basis norm with an audience, scaled down when fewer people come)."""
    if ptype.norm_basis == "person_day":
        return Fraction(ptype.cost_norm * headcount * duration_days, max(ptype.norm_audience, 1))
    if ptype.norm_basis == "unit_year":
        return Fraction(ptype.cost_norm * max(units, 1) * years_of(duration_days))
    if ptype.norm_audience and 0 < headcount < ptype.norm_audience:
        return Fraction(ptype.cost_norm * headcount, ptype.norm_audience)
    return Fraction(ptype.cost_norm)


def years_of(duration_days: int) -> int:
    return max(1, ceil(duration_days / 365))


BASIS_CODES = {"person_day": "per_person_day", "unit_year": "per_unit_year", "program": "per_program"}


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
                % {"claimed": format_number(figures.headcount), "listed": format_number(figures.listed_participants)},
                blocking=True,
            )
        )

    limit = norm_limit(ptype, headcount=figures.headcount, duration_days=figures.duration_days, units=figures.units)
    code = BASIS_CODES.get(basis, "per_program")
    if basis == "program" and limit < ptype.cost_norm:
        code = "per_participant"
    if basis == "person_day" and figures.headcount == 0:
        deviations.append(
            Deviation(code, _("No participants are claimed; the norm is %(norm)s.") % {"norm": norm_text(ptype)})
        )
    else:
        gap = norm_gap(cost, limit)
        if gap:
            deviations.append(
                Deviation(
                    code,
                    _("%(gap)s: %(actual)s rials planned against %(limit)s rials for this program (%(norm)s).")
                    % {"actual": _rials(cost), "gap": gap.sentence, "norm": norm_text(ptype), "limit": _rials(limit)},
                    gap=gap,
                )
            )
    if basis == "unit_year":
        years = years_of(figures.duration_days)
        if figures.weekly_consultation_hours < ptype.min_weekly_consultation_hours:
            deviations.append(
                Deviation(
                    "consultation",
                    _("%(hours)s hours of consultation a week are planned; the norm asks for at least %(min)s.")
                    % {
                        "hours": format_number(figures.weekly_consultation_hours),
                        "min": format_number(ptype.min_weekly_consultation_hours),
                    },
                )
            )
        min_seminars = ptype.min_seminars_per_year * years
        if figures.seminars_recorded < min_seminars:
            deviations.append(
                Deviation(
                    "seminars",
                    _("%(count)s seminars are recorded; the norm asks for at least %(min)s (quarterly).")
                    % {"count": format_number(figures.seminars_recorded), "min": format_number(min_seminars)},
                )
            )

    if figures.duration_days > ptype.max_duration_days:
        deviations.append(
            Deviation(
                "duration",
                _("The program lasts %(days)s days; more than %(max)s needs HQ permission.")
                % {"days": format_number(figures.duration_days), "max": format_number(ptype.max_duration_days)},
            )
        )
    if figures.headcount < ptype.min_participants:
        deviations.append(
            Deviation(
                "min_participants",
                _("%(count)s participants are claimed; the norm asks for at least %(min)s.")
                % {"count": format_number(figures.headcount), "min": format_number(ptype.min_participants)},
            )
        )
    if figures.printed_copies < ptype.min_printed_copies:
        deviations.append(
            Deviation(
                "printed_copies",
                _("%(count)s printed copies are planned; the deliverables include %(min)s.")
                % {"count": format_number(figures.printed_copies), "min": format_number(ptype.min_printed_copies)},
            )
        )
    if ptype.requires_electronic_copy and not figures.electronic_copy:
        deviations.append(Deviation("electronic_copy", _("The deliverables lack the electronic copy.")))
    if ptype.requires_audio_video and not figures.audio_video:
        deviations.append(Deviation("audio_video", _("The deliverables lack the audio/video program.")))
    if ptype.always_needs_hq_permission:
        deviations.append(Deviation("type_rule", _("Programs of this type always need HQ permission.")))
    return NormResult(limit=limit, deviations=deviations)
