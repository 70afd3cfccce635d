"""The program's way from draft to HQ review: submission, HQ permission, three-seat sign-off and approval."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopportal.audit.services import record_action
from coopportal.formatting import format_number
from coopportal.users.roles import seat_of
from coopportal.users.services import verify_fresh_totp

from ..access import can_file_in, is_national
from ..checks import ALL_STAGES, missing_documents, no_expense_lines, norm_result, separation_conflicts
from ..exceptions import (
    AllocationExceeded,
    BudgetError,
    FundSeparationConflict,
    InvalidState,
    MissingDocuments,
    MissingExpenseLines,
    NormViolation,
    NotAllowed,
    PlanNotAccepted,
    SignOffRefused,
    StepUpRefused,
)
from ..history import actor_context
from ..models import Allocation, ExpenseLine, Program, Signature
from ..reports import changes_report_data
from .allocations import committed_total, plan_refusal
from .common import check_amount

SEATS_NEEDED = 3


def _lock(program: Program, *, expected: str) -> Program:
    program = Program.objects.select_for_update().select_related("program_type", "fund", "year").get(pk=program.pk)
    if program.state != expected:
        raise InvalidState(
            _("This program is %(state)s, not %(expected)s.")
            % {"state": program.get_state_display(), "expected": Program.State(expected).label}
        )
    return program


@changes_report_data
def submit_program(*, actor, program: Program) -> Program:
    """Draft → HQ permission (when a norm is exceeded) or committee sign-off; blocked while a
    required document or every expense line is missing, the headcount does not match, or rule 15
    is broken."""
    if not can_file_in(actor, program.region_id):
        raise NotAllowed(_("Only an officer of this province submits its programs."))
    with transaction.atomic(), actor_context(actor, "program.submit"):
        program = _lock(program, expected=Program.State.DRAFT)
        missing = missing_documents(program)
        if missing:
            raise MissingDocuments(_("Missing documents: %(names)s.") % {"names": "; ".join(str(r) for r in missing)})
        if not ExpenseLine.objects.filter(program=program).exists():
            raise MissingExpenseLines(no_expense_lines())
        result = norm_result(program)
        if result.blocking:
            raise NormViolation(" ".join(d.message for d in result.blocking))
        conflicts = separation_conflicts(program, reader=actor)
        if conflicts:
            raise FundSeparationConflict(" ".join(conflicts))
        program.needs_hq_permission = result.needs_hq_permission
        program.state = Program.State.HQ_PERMISSION if result.needs_hq_permission else Program.State.SIGN_OFF
        program.submitted_at = timezone.now()
        program.save(update_fields=["needs_hq_permission", "state", "submitted_at"])
        record_action(
            actor=actor,
            action="procurement.program_submitted",
            target=program,
            details={"deviations": [d.code for d in result.deviations], "state": program.state},
        )
    return program


@changes_report_data
def grant_hq_permission(*, actor, program: Program, reason: str) -> Program:
    """HQ's explicit override of the deviations, with a reason; the program goes to sign-off."""
    if not is_national(actor):
        raise NotAllowed(_("Only HQ grants permission."))
    reason = (reason or "").strip()
    if not reason:
        raise BudgetError(_("Give the reason for the permission."))
    with transaction.atomic(), actor_context(actor, "program.hq_permission"):
        program = _lock(program, expected=Program.State.HQ_PERMISSION)
        deviations = [d.code for d in norm_result(program).deviations]
        program.state = Program.State.SIGN_OFF
        program.hq_permission_by = actor
        program.hq_permission_reason = reason
        program.save(update_fields=["state", "hq_permission_by", "hq_permission_reason"])
        record_action(
            actor=actor,
            action="procurement.hq_override",
            target=program,
            details={"reason": reason, "deviations": deviations},
        )
    return program


@changes_report_data
def refuse_hq_permission(*, actor, program: Program, reason: str) -> Program:
    if not is_national(actor):
        raise NotAllowed(_("Only HQ refuses permission."))
    reason = (reason or "").strip()
    if not reason:
        raise BudgetError(_("Give the reason for the refusal."))
    with transaction.atomic(), actor_context(actor, "program.hq_refusal"):
        program = _lock(program, expected=Program.State.HQ_PERMISSION)
        program.state = Program.State.DRAFT
        program.hq_permission_reason = reason
        program.save(update_fields=["state", "hq_permission_reason"])
        record_action(actor=actor, action="procurement.hq_refused", target=program, details={"reason": reason})
    return program


def sign_off_refusal(*, user, program: Program, seat: str | None, live_signatures) -> str | None:
    """Why `user` (holding `seat` of the program's province, or None) may not sign now, or None when
    they may. The one predicate behind the program page's Sign button and `sign_program`; no queries."""
    if program.state != Program.State.SIGN_OFF:
        return _("This program is not awaiting the committee's sign-off.")
    if seat is None:
        return _("Only a committee seat of this province signs its programs.")
    if user.pk == program.filed_by_id:
        return _("The officer who filed the program cannot sign it.")
    if any(s.seat == seat for s in live_signatures):
        return _("Your seat has already signed this program.")
    if any(s.user_id == user.pk for s in live_signatures):
        return _("You have already signed this program.")
    return None


