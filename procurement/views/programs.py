import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coopportal.uploads import attachment_response
from coopportal.users.models import CommitteeSeat
from coopportal.users.roles import seat_of

from .. import selectors, services
from ..access import (
    can_file_in,
    get_contractor_for_user,
    get_program_for_user,
    is_national,
    is_officer,
    is_seat,
    programs_for_user,
    visible_regions,
)
from ..exceptions import BudgetError, StepUpRefused
from ..exports import XLSX_TYPE
from ..forms import (
    ContractorDocumentForm,
    ContractorForm,
    DocumentForm,
    ExecutionForm,
    ExpenseLineForm,
    HostForm,
    ParticipantForm,
    ParticipantImportForm,
    ProgramForm,
    ReasonForm,
    ReviewForm,
    SignForm,
)
from ..models import (
    ContractorDocument,
    ExpenseLine,
    HostCooperative,
    Participant,
    Program,
    ProgramDocument,
    ProgramType,
)
from ..models.programs import EDITABLE_FIELDS, EDITABLE_STATES
from ..participant_import import ImportRefused, read_participants, template_bytes
from ..services.workflow import sign_off_refusal
from .common import budget_roles, form_errors_to_messages


@budget_roles
def index(request):
    user = request.user
    context = {
        "programs": selectors.program_list(programs_for_user(user))[:20],
        "awaiting": selectors.awaiting_signature(user) if is_seat(user) else [],
        "queues": selectors.hq_queues() if is_national(user) else None,
        "is_national": is_national(user),
        "is_officer": is_officer(user),
        "provinces": [] if is_national(user) else list(visible_regions(user)),
    }
    return render(request, "procurement/index.html", context)


PROGRAMS_PER_PAGE = 50


def _field_of(exc: BudgetError, form) -> str | None:
    """The form field a service refusal concerns, when the form has it (else the form's own errors)."""
    return exc.field if exc.field in form.fields else None


@budget_roles
def program_list(request):
    state = request.GET.get("state") or None  # an unknown state is ignored below
    if state not in (None, *Program.State.values):
        state = None
    page = Paginator(selectors.program_list(programs_for_user(request.user), state=state), PROGRAMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "procurement/program_list.html",
        {
            "page": page,
            "programs": page.object_list,
            "states": Program.State.choices,
            "state": state,
            "query": f"state={state}" if state else "",
        },
    )


@budget_roles
def program_create(request):
    user = request.user
    if not is_officer(user):
        raise PermissionDenied
    form = ProgramForm(request.POST or None, region=user.region)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.create_program(actor=user, region=user.region, **form.cleaned_data)
        except BudgetError as exc:
            form.add_error(_field_of(exc, form), str(exc))
        else:
            messages.success(request, _("The program is saved as a draft. Add its people, costs and documents."))
            return redirect("procurement:program", pk=program.pk)
    type_codes = json.dumps({str(pk): code for pk, code in ProgramType.objects.values_list("pk", "code")})
    return render(request, "procurement/program_form.html", {"form": form, "type_codes": type_codes})


@budget_roles
def program_edit(request, pk):
    program = get_program_for_user(request.user, pk, write=True)
    initial = {name: getattr(program, name) for name in EDITABLE_FIELDS}
    form = ProgramForm(
        request.POST or None,
        initial=initial,
        region=program.region,
        editing=True,
        program_type_code=program.program_type.code,
    )
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k in initial and v != initial[k]}
        try:
            if changes:
                services.update_program(actor=request.user, program=program, **changes)
        except BudgetError as exc:
            form.add_error(_field_of(exc, form), str(exc))
        else:
            messages.success(request, _("Changes saved.") if changes else _("Nothing changed."))
            return redirect("procurement:program", pk=program.pk)
    return render(request, "procurement/program_form.html", {"form": form, "program": program})


@budget_roles
def program_detail(request, pk):
    program = get_program_for_user(request.user, pk)
    return _render_detail(request, program)


def _render_detail(request, program, *, status: int = 200, **forms):
    """The program page; `forms` carries a bound form back with its errors next to its fields."""
    user = request.user
    page = selectors.program_page(program, reader=user)
    can_edit = can_file_in(user, program.region_id)
    seat = seat_of(user, program.region_id) if is_seat(user) else None
    context = {
        "page": page,
        "program": program,
        "can_edit": can_edit and program.state in EDITABLE_STATES,
        "can_file": can_edit,
        "is_national": is_national(user),
        "seat": seat,
        "seat_label": CommitteeSeat.Kind(seat).label if seat else "",
        "can_sign": sign_off_refusal(user=user, program=program, seat=seat, live_signatures=page.live_signatures)
        is None,
        "participant_form": ParticipantForm(),
        "import_form": ParticipantImportForm(),
        "host_form": HostForm(),
        "line_form": ExpenseLineForm(program_type=program.program_type),
        "document_form": DocumentForm(program_type=program.program_type),
        # HQ's reason forms, each with ids of its own (grant and refuse share the page).
        "grant_form": ReasonForm(auto_id="grant-%s"),
        "refuse_form": ReasonForm(auto_id="refuse-%s"),
        "reopen_form": ReasonForm(auto_id="reopen-%s"),
        "review_form": ReviewForm(),
        "sign_form": SignForm(),
        "execution_form": ExecutionForm(),
        "contractors": selectors.contractors_of(program.region_id) if can_edit else [],
        **forms,
    }
    return render(request, "procurement/program_detail.html", context, status=status)


