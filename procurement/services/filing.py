"""What a provincial officer files: the program, its people, costs and documents.

A change to amounts, participants or documents after submission voids every live signature
and returns the program to draft, so the checks run again on resubmission. Approved programs
cannot change (only report-stage documents and the execution figures are added later).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coopportal.audit.services import record_action
from coopportal.formatting import format_number, localize_digits
from coopportal.uploads import validated_upload
from coopportal.users.models import Region

from ..access import can_file_in
from ..exceptions import BudgetError, DuplicateInvoice, InvalidState, NotAllowed
from ..history import actor_context
from ..models import (
    Contractor,
    ContractorDocument,
    ExpenseLine,
    FiscalYear,
    Fund,
    HostCooperative,
    Participant,
    Program,
    ProgramDocument,
    ProgramType,
    RequiredDocument,
    ServiceItem,
    Signature,
)
from ..models.programs import EDITABLE_FIELDS, EDITABLE_STATES
from ..normalize import IdentityError, invoice_key, national_id_key, phone_key, text_key
from ..reports import changes_report_data
from .common import check_amount, file_sha256

PROGRAM_FIELDS = EDITABLE_FIELDS


def _check_filer(actor, region_id: int) -> None:
    if not can_file_in(actor, region_id):
        raise NotAllowed(_("Only an officer of this province files its programs."))


# A program starts within its fiscal year; a chair contract may run a few years (the instruction
# prefers three or more), nothing runs longer than this.
MAX_PROGRAM_DAYS = 5 * 366
# Invoices may be dated a little before the year (deposits) or after the program (final bills).
INVOICE_MARGIN = datetime.timedelta(days=90)


def _check_dates(start: datetime.date, end: datetime.date, year: FiscalYear) -> None:
    if end < start:
        raise BudgetError(_("The end date is before the start date."), field="end_date")
    if not (year.start <= start <= year.end):
        raise BudgetError(
            _("The program must start within fiscal year %(year)s.") % {"year": localize_digits(year.label)},
            field="start_date",
        )
    if (end - start).days + 1 > MAX_PROGRAM_DAYS:
        raise BudgetError(_("A program cannot run longer than five years."), field="end_date")


def _check_invoice_date(day: datetime.date, program: Program) -> None:
    year = program.year
    if not (year.start - INVOICE_MARGIN <= day <= max(year.end, program.end_date) + INVOICE_MARGIN):
        raise BudgetError(
            _("The invoice date must fall within fiscal year %(year)s or the program's dates, give or take 90 days.")
            % {"year": localize_digits(year.label)},
            field="invoice_date",
        )


def _lock_for_edit(actor, program: Program) -> Program:
    """Lock the program, check the filer may still change it, and undo sign-off if it had begun."""
    _check_filer(actor, program.region_id)
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.state not in EDITABLE_STATES:
        raise InvalidState(
            _("This program is %(state)s; approved programs cannot be changed.")
            % {"state": program.get_state_display()}
        )
    if program.state != Program.State.DRAFT:
        voided = Signature.objects.filter(program=program, voided_at=None).update(voided_at=timezone.now())
        previous = program.state
        program.state = Program.State.DRAFT
        program.needs_hq_permission = False
        program.hq_permission_by = None
        program.hq_permission_reason = ""
        program.save(update_fields=["state", "needs_hq_permission", "hq_permission_by", "hq_permission_reason"])
        record_action(
            actor=actor,
            action="procurement.returned_to_draft",
            target=program,
            details={"from": previous, "signatures_voided": voided},
        )
    return program


@changes_report_data
def create_program(
    *,
    actor,
    region,
    program_type: ProgramType,
    fund: Fund,
    year: FiscalYear,
    title: str,
    start_date: datetime.date,
    end_date: datetime.date,
    place: str,
    planned_cost: int,
    headcount: int = 0,
    units: int = 1,
    weekly_consultation_hours: int = 0,
    seminars_recorded: int = 0,
    printed_copies: int = 0,
    electronic_copy: bool = False,
    audio_video: bool = False,
    executor: Contractor | None = None,
) -> Program:
    _check_filer(actor, region.pk)
    if region.country != Region.Country.IRAN:
        raise BudgetError(_("Budget programs are for Iran's provinces only."))
    check_amount(planned_cost, label=_("The planned cost"))
    _check_dates(start_date, end_date, year)
    if executor is not None and executor.region_id != region.pk:
        raise BudgetError(_("The executor must be a contractor of this province."))
    with transaction.atomic(), actor_context(actor, "program.create"):
        program = Program.objects.create(
            region=region,
            program_type=program_type,
            fund=fund,
            year=year,
            title=title.strip(),
            start_date=start_date,
            end_date=end_date,
            place=place.strip(),
            planned_cost=planned_cost,
            headcount=headcount,
            units=units,
            weekly_consultation_hours=weekly_consultation_hours,
            seminars_recorded=seminars_recorded,
            printed_copies=printed_copies,
            electronic_copy=electronic_copy,
            audio_video=audio_video,
            executor=executor,
            filed_by=actor,
        )
        record_action(
            actor=actor, action="procurement.program_created", target=program, details={"type": program_type.code}
        )
    return program


@changes_report_data
def update_program(*, actor, program: Program, **changes) -> Program:
    unknown = set(changes) - set(PROGRAM_FIELDS)
    if unknown:
        raise BudgetError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic(), actor_context(actor, "program.update"):
        program = _lock_for_edit(actor, program)
        if "planned_cost" in changes:
            check_amount(changes["planned_cost"], label=_("The planned cost"))
            lines_total = ExpenseLine.objects.filter(program=program).aggregate(t=Sum("amount"))["t"] or 0
            if changes["planned_cost"] < lines_total:
                raise BudgetError(
                    _("The expense lines already total %(total)s rials, more than this cost.")
                    % {"total": format_number(lines_total)}
                )
        executor = changes.get("executor")
        if executor is not None and executor.region_id != program.region_id:
            raise BudgetError(_("The executor must be a contractor of this province."))
        _check_dates(
            changes.get("start_date", program.start_date), changes.get("end_date", program.end_date), program.year
        )
        old = {name: str(getattr(program, name)) for name in changes}
        for name, value in changes.items():
            setattr(program, name, value.strip() if isinstance(value, str) else value)
        program.save(update_fields=list(changes))
        record_action(
            actor=actor,
            action="procurement.program_changed",
            target=program,
            details={"old": old, "new": {k: str(v) for k, v in changes.items()}},
        )
    return program


def _participant_keys(full_name: str, national_id: str, phone: str) -> tuple[str, str, str]:
    """The name and the comparison keys of a participant, or BudgetError saying what is wrong."""
    full_name = (full_name or "").strip()
    if not full_name:
        raise BudgetError(_("A participant needs a name."))
    if len(full_name) > 200:
        raise BudgetError(_("A name has at most 200 characters."))
    try:
        id_key = national_id_key(national_id)
    except IdentityError as exc:
        raise BudgetError(
            _("“%(code)s” is not a national ID: it has 10 digits and a valid check digit.") % {"code": national_id}
        ) from exc
    try:
        tel_key = phone_key(phone)
    except IdentityError as exc:
        raise BudgetError(_("“%(phone)s” is not a phone number.") % {"phone": phone}) from exc
    if not id_key and not tel_key:
        raise BudgetError(_("A participant needs a national ID or a phone number."))
    return full_name, id_key, tel_key


@changes_report_data
def import_participants(*, actor, program: Program, entries: list[tuple[int, dict]]) -> list[Participant]:
    """All or nothing: every row (row number, {full_name, national_id, phone}) is checked, against the
    others and the list already on file; one wrong row stores none and every error names its row."""
    from ..participant_import import ImportRefused

    errors, checked = [], []
    for number, values in entries:
        try:
            checked.append(
                (number, values, *_participant_keys(values["full_name"], values["national_id"], values["phone"]))
            )
        except BudgetError as exc:
            errors.append((number, str(exc)))
    with transaction.atomic(), actor_context(actor, "participant.import"):
        program = _lock_for_edit(actor, program)
        existing = list(Participant.objects.filter(program=program).values_list("national_id_key", "phone_key"))
        seen_ids = {i for i, _p in existing if i}
        seen_phones = {p for _i, p in existing if p}
        for number, _values, _name, id_key, tel_key in checked:
            if (id_key and id_key in seen_ids) or (not id_key and tel_key in seen_phones):
                errors.append((number, _("This participant is already on the list or earlier in the file.")))
            if id_key:
                seen_ids.add(id_key)
            else:
                seen_phones.add(tel_key)
        if errors:
            raise ImportRefused(sorted(errors, key=lambda e: e[0] or 0))
        created = Participant.objects.bulk_create(
            Participant(
                program=program,
                full_name=name,
                national_id=values["national_id"].strip()[:20],
                national_id_key=id_key,
                phone=values["phone"].strip()[:30],
                phone_key=tel_key,
            )
            for _number, values, name, id_key, tel_key in checked
        )
        record_action(
            actor=actor, action="procurement.participants_imported", target=program, details={"count": len(created)}
        )
    return created


@changes_report_data
def add_participant(
    *, actor, program: Program, full_name: str, national_id: str = "", phone: str = "", signature=None
) -> Participant:
    full_name, id_key, tel_key = _participant_keys(full_name, national_id, phone)
    if signature is not None:
        try:
            signature = validated_upload(signature)
        except ValidationError as exc:
            raise BudgetError(" ".join(exc.messages)) from exc
    with transaction.atomic(), actor_context(actor, "participant.add"):
        program = _lock_for_edit(actor, program)
        duplicate = Participant.objects.filter(program=program).filter(
            **({"national_id_key": id_key} if id_key else {"phone_key": tel_key})
        )
        if duplicate.exists():
            raise BudgetError(_("This participant is already on the list."))
        participant = Participant.objects.create(
            program=program,
            full_name=full_name,
            national_id=national_id.strip(),
            national_id_key=id_key,
            phone=phone.strip(),
            phone_key=tel_key,
            signature=signature or "",
        )
        record_action(
            actor=actor, action="procurement.participant_added", target=program, details={"participant": participant.pk}
        )
    return participant


@changes_report_data
def remove_participant(*, actor, participant: Participant) -> None:
    with transaction.atomic(), actor_context(actor, "participant.remove"):
        program = _lock_for_edit(actor, participant.program)
        Participant.objects.filter(pk=participant.pk, program=program).delete()
        record_action(
            actor=actor,
            action="procurement.participant_removed",
            target=program,
            details={"participant": participant.pk},
        )


@changes_report_data
def add_host(*, actor, program: Program, name: str, registration_number: str) -> HostCooperative:
    key = text_key(registration_number)
    if not (name or "").strip() or not key:
        raise BudgetError(_("A host cooperative needs a name and a registration number."))
    with transaction.atomic(), actor_context(actor, "host.add"):
        program = _lock_for_edit(actor, program)
        if HostCooperative.objects.filter(program=program, registration_key=key).exists():
            raise BudgetError(_("This cooperative is already a host of the program."))
        host = HostCooperative.objects.create(
            program=program, name=name.strip(), registration_number=registration_number.strip(), registration_key=key
        )
        record_action(actor=actor, action="procurement.host_added", target=program, details={"host": host.pk})
    return host


@changes_report_data
def remove_host(*, actor, host: HostCooperative) -> None:
    with transaction.atomic(), actor_context(actor, "host.remove"):
        program = _lock_for_edit(actor, host.program)
        HostCooperative.objects.filter(pk=host.pk, program=program).delete()
        record_action(actor=actor, action="procurement.host_removed", target=program, details={"host": host.pk})


def _duplicate_message(other: Program, mine: Program, *, file: bool) -> str:
    """The filer is an officer of `mine`'s province: another province's program is named only by its
    fund and year (rule 7), never by title, id or people."""
    if other.region_id != mine.region_id:
        message = (
            _("This invoice file conflicts with a program of another province (fund “%(fund)s”, year %(year)s).")
            if file
            else _("This invoice conflicts with a program of another province (fund “%(fund)s”, year %(year)s).")
        )
        return message % {"fund": other.fund, "year": other.year}
    message = (
        _("This invoice file is already attached to program “%(program)s” (#%(pk)s).")
        if file
        else _("This invoice is already claimed in program “%(program)s” (#%(pk)s).")
    )
    return message % {"program": other.title, "pk": other.pk}


@changes_report_data
def add_expense_line(
    *,
    actor,
    program: Program,
    item: ServiceItem,
    amount: int,
    vendor: str,
    invoice_number: str,
    invoice_date: datetime.date,
    file,
) -> ExpenseLine:
    check_amount(amount, label=_("The amount"))
    if item.program_type_id != program.program_type_id:
        raise BudgetError(_("This service item is not billable for this program type."))
    if not (vendor or "").strip() or not text_key(invoice_number):
        raise BudgetError(_("An expense line needs the vendor and the invoice number."))
    try:
        file = validated_upload(file)
    except ValidationError as exc:
        raise BudgetError(" ".join(exc.messages)) from exc
    _check_invoice_date(invoice_date, program)
    digest = file_sha256(file)
    key = invoice_key(vendor=vendor, number=invoice_number, amount=amount, date=invoice_date)
    with transaction.atomic(), actor_context(actor, "expense.add"):
        program = _lock_for_edit(actor, program)
        total = ExpenseLine.objects.filter(program=program).aggregate(t=Sum("amount"))["t"] or 0
        if total + amount > program.planned_cost:
            raise BudgetError(
                _("The expense lines would total %(total)s rials, above the program's planned cost of %(cost)s rials.")
                % {"total": format_number(total + amount), "cost": format_number(program.planned_cost)}
            )
        clash = ExpenseLine.objects.filter(invoice_key=key).select_related("program__fund", "program__year").first()
        if clash:
            raise DuplicateInvoice(_duplicate_message(clash.program, program, file=False))
        clash = ExpenseLine.objects.filter(file_sha256=digest).select_related("program__fund", "program__year").first()
        if clash:
            raise DuplicateInvoice(_duplicate_message(clash.program, program, file=True))
        try:
            with transaction.atomic():
                line = ExpenseLine.objects.create(
                    program=program,
                    item=item,
                    amount=amount,
                    vendor=vendor.strip(),
                    invoice_number=invoice_number.strip(),
                    invoice_date=invoice_date,
                    invoice_key=key,
                    file=file,
                    file_sha256=digest,
                )
        except IntegrityError as exc:
            # Another request claimed the same invoice between our check and our insert.
            raise DuplicateInvoice(_("This invoice has just been claimed in another program.")) from exc
        record_action(
            actor=actor, action="procurement.expense_added", target=program, details={"line": line.pk, "amount": amount}
        )
    return line


@changes_report_data
def remove_expense_line(*, actor, line: ExpenseLine) -> None:
    with transaction.atomic(), actor_context(actor, "expense.remove"):
        program = _lock_for_edit(actor, line.program)
        ExpenseLine.objects.filter(pk=line.pk, program=program).delete()
        record_action(
            actor=actor,
            action="procurement.expense_removed",
            target=program,
            details={"line": line.pk, "amount": line.amount},
        )


@changes_report_data
def upload_document(*, actor, program: Program, requirement: RequiredDocument, file) -> ProgramDocument:
    """Attach a checklist document; report-stage documents may still be added after approval."""
    if requirement.program_type_id != program.program_type_id:
        raise BudgetError(_("This document is not on this program type's checklist."))
    try:
        file = validated_upload(file)
    except ValidationError as exc:
        raise BudgetError(" ".join(exc.messages)) from exc
    digest = file_sha256(file)
    with transaction.atomic(), actor_context(actor, "document.upload"):
        _check_filer(actor, program.region_id)
        program = Program.objects.select_for_update().get(pk=program.pk)
        after_approval = program.state in (Program.State.APPROVED, Program.State.EXECUTED)
        if not (after_approval and requirement.stage == RequiredDocument.Stage.REPORT):
            program = _lock_for_edit(actor, program)
        if ProgramDocument.objects.filter(program=program, file_sha256=digest).exists():
            raise BudgetError(_("This file is already attached to this program."))
        document = ProgramDocument.objects.create(
            program=program, requirement=requirement, file=file, file_sha256=digest, uploaded_by=actor
        )
        record_action(
            actor=actor,
            action="procurement.document_uploaded",
            target=program,
            details={"requirement": requirement.code},
        )
    return document


@changes_report_data
def remove_document(*, actor, document: ProgramDocument) -> None:
    with transaction.atomic(), actor_context(actor, "document.remove"):
        program = _lock_for_edit(actor, document.program)
        ProgramDocument.objects.filter(pk=document.pk, program=program).delete()
        record_action(
            actor=actor, action="procurement.document_removed", target=program, details={"document": document.pk}
        )


def create_contractor(*, actor, region, name: str, registration_number: str) -> Contractor:
    _check_filer(actor, region.pk)
    key = text_key(registration_number)
    if not (name or "").strip() or not key:
        raise BudgetError(_("A contractor needs a name and a registration number."))
    with transaction.atomic():
        if Contractor.objects.filter(region=region, registration_key=key).exists():
            raise BudgetError(_("A contractor with this registration number is already on file."))
        contractor = Contractor.objects.create(
            region=region, name=name.strip(), registration_number=registration_number.strip(), registration_key=key
        )
        record_action(actor=actor, action="procurement.contractor_created", target=contractor)
    return contractor


def add_contractor_document(*, actor, contractor: Contractor, title: str, file) -> ContractorDocument:
    _check_filer(actor, contractor.region_id)
    if not (title or "").strip():
        raise BudgetError(_("Name the document."))
    try:
        file = validated_upload(file)
    except ValidationError as exc:
        raise BudgetError(" ".join(exc.messages)) from exc
    with transaction.atomic():
        document = ContractorDocument.objects.create(contractor=contractor, title=title.strip(), file=file)
        record_action(
            actor=actor, action="procurement.contractor_document_added", target=contractor, details={"title": title}
        )
    return document
