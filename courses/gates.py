"""The KPI gate engine: pure functions, no queries.

`evaluate_level(figures, requirements)` judges every KPI of one student's level from
figures gathered beforehand (see `selectors.level_figures`). Each KPI kind has one
evaluator in `EVALUATORS`. Counts compare inclusively against their threshold; peer approval
must *exceed* its percentage ("more than half").
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

from django.utils.translation import gettext as _

from coopportal.formatting import localize_digits

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
    """The latest trial presentation before classmates: who confirmed attending, their votes, and the
    cohort's other active students."""

    attendees: int
    approvals: int
    reworks: int = 0
    classmates: int = 0


@dataclass(frozen=True)
class CohortFigure:
    """Students of the cohort at this level: how many have met the KPIs, and whether a teacher closed it."""

    ready: int
    total: int
    closed: bool = False


@dataclass(frozen=True)
class PresentationFigure:
    """One recorded presentation at the level. Counts that pass a gate come from records: confirmed
    attendance and likes, subscriber rows, confirmed classmates, result rows. None: not recorded yet."""

    presentation_id: int
    held: bool = True
    attendance: int | None = None  # confirmed by a teacher or the exam committee
    attendance_reported: int | None = None  # typed by the presenter; never counts, only explains
    subscribers: int | None = None
    likes: int | None = None  # confirmed by the exam committee
    likes_reported: int | None = None
    support_confirmed: int | None = None
    results_recorded: int | None = None
    observers_only: bool | None = None  # None while a named observer has not answered
    committee_decision: str | None = None


@dataclass(frozen=True)
class LevelFigures:
    documents: Mapping[int, DocumentFigure] = field(default_factory=dict)  # by requirement id
    peer: PeerFigure | None = None
    cohort: CohortFigure | None = None
    presentations: tuple[PresentationFigure, ...] = ()
    invitations: int = 0  # invitees for this level's presentation who were invited (or further)
    # Set by evaluate_level from the level's attendance KPI: the subscriber ratio counts only at a
    # presentation that also had the attendance (a room of 2 with 1 subscriber is not 50 %).
    attendance_needed: int = 0


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
    requirements = list(requirements)
    needed = max((r.threshold or 0 for r in requirements if r.kind == KpiKind.ATTENDANCE), default=0)
    if needed:
        figures = replace(figures, attendance_needed=needed)
    kpis = [EVALUATORS[r.kind](r, figures) for r in requirements]
    return LevelResult(passed=bool(kpis) and all(k.met for k in kpis), kpis=kpis)


