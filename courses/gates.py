"""The KPI gate engine: pure functions, no queries.

`evaluate_level(figures, requirements)` judges every KPI of one student's level from
figures gathered beforehand (see `selectors.level_figures`). Each KPI kind has one
evaluator in `EVALUATORS`; the presentations work registers better figures without
touching the rest. Counts compare inclusively against their threshold; peer approval
must *exceed* its percentage ("more than half").
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.translation import gettext as _

from .models.course import KpiKind


class RequirementLike(Protocol):
    id: int
    kind: str
    label: str
    threshold: int | None


@dataclass(frozen=True)
class DocumentFigure:
    """The latest submission for a document KPI."""

    status: str  # KpiSubmission.Status value
    comment: str = ""


@dataclass(frozen=True)
class PeerFigure:
    """The latest trial presentation before classmates."""

    attendees: int
    approvals: int
    reworks: int = 0


@dataclass(frozen=True)
class CohortFigure:
    """Students of the cohort at this level: how many have met the KPIs, and whether a teacher closed it."""

    ready: int
    total: int
    closed: bool = False


@dataclass(frozen=True)
class PresentationFigure:
    """One recorded presentation at the level; figures stay None until they are recorded."""

    presentation_id: int
    attendance: int | None = None
    subscribers: int | None = None
    likes: int | None = None
    support_confirmed: int | None = None
    invitations: int | None = None
    results_recorded: int | None = None
    observers_only: bool | None = None
    committee_decision: str | None = None


@dataclass(frozen=True)
class LevelFigures:
    documents: Mapping[int, DocumentFigure] = field(default_factory=dict)  # by requirement id
    peer: PeerFigure | None = None
    cohort: CohortFigure | None = None
    presentations: tuple[PresentationFigure, ...] = ()


@dataclass(frozen=True)
class KpiResult:
    requirement_id: int
    kind: str
    label: str
    met: bool
    reason: str
    status: str  # met / pending / returned / missing / not_met
    figure: str = ""
    comment: str = ""


@dataclass(frozen=True)
class LevelResult:
    passed: bool
    kpis: list[KpiResult]

    @property
    def individual_kpis_met(self) -> bool:
        """Everything the student can meet alone (all but the cohort gate)."""
        return all(k.met for k in self.kpis if k.kind != KpiKind.COHORT_COMPLETE)


Evaluator = Callable[[RequirementLike, LevelFigures], KpiResult]
EVALUATORS: dict[str, Evaluator] = {}


def evaluator(kind: str):
    def register(function: Evaluator) -> Evaluator:
        EVALUATORS[kind] = function
        return function

    return register


def evaluate_level(figures: LevelFigures, requirements: Iterable[RequirementLike]) -> LevelResult:
    kpis = [EVALUATORS[r.kind](r, figures) for r in requirements]
    return LevelResult(passed=bool(kpis) and all(k.met for k in kpis), kpis=kpis)


def _result(req: RequirementLike, met: bool, reason: str, *, status: str | None = None, figure="", comment=""):
    return KpiResult(
        requirement_id=req.id,
        kind=req.kind,
        label=req.label,
        met=met,
        reason=reason,
        status=status or ("met" if met else "not_met"),
        figure=figure,
        comment=comment,
    )


@evaluator(KpiKind.DOCUMENT)
def _document(req, figures):
    doc = figures.documents.get(req.id)
    if doc is None:
        return _result(req, False, _("not submitted yet"), status="missing")
    if doc.status == "approved":
        return _result(req, True, _("approved by a teacher"), comment=doc.comment)
    if doc.status == "returned":
        return _result(
            req, False, _("returned for rework; submit a new version"), status="returned", comment=doc.comment
        )
    return _result(req, False, _("waiting for teacher review"), status="pending")


@evaluator(KpiKind.PEER_APPROVAL)
def _peer_approval(req, figures):
    share = req.threshold if req.threshold is not None else 50
    peer = figures.peer
    if peer is None or peer.attendees == 0:
        return _result(req, False, _("no trial presentation before classmates recorded"), status="missing")
    figure = _("%(approvals)s of %(attendees)s attending classmates approved") % {
        "approvals": peer.approvals,
        "attendees": peer.attendees,
    }
    # "More than half": approvals / attendees > share %, in whole numbers.
    met = peer.approvals * 100 > share * peer.attendees
    if met:
        return _result(req, True, figure, figure=figure)
    needed = _("more than %(share)s %% must approve") % {"share": share}
    return _result(req, False, f"{figure}; {needed}", figure=figure)


@evaluator(KpiKind.COHORT_COMPLETE)
def _cohort_complete(req, figures):
    cohort = figures.cohort
    if cohort is not None and cohort.closed:
        return _result(req, True, _("a teacher closed this level for the cohort"))
    if cohort is None or cohort.total == 0:
        return _result(req, False, _("no active students at this level yet"))
    figure = _("%(ready)s of %(total)s active students have met the KPIs") % {
        "ready": cohort.ready,
        "total": cohort.total,
    }
    return _result(req, cohort.ready >= cohort.total, figure, figure=figure)


def _no_presentation(req):
    return _result(req, False, _("no presentation recorded"), status="missing")


def _best_count(req, figures, attribute: str, words: str) -> KpiResult:
    """Met when one presentation's count reaches the threshold (inclusive)."""
    if not figures.presentations:
        return _no_presentation(req)
    counts = [getattr(p, attribute) for p in figures.presentations if getattr(p, attribute) is not None]
    if not counts:
        return _result(req, False, _("not recorded yet"), status="missing")
    best = max(counts)
    threshold = req.threshold or 0
    figure = _("%(count)s %(words)s of %(threshold)s needed") % {"count": best, "words": words, "threshold": threshold}
    return _result(req, best >= threshold, figure, figure=figure)


