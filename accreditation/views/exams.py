from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopportal.identity import query_id
from coopportal.uploads import attachment_response
from coopportal.users.access import role_required
from coopportal.users.roles import Role
from courses import selectors as course_selectors
from courses.models import Cohort, Enrolment

from .. import access, selectors
from ..exceptions import AccreditationError
from ..forms import CandidatesForm, DecisionForm, SessionForm
from ..services import exams as exam_services


@role_required(Role.EXAM_COMMITTEE)
@require_GET
def session_list(request):
    # Queries: sessions with cohort, course and candidate count (1).
    sessions = list(access.sessions_for_user(request.user)[:200])
    return render(request, "accreditation/session_list.html", {"sessions": sessions})


@role_required(Role.EXAM_COMMITTEE)
@require_http_methods(["GET", "POST"])
def session_create(request):
    cohorts = Cohort.objects.select_related("course").order_by("-start_date", "name")
    cohort_id = request.POST.get("cohort") or request.GET.get("cohort") or ""
    cohort = cohorts.filter(pk=cohort_pk).first() if (cohort_pk := query_id(cohort_id)) else None
    enrolments = selectors.new_session_candidates(cohort=cohort) if cohort else Enrolment.objects.none()
    data = request.POST if request.method == "POST" else None
    initial = {"cohort": cohort, "chair": request.user}
    form = SessionForm(data, cohorts=cohorts, initial=initial)
    candidates_form = CandidatesForm(data, enrolments=enrolments)
    if request.method == "POST" and form.is_valid() and candidates_form.is_valid():
        d = form.cleaned_data
        try:
            session = exam_services.create_session(
                cohort=d["cohort"],
                starts_at=d["starts_at"],
                broadcast_url=d["broadcast_url"],
                committee=list(d["committee"]),
                chair=d["chair"],
                candidates=list(candidates_form.cleaned_data["candidates"]),
                created_by=request.user,
                max_attempts=d["max_attempts"],
            )
        except AccreditationError as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, _("The exam session was created."))
            return redirect("accreditation:session_detail", pk=session.pk)
    return render(
        request,
        "accreditation/session_form.html",
        {"form": form, "candidates_form": candidates_form, "cohort": cohort, "cohorts": cohorts},
    )


@require_GET
def session_detail(request, pk):
    # Queries: session (1), members (1), candidates with protocols and certificates (1), signatures (1),
    # progress (2), chair check (1), plus the session/user and roles of the request.
    session = access.get_session_for_user(request.user, pk)
    return render(
        request,
        "accreditation/session_detail.html",
        {
            "session": session,
            "members": selectors.session_members(session),
            "candidates": selectors.session_candidates(session),
            "progress": selectors.issuance_progress(session),
            "can_issue": access.is_admin(request.user) or selectors.is_chair(request.user, session),
        },
    )


@require_POST
def issue_certificates(request, pk):
    session = access.get_session_for_user(request.user, pk)
    if not (access.is_admin(request.user) or selectors.is_chair(request.user, session)):
        messages.error(request, _("Only the chair or an administrator issues the session's certificates."))
        return redirect("accreditation:session_detail", pk=pk)
    count = exam_services.issue_session_certificates(session=session, issued_by=request.user)
    if count:
        messages.success(request, _("%(n)s certificate(s) issued; their PDFs are being made.") % {"n": count})
    else:
        messages.info(request, _("Every accredited candidate with a final protocol already has a certificate."))
    return redirect("accreditation:session_detail", pk=pk)


@require_GET
def issuance_progress(request, pk):
    """htmx fragment polled by the session page while certificates are being rendered."""
    session = access.get_session_for_user(request.user, pk)
    return render(
        request,
        "accreditation/_issuance_progress.html",
        {"session": session, "progress": selectors.issuance_progress(session)},
    )


@require_http_methods(["GET", "POST"])
def candidate_detail(request, pk):
    """KPI figures, deadline record, the decision form and the protocol with its signatures."""
    candidate = access.get_candidate_for_user(request.user, pk)
    protocol = getattr(candidate, "protocol", None)
    last_attempt = candidate.attempt >= candidate.session.max_attempts
    form = DecisionForm(request.POST or None, initial=_initial(protocol), last_attempt=last_attempt)
    if request.method == "POST" and form.is_valid():
        try:
            exam_services.record_decision(
                candidate=candidate,
                outcome=form.cleaned_data["outcome"],
                errors=form.cleaned_data["errors"],
                reasons=form.cleaned_data["reasons"],
                recorded_by=request.user,
            )
        except AccreditationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The decision is recorded. The committee can now sign the protocol."))
            return redirect("accreditation:candidate_detail", pk=pk)
    enrolment = candidate.enrolment
    report = course_selectors.level_report(enrolment=enrolment, level_code="exam")
    deadlines = course_selectors.deadline_record(enrolment=enrolment)
    signatures = list(protocol.signatures.select_related("member")) if protocol else []
    return render(
        request,
        "accreditation/candidate_detail.html",
        {
            "candidate": candidate,
            "session": candidate.session,
            "protocol": protocol,
            "signatures": signatures,
            "has_signed": any(s.member_id == request.user.pk for s in signatures),
            "last_attempt": last_attempt,
            "report": report,
            "deadlines": deadlines,
            "form": form,
            "is_member": selectors.is_member(request.user, candidate.session_id),
            "accreditation_blockers": exam_services.blockers_of(report=report, deadlines=deadlines),
        },
    )


def _initial(protocol):
    if protocol is None:
        return {}
    return {
        "outcome": protocol.outcome,
        "errors": "\n".join(protocol.errors),
        "reasons": "\n".join(protocol.localized_reasons),
    }


@require_POST
def sign(request, pk):
    protocol = selectors.get_protocol_for_member(request.user, pk)
    try:
        protocol = exam_services.sign_protocol(protocol=protocol, member=request.user)
    except AccreditationError as exc:
        messages.error(request, str(exc))
    else:
        if protocol.is_final:
            messages.success(
                request,
                _("Signed. The protocol %(number)s is final; its PDF is being made and emailed.")
                % {"number": protocol.number},
            )
        else:
            messages.success(request, _("Signed."))
    return redirect("accreditation:candidate_detail", pk=protocol.candidate_id)


@require_GET
def protocol_pdf(request, pk):
    """The protocol's PDF, for the committee of its session and admins, once it is final and made."""
    protocol = selectors.get_protocol_for_member(request.user, pk)
    document = selectors.protocol_document(protocol) if protocol.is_final else None
    if document is None or not document.is_ready:
        messages.warning(request, _("The protocol's PDF is not ready yet."))
        return redirect("accreditation:session_detail", pk=protocol.candidate.session_id)
    return attachment_response(document.file, f"{protocol.number}.pdf")