def _result(req: RequirementLike, met: bool, reason: str, *, status: str | None = None, figure="", comment=""):
    # The counts in the reason are written in the reader's digits (Persian in Persian).
    return KpiResult(
        requirement_id=req.id,
        kind=req.kind,
        label=req.label,
        met=met,
        reason=localize_digits(reason),
        status=status or ("met" if met else "not_met"),
        figure=localize_digits(figure),
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


@evaluator(KpiKind.TRIAL_ATTENDANCE)
def _trial_attendance(req, figures):
    share = req.threshold if req.threshold is not None else 50
    peer = figures.peer
    if peer is None:
        return _result(req, False, _("no trial presentation before classmates recorded"), status="missing")
    if peer.classmates == 0:
        return _result(req, False, _("the cohort has no other active students"))
    figure = _("%(attendees)s of %(classmates)s classmates confirmed attending") % {
        "attendees": peer.attendees,
        "classmates": peer.classmates,
    }
    # "More than half": attendees / other active students > share %, in whole numbers.
    if peer.attendees * 100 > share * peer.classmates:
        return _result(req, True, figure, figure=figure)
    needed = _("more than %(share)s %% must attend") % {"share": share}
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


def _more_needed(figure: str, missing: int) -> str:
    return _("%(figure)s: %(missing)s more needed") % {"figure": figure, "missing": missing}


def _confirmed_count(req, figures, attribute: str, words: str, waiting: str) -> KpiResult:
    """Met when one presentation's confirmed count reaches the threshold (inclusive); a count the presenter
    reported but nobody confirmed yet is shown as pending, never counted."""
    if not figures.presentations:
        return _no_presentation(req)
    threshold = req.threshold or 0
    confirmed = [getattr(p, attribute) for p in figures.presentations if getattr(p, attribute) is not None]
    reported = [getattr(p, f"{attribute}_reported") for p in figures.presentations]
    reported = [n for n in reported if n is not None]
    if confirmed and max(confirmed) >= threshold:
        best = max(confirmed)
        figure = _("%(count)s %(words)s confirmed of %(threshold)s needed") % {
            "count": best,
            "words": words,
            "threshold": threshold,
        }
        return _result(req, True, figure, figure=figure)
    if len(reported) > len(confirmed):
        figure = _("%(count)s %(words)s reported; %(waiting)s") % {
            "count": max(reported),
            "words": words,
            "waiting": waiting,
        }
        return _result(req, False, figure, status="pending", figure=figure)
    if not confirmed:
        return _result(req, False, _("not reported yet"), status="missing")
    best = max(confirmed)
    figure = _("%(count)s %(words)s confirmed of %(threshold)s needed") % {
        "count": best,
        "words": words,
        "threshold": threshold,
    }
    return _result(req, False, _more_needed(figure, threshold - best), figure=figure)


def _best_count(req, figures, attribute: str, words: str) -> KpiResult:
    """Met when one presentation's count of records reaches the threshold (inclusive)."""
    if not figures.presentations:
        return _no_presentation(req)
    counts = [getattr(p, attribute) or 0 for p in figures.presentations]
    best, threshold = max(counts), req.threshold or 0
    figure = _("%(count)s %(words)s of %(threshold)s needed") % {"count": best, "words": words, "threshold": threshold}
    if best >= threshold:
        return _result(req, True, figure, figure=figure)
    return _result(req, False, _more_needed(figure, threshold - best), figure=figure)


@evaluator(KpiKind.PRESENTATIONS_RECORDED)
def _presentations_recorded(req, figures):
    if not figures.presentations:
        return _no_presentation(req)
    count, threshold = sum(1 for p in figures.presentations if p.held), req.threshold or 1
    figure = _("%(count)s presentations held of %(threshold)s needed") % {"count": count, "threshold": threshold}
    if count >= threshold:
        return _result(req, True, figure, figure=figure)
    return _result(
        req,
        False,
        _("%(figure)s; a planned presentation counts once it has taken place") % {"figure": figure},
        status="pending",
        figure=figure,
    )


@evaluator(KpiKind.ATTENDANCE)
def _attendance(req, figures):
    return _confirmed_count(
        req, figures, "attendance", _("attendees"), _("waiting for a teacher or the exam committee to confirm")
    )


@evaluator(KpiKind.LIKES)
def _likes(req, figures):
    return _confirmed_count(req, figures, "likes", _("likes"), _("waiting for the exam committee to confirm"))


@evaluator(KpiKind.SUPPORT_GROUP)
def _support_group(req, figures):
    return _best_count(req, figures, "support_confirmed", _("classmates confirmed in the support group"))


@evaluator(KpiKind.INVITATIONS_SENT)
def _invitations(req, figures):
    threshold = req.threshold or 0
    figure = _("%(count)s invitations sent of %(threshold)s needed") % {
        "count": figures.invitations,
        "threshold": threshold,
    }
    if figures.invitations >= threshold:
        return _result(req, True, figure, figure=figure)
    return _result(req, False, _more_needed(figure, threshold - figures.invitations), figure=figure)


@evaluator(KpiKind.RESULTS_RECORDED)
def _results(req, figures):
    return _best_count(req, figures, "results_recorded", _("people's results recorded"))


@evaluator(KpiKind.SUBSCRIBER_RATIO)
def _subscriber_ratio(req, figures):
    """Distinct subscribers through the page ÷ confirmed attendance, at the best presentation. Attendance
    of 0 or not confirmed gives no ratio (never a division by zero)."""
    if not figures.presentations:
        return _no_presentation(req)
    percent = req.threshold if req.threshold is not None else 15
    measured = [p for p in figures.presentations if p.attendance and p.subscribers is not None]
    if not measured:
        subscribers = max((p.subscribers or 0) for p in figures.presentations)
        figure = _("%(subscribers)s subscribers so far; the attendance is not confirmed yet") % {
            "subscribers": subscribers
        }
        return _result(req, False, figure, status="pending", figure=figure)
    eligible = [p for p in measured if p.attendance >= figures.attendance_needed]
    if not eligible:
        figure = _("the ratio counts at a presentation with at least %(needed)s confirmed attendees") % {
            "needed": figures.attendance_needed
        }
        return _result(req, False, figure, figure=figure)
    best = max(eligible, key=lambda p: (p.subscribers / p.attendance, p.attendance))
    figure = _("%(subscribers)s subscribers of %(attendance)s attendees (%(ratio).1f %%; %(percent)s %% needed)") % {
        "subscribers": best.subscribers,
        "attendance": best.attendance,
        "ratio": 100 * best.subscribers / best.attendance,
        "percent": percent,
    }
    # Inclusive, in whole numbers: subscribers / attendance >= percent / 100.
    if best.subscribers * 100 >= percent * best.attendance:
        return _result(req, True, figure, figure=figure)
    needed = -(-percent * best.attendance // 100)  # ceiling
    return _result(req, False, _more_needed(figure, needed - best.subscribers), figure=figure)


@evaluator(KpiKind.OBSERVERS_ONLY)
def _observers_only(req, figures):
    if not figures.presentations:
        return _no_presentation(req)
    if any(p.observers_only for p in figures.presentations):
        return _result(req, True, _("classmates took part as observers only"))
    if all(p.observers_only is False for p in figures.presentations):
        return _result(req, False, _("a named classmate declined to confirm they only observed"))
    return _result(req, False, _("waiting for the named observers to confirm"), status="pending")


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