@evaluator(KpiKind.PRESENTATIONS_RECORDED)
def _presentations_recorded(req, figures):
    if not figures.presentations:
        return _no_presentation(req)
    count, threshold = len(figures.presentations), req.threshold or 1
    figure = _("%(count)s presentations recorded of %(threshold)s needed") % {"count": count, "threshold": threshold}
    return _result(req, count >= threshold, figure, figure=figure)


@evaluator(KpiKind.ATTENDANCE)
def _attendance(req, figures):
    return _best_count(req, figures, "attendance", _("attendees"))


@evaluator(KpiKind.LIKES)
def _likes(req, figures):
    return _best_count(req, figures, "likes", _("likes"))


@evaluator(KpiKind.SUPPORT_GROUP)
def _support_group(req, figures):
    return _best_count(req, figures, "support_confirmed", _("classmates confirmed in the support group"))


@evaluator(KpiKind.INVITATIONS_SENT)
def _invitations(req, figures):
    return _best_count(req, figures, "invitations", _("invitations sent"))


@evaluator(KpiKind.RESULTS_RECORDED)
def _results(req, figures):
    return _best_count(req, figures, "results_recorded", _("results recorded"))


@evaluator(KpiKind.SUBSCRIBER_RATIO)
def _subscriber_ratio(req, figures):
    if not figures.presentations:
        return _no_presentation(req)
    measured = [p for p in figures.presentations if p.attendance and p.subscribers is not None]
    if not measured:
        return _result(req, False, _("attendance and subscribers not recorded yet"), status="missing")
    percent = req.threshold if req.threshold is not None else 15
    best = max(measured, key=lambda p: p.subscribers / p.attendance)
    figure = _("%(subscribers)s subscribers of %(attendance)s attendees (%(ratio).1f %%; %(percent)s %% needed)") % {
        "subscribers": best.subscribers,
        "attendance": best.attendance,
        "ratio": 100 * best.subscribers / best.attendance,
        "percent": percent,
    }
    # Inclusive, in whole numbers: subscribers / attendance >= percent / 100.
    return _result(req, best.subscribers * 100 >= percent * best.attendance, figure, figure=figure)


@evaluator(KpiKind.OBSERVERS_ONLY)
def _observers_only(req, figures):
    if not figures.presentations:
        return _no_presentation(req)
    if any(p.observers_only for p in figures.presentations):
        return _result(req, True, _("classmates took part as observers only"))
    return _result(req, False, _("classmates' roles not confirmed yet"), status="missing")


@evaluator(KpiKind.COMMITTEE_DECISION)
def _committee_decision(req, figures):
    if not figures.presentations:
        return _no_presentation(req)
    decisions = [p.committee_decision for p in figures.presentations if p.committee_decision]
    if not decisions:
        return _result(req, False, _("waiting for the exam committee's decision"), status="pending")
    if "accredited" in decisions:
        return _result(req, True, _("the exam committee accredited the candidate"))
    return _result(req, False, _("the exam committee did not accredit the candidate"))