@changes_report_data
def sign_program(*, actor, program: Program, code: str) -> Signature:
    """One seat signs, confirming it with a fresh code from its authenticator app (step-up: a signature
    approves spending, and the code typed at login or at an earlier signature is spent). The third
    distinct seat approves the program, unless that would take the province's committed total for the
    fund and year above its allocation (allocation row locked)."""
    with transaction.atomic(), actor_context(actor, "program.sign"):
        program = _lock(program, expected=Program.State.SIGN_OFF)
        seat = seat_of(actor, program.region_id)
        live = list(Signature.objects.filter(program=program, voided_at=None))
        refusal = sign_off_refusal(user=actor, program=program, seat=seat, live_signatures=live)
        if refusal:
            raise SignOffRefused(refusal)
        # After the predicate, so that only a seat that may sign spends its code.
        if not verify_fresh_totp(actor, code):
            raise StepUpRefused(
                _("The code is wrong or already used. Enter the current code from your authenticator app."),
                field="code",
            )
        signature = Signature.objects.create(program=program, seat=seat, user=actor, signed_at=timezone.now())
        record_action(actor=actor, action="procurement.signed", target=program, details={"seat": seat})
        if len(live) + 1 >= SEATS_NEEDED:
            _approve(actor=actor, program=program)
    return signature


def _approve(*, actor, program: Program) -> None:
    allocation = (
        Allocation.objects.select_for_update()
        .filter(region_id=program.region_id, fund_id=program.fund_id, year_id=program.year_id)
        .first()
    )
    if allocation is None:
        raise AllocationExceeded(_("The province has no allocation for this fund and year."))
    refusal = plan_refusal(allocation)
    if refusal:
        raise PlanNotAccepted(refusal)
    committed = committed_total(region_id=program.region_id, fund_id=program.fund_id, year_id=program.year_id)
    if committed + program.planned_cost > allocation.amount:
        raise AllocationExceeded(
            _(
                "Approval would commit %(total)s rials, above the province's allocation of %(amount)s rials "
                "for this fund and year (already committed: %(committed)s)."
            )
            % {
                "total": format_number(committed + program.planned_cost),
                "amount": format_number(allocation.amount),
                "committed": format_number(committed),
            }
        )
    program.state = Program.State.APPROVED
    program.approved_at = timezone.now()
    program.save(update_fields=["state", "approved_at"])
    record_action(
        actor=actor,
        action="procurement.approved",
        target=program,
        details={"committed_after": committed + program.planned_cost},
    )


@changes_report_data
def reopen_for_amendment(*, actor, program: Program, reason: str) -> Program:
    """The only way to change an approved program: HQ reopens it with a reason. The signatures are voided
    first, then the program is back in draft (the database refuses any other change while it is approved),
    and it goes through submission and the three seats again."""
    if not is_national(actor):
        raise NotAllowed(_("Only HQ reopens an approved program for amendment."))
    reason = (reason or "").strip()
    if not reason:
        raise BudgetError(_("Give the reason for the amendment."))
    with transaction.atomic(), actor_context(actor, "program.reopen"):
        program = _lock(program, expected=Program.State.APPROVED)
        voided = Signature.objects.filter(program=program, voided_at=None).update(voided_at=timezone.now())
        program.state = Program.State.DRAFT
        program.save(update_fields=["state"])
        record_action(
            actor=actor,
            action="procurement.reopened_for_amendment",
            target=program,
            details={"reason": reason, "signatures_voided": voided},
        )
    return program


@changes_report_data
def record_execution(*, actor, program: Program, actual_cost: int) -> Program:
    if not can_file_in(actor, program.region_id):
        raise NotAllowed(_("Only an officer of this province records the execution."))
    check_amount(actual_cost, label=_("The actual cost"))
    with transaction.atomic(), actor_context(actor, "program.execute"):
        program = _lock(program, expected=Program.State.APPROVED)
        if actual_cost > program.planned_cost:
            raise BudgetError(
                _("The actual cost is above the approved cost of %(cost)s rials.")
                % {"cost": format_number(program.planned_cost)}
            )
        program.actual_cost = actual_cost
        program.state = Program.State.EXECUTED
        program.save(update_fields=["actual_cost", "state"])
        record_action(actor=actor, action="procurement.executed", target=program, details={"actual_cost": actual_cost})
    return program


@changes_report_data
def submit_report(*, actor, program: Program) -> Program:
    if not can_file_in(actor, program.region_id):
        raise NotAllowed(_("Only an officer of this province reports the program."))
    with transaction.atomic(), actor_context(actor, "program.report"):
        program = _lock(program, expected=Program.State.EXECUTED)
        missing = missing_documents(program, stages=ALL_STAGES)
        if missing:
            raise MissingDocuments(_("Missing documents: %(names)s.") % {"names": "; ".join(str(r) for r in missing)})
        program.state = Program.State.REPORTED
        program.save(update_fields=["state"])
        record_action(actor=actor, action="procurement.reported", target=program)
    return program


@changes_report_data
def review_program(*, actor, program: Program, note: str = "") -> Program:
    if not is_national(actor):
        raise NotAllowed(_("Only HQ reviews reports."))
    note = (note or "").strip()
    if "\x00" in note:
        raise BudgetError(_("The note contains control characters; remove them."))
    with transaction.atomic(), actor_context(actor, "program.review"):
        program = _lock(program, expected=Program.State.REPORTED)
        program.state = Program.State.REVIEWED
        program.save(update_fields=["state"])
        record_action(actor=actor, action="procurement.reviewed", target=program, details={"note": note})
    return program