def _run(request, program, action, success: str):
    try:
        action()
    except BudgetError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("procurement:program", pk=program.pk)


def _form_shown(program, name: str) -> bool:
    """Whether the program page shows this form in the program's state (to put its errors beside it)."""
    if name == "document_form":
        return program.state not in (Program.State.REPORTED, Program.State.REVIEWED)
    return program.state in EDITABLE_STATES


def _post_form(request, program, form, action, success, *, name: str | None = None):
    """Form → service → message and redirect. With `name` (the form's name on the program page), a
    refusal shows the page again with the form's errors next to its fields; without, as messages."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except BudgetError as exc:
            if name is None or not _form_shown(program, name):
                messages.error(request, str(exc))
                return redirect("procurement:program", pk=program.pk)
            form.add_error(_field_of(exc, form), str(exc))
        else:
            messages.success(request, success)
            return redirect("procurement:program", pk=program.pk)
    if name is None:
        form_errors_to_messages(request, form)
        return redirect("procurement:program", pk=program.pk)
    messages.error(request, _("Not saved: see the errors next to the fields."))
    return _render_detail(request, program, status=200, **{name: form})


@require_POST
@budget_roles
def participant_add(request, pk):
    program = get_program_for_user(request.user, pk, write=True)
    form = ParticipantForm(request.POST, request.FILES)
    return _post_form(
        request,
        program,
        form,
        lambda d: services.add_participant(actor=request.user, program=program, **d),
        _("Participant added."),
        name="participant_form",
    )


@require_POST
@budget_roles
def participant_import(request, pk):
    program = get_program_for_user(request.user, pk, write=True)
    form = ParticipantImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            entries = read_participants(form.cleaned_data["file"])
            created = services.import_participants(actor=request.user, program=program, entries=entries)
        except ImportRefused as exc:
            for row, message in exc.errors:
                form.add_error(
                    None, _("Row %(row)s: %(message)s") % {"row": row, "message": message} if row else message
                )
        except BudgetError as exc:
            messages.error(request, str(exc))
            return redirect("procurement:program", pk=program.pk)
        else:
            messages.success(
                request,
                ngettext("%(count)s participant imported.", "%(count)s participants imported.", len(created))
                % {"count": len(created)},
            )
            return redirect("procurement:program", pk=program.pk)
    messages.error(request, _("Nothing was imported: see the errors next to the import form."))
    return _render_detail(request, program, import_form=form)


@budget_roles
def participant_template(request, pk):
    program = get_program_for_user(request.user, pk, write=True)
    response = HttpResponse(template_bytes(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="participants-{program.pk}.xlsx"'
    return response


@require_POST
@budget_roles
def participant_remove(request, pk):
    participant = get_object_or_404(Participant, pk=pk)
    program = get_program_for_user(request.user, participant.program_id, write=True)
    return _run(
        request,
        program,
        lambda: services.remove_participant(actor=request.user, participant=participant),
        _("Participant removed."),
    )


@require_POST
@budget_roles
def host_add(request, pk):
    program = get_program_for_user(request.user, pk, write=True)
    form = HostForm(request.POST)
    return _post_form(
        request,
        program,
        form,
        lambda d: services.add_host(actor=request.user, program=program, **d),
        _("Host cooperative added."),
        name="host_form",
    )


@require_POST
@budget_roles
def host_remove(request, pk):
    host = get_object_or_404(HostCooperative, pk=pk)
    program = get_program_for_user(request.user, host.program_id, write=True)
    return _run(
        request, program, lambda: services.remove_host(actor=request.user, host=host), _("Host cooperative removed.")
    )


@require_POST
@budget_roles
def line_add(request, pk):
    program = get_program_for_user(request.user, pk, write=True)
    form = ExpenseLineForm(request.POST, request.FILES, program_type=program.program_type)
    return _post_form(
        request,
        program,
        form,
        lambda d: services.add_expense_line(actor=request.user, program=program, **d),
        _("Expense line added."),
        name="line_form",
    )


@require_POST
@budget_roles
def line_remove(request, pk):
    line = get_object_or_404(ExpenseLine, pk=pk)
    program = get_program_for_user(request.user, line.program_id, write=True)
    return _run(
        request,
        program,
        lambda: services.remove_expense_line(actor=request.user, line=line),
        _("Expense line removed."),
    )


@require_POST
@budget_roles
def document_add(request, pk):
    program = get_program_for_user(request.user, pk, write=True)
    form = DocumentForm(request.POST, request.FILES, program_type=program.program_type)
    return _post_form(
        request,
        program,
        form,
        lambda d: services.upload_document(actor=request.user, program=program, **d),
        _("Document uploaded."),
        name="document_form",
    )


@require_POST
@budget_roles
def document_remove(request, pk):
    document = get_object_or_404(ProgramDocument, pk=pk)
    program = get_program_for_user(request.user, document.program_id, write=True)
    return _run(
        request,
        program,
        lambda: services.remove_document(actor=request.user, document=document),
        _("Document removed."),
    )


@require_POST
@budget_roles
def program_submit(request, pk):
    program = get_program_for_user(request.user, pk, write=True)
    return _run(
        request,
        program,
        lambda: services.submit_program(actor=request.user, program=program),
        _("The program is submitted."),
    )


@require_POST
@budget_roles
def program_permission(request, pk, decision):
    if not is_national(request.user):
        raise PermissionDenied
    program = get_program_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    action = services.grant_hq_permission if decision == "grant" else services.refuse_hq_permission
    message = (
        _("Permission granted.") if decision == "grant" else _("Permission refused; the program is back in draft.")
    )
    return _post_form(
        request, program, form, lambda d: action(actor=request.user, program=program, reason=d["reason"]), message
    )


@require_POST
@budget_roles
def program_sign(request, pk):
    """A wrong or spent code is an error beside the code field; any other refusal a message."""
    program = get_program_for_user(request.user, pk)
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            services.sign_program(actor=request.user, program=program, code=form.cleaned_data["code"])
        except StepUpRefused as exc:
            form.add_error("code", str(exc))
        except BudgetError as exc:
            messages.error(request, str(exc))
            return redirect("procurement:program", pk=program.pk)
        else:
            messages.success(request, _("Signed."))
            return redirect("procurement:program", pk=program.pk)
    messages.error(request, _("Not saved: see the errors next to the fields."))
    return _render_detail(request, program, sign_form=form)


@require_POST
@budget_roles
def program_reopen(request, pk):
    """HQ reopens an approved program for amendment (signatures voided first, back to draft)."""
    if not is_national(request.user):
        raise PermissionDenied
    program = get_program_for_user(request.user, pk)
    return _post_form(
        request,
        program,
        ReasonForm(request.POST),
        lambda d: services.reopen_for_amendment(actor=request.user, program=program, reason=d["reason"]),
        _("The program is back in draft for amendment; its signatures are void."),
    )


@require_POST
@budget_roles
def program_execute(request, pk):
    program = get_program_for_user(request.user, pk, write=True)
    form = ExecutionForm(request.POST)
    return _post_form(
        request,
        program,
        form,
        lambda d: services.record_execution(actor=request.user, program=program, actual_cost=d["actual_cost"]),
        _("Execution recorded. Upload the report documents, then send the report."),
    )


@require_POST
@budget_roles
def program_report(request, pk):
    program = get_program_for_user(request.user, pk, write=True)
    return _run(
        request,
        program,
        lambda: services.submit_report(actor=request.user, program=program),
        _("The report is sent to HQ."),
    )


@require_POST
@budget_roles
def program_review(request, pk):
    if not is_national(request.user):
        raise PermissionDenied
    program = get_program_for_user(request.user, pk)
    return _post_form(
        request,
        program,
        ReviewForm(request.POST),
        lambda d: services.review_program(actor=request.user, program=program, note=d["reason"]),
        _("Reviewed."),
    )


FILE_KINDS = {
    "line": (ExpenseLine, "file", "program_id", "invoice"),
    "document": (ProgramDocument, "file", "program_id", "document"),
    "signature": (Participant, "signature", "program_id", "signature"),
}


@budget_roles
def download(request, kind, pk):
    """Every program file is served here, after the program's scope check."""
    if kind == "contractor":
        document = get_object_or_404(ContractorDocument, pk=pk)
        get_contractor_for_user(request.user, document.contractor_id)
        field, name = document.file, "qualification"
    elif kind in FILE_KINDS:
        model, attr, link, name = FILE_KINDS[kind]
        row = get_object_or_404(model, pk=pk)
        get_program_for_user(request.user, getattr(row, link))
        field = getattr(row, attr)
    else:
        raise Http404
    if not field:
        raise Http404
    suffix = field.name.rsplit(".", 1)[-1]
    return attachment_response(field, f"{name}-{pk}.{suffix}")


@budget_roles
def contractors(request):
    user = request.user
    if not is_officer(user):
        raise PermissionDenied
    form = ContractorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contractor = services.create_contractor(actor=user, region=user.region, **form.cleaned_data)
        except BudgetError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Contractor saved. Add its qualification documents."))
            return redirect("procurement:contractor", pk=contractor.pk)
    return render(
        request, "procurement/contractors.html", {"form": form, "contractors": selectors.contractors_of(user.region_id)}
    )


@budget_roles
def contractor_detail(request, pk):
    contractor = get_contractor_for_user(request.user, pk)
    can_edit = can_file_in(request.user, contractor.region_id)
    form = ContractorDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_contractor_document(actor=request.user, contractor=contractor, **form.cleaned_data)
            except BudgetError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Document added."))
                return redirect(reverse("procurement:contractor", args=[contractor.pk]))
    return render(
        request,
        "procurement/contractor_detail.html",
        {"contractor": contractor, "documents": list(contractor.documents.all()), "form": form, "can_edit": can_edit},
    )
