"""Presentations at levels 3–7 and invitee lists. Thin: fetch in scope → form → service → message → redirect."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopportal.uploads import attachment_response
from coopportal.users.access import role_required
from coopportal.users.roles import Role, has_role

from . import selectors, services
from .access import get_presentation_for_user, presentations_visible_to, sees_leads
from .exceptions import CourseError, InvitationImportError
from .forms import (
    ConfirmCountForm,
    EvidenceCountForm,
    InviteeForm,
    InviteeImportForm,
    InviteeStatusForm,
    PresentationForm,
    ResultForm,
)
from .models import Invitee, Level, LevelCode, PresentationClassmate
from .public_views import subscribe_url
from .services.invitations import invitable_levels
from .services.presentations import CLASSMATE_ROLE_BY_LEVEL, may_confirm_attendance, may_confirm_likes


def classmates_label(level_code: str) -> str | None:
    role = CLASSMATE_ROLE_BY_LEVEL.get(level_code)
    if role == PresentationClassmate.Role.SUPPORT:
        return _("Classmates in your support group (each confirms on their dashboard)")
    if role == PresentationClassmate.Role.OBSERVER:
        return _("Classmates who attend as observers only (each confirms on their dashboard)")
    return None


def presentation_form(enrolment, level, data=None) -> PresentationForm:
    label = classmates_label(level.code)
    classmates = selectors.classmates(enrolment=enrolment) if label else None
    return PresentationForm(data, classmates=classmates, classmates_label=label)


def record(request, enrolment, level):
    """POST of the level page's presentation form; returns a redirect, or the bound form with its errors."""
    form = presentation_form(enrolment, level, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            presentation = services.record_presentation(
                enrolment=enrolment,
                presenter=request.user,
                held_at=data["held_at"],
                topic=data["topic"],
                place=data["place"],
                broadcast_url=data["broadcast_url"],
                notes=data["notes"],
                classmate_ids=[u.pk for u in data.get("classmates") or ()],
                hours_open_after=data["hours_open_after"],
            )
        except CourseError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Presentation recorded. Show the QR code so that attendees can subscribe."))
            return redirect("courses:presentation", pk=presentation.pk)
    return form


def _forms(presentation, user, data=None, files=None, bound=None):
    is_presenter = presentation.presenter_id == user.pk
    forms = {}
    if is_presenter:
        forms["attendance"] = EvidenceCountForm(
            data if bound == "attendance" else None,
            files if bound == "attendance" else None,
            prefix="attendance",
            count_label=_("How many people were present?"),
            evidence_label=_("Photo of the room or the sign-in sheet"),
        )
        if presentation.level.code == LevelCode.EXAM:
            forms["likes"] = EvidenceCountForm(
                data if bound == "likes" else None,
                files if bound == "likes" else None,
                prefix="likes",
                count_label=_("Likes on the broadcast"),
                evidence_label=_("Screenshot showing the likes"),
                with_url=True,
            )
        forms["result"] = ResultForm(data if bound == "result" else None, prefix="result")
    if may_confirm_attendance(user, presentation) and not is_presenter:
        forms["confirm_attendance"] = ConfirmCountForm(
            data if bound == "confirm_attendance" else None,
            prefix="confirm_attendance",
            initial={"count": presentation.attendance_reported},
        )
    if may_confirm_likes(user, presentation) and not is_presenter:
        forms["confirm_likes"] = ConfirmCountForm(
            data if bound == "confirm_likes" else None,
            prefix="confirm_likes",
            initial={"count": presentation.likes_reported},
        )
    return forms


def detail(request, presentation, *, bound=None, forms=None, status=200):
    """A presentation at levels 3–7: figures, subscribe link and QR code, evidence, results, confirmations."""
    full = selectors.presentation_with_records(presentation_id=presentation.pk)
    leads = sees_leads(request.user, full)
    context = {
        "presentation": full,
        "is_presenter": full.presenter_id == request.user.pk,
        "sees_leads": leads,
        "live": selectors.live_count(presentation_id=full.pk),
        "subscribe_url": subscribe_url(request, full),
        "subscriptions": selectors.presentation_subscriptions(presentation=full) if leads else (),
        "forms": forms or _forms(full, request.user),
        "named": [n for n in full.classmates_named.all() if n.classmate_id == request.user.pk],
        "student_pages": has_role(request.user, Role.STUDENT),  # teachers and the committee have their own
    }
    return render(request, "courses/presentations/detail.html", context, status=status)


_ACTIONS = {
    "attendance": "report_attendance",
    "likes": "report_likes",
    "result": "record_result",
    "confirm_attendance": "confirm_attendance",
    "confirm_likes": "confirm_likes",
}


@require_POST
def act(request, pk, action):
    """One of the presentation page's forms: the presenter's reports and results, the confirmations."""
    if action not in _ACTIONS:
        raise Http404
    presenter_only = action in ("attendance", "likes", "result")
    presentation = get_presentation_for_user(request.user, pk, write=presenter_only)
    forms = _forms(presentation, request.user, request.POST, request.FILES, bound=action)
    form = forms.get(action)
    if form is None:
        raise PermissionDenied
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action in ("attendance", "likes"):
                if action == "attendance":
                    services.report_attendance(
                        presentation=presentation,
                        presenter=request.user,
                        attendance=data["count"],
                        evidence=data["evidence"],
                    )
                else:
                    services.report_likes(
                        presentation=presentation,
                        presenter=request.user,
                        likes=data["count"],
                        url=data["url"],
                        screenshot=data["evidence"],
                    )
                messages.success(request, _("Reported; it counts once it is confirmed."))
            elif action == "result":
                services.record_result(presentation=presentation, presenter=request.user, **data)
                messages.success(request, _("Result recorded."))
            elif action == "confirm_attendance":
                services.confirm_attendance(presentation=presentation, actor=request.user, attendance=data["count"])
                messages.success(request, _("Attendance confirmed."))
            else:
                services.confirm_likes(presentation=presentation, actor=request.user, likes=data["count"])
                messages.success(request, _("Likes confirmed."))
        except CourseError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("courses:presentation", pk=presentation.pk)
    return detail(request, presentation, forms=forms, status=400)


def live(request, pk):
    """The live counter fragment the presenter's page polls every few seconds."""
    presentation = get_presentation_for_user(request.user, pk)
    return render(
        request,
        "courses/presentations/_live.html",
        {"presentation": presentation, "live": selectors.live_count(presentation_id=presentation.pk)},
    )


def projector(request, pk):
    """Full screen for the projector: the QR code, the short link and the live count."""
    presentation = get_presentation_for_user(request.user, pk)
    if presentation.subscribe_token is None:
        raise Http404
    return render(
        request,
        "courses/presentations/projector.html",
        {
            "presentation": presentation,
            "subscribe_url": subscribe_url(request, presentation),
            "live": selectors.live_count(presentation_id=presentation.pk),
        },
    )


def evidence(request, pk, kind):
    """Attendance evidence or the likes screenshot, to the presenter, teachers, the committee and admins."""
    presentation = get_presentation_for_user(request.user, pk)
    if not sees_leads(request.user, presentation):
        raise PermissionDenied
    field = {"attendance": presentation.attendance_evidence, "likes": presentation.likes_evidence}.get(kind)
    if not field:
        raise Http404
    suffix = field.name.rsplit(".", 1)[-1]
    return attachment_response(field, f"presentation-{presentation.pk}-{kind}.{suffix}")


@require_POST
def respond(request, pk):
    """A named classmate confirms or declines their part in a classmate's presentation."""
    named = get_object_or_404(PresentationClassmate.objects.select_related("presentation"), pk=pk)
    try:
        services.respond_as_classmate(named=named, user=request.user, confirm=request.POST.get("answer") == "confirm")
    except CourseError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you; your answer is recorded."))
    return redirect("courses:dashboard")


@role_required(Role.STUDENT)
def invitations(request):
    """The invitee lists for the current level's presentation and the next one, with CSV import."""
    enrolment = selectors.active_enrolment(student=request.user)
    if enrolment is None:
        messages.info(request, _("Join a cohort first; a teacher accepts your request."))
        return redirect("courses:cohorts")
    levels = invitable_levels(enrolment=enrolment)
    level_qs = Level.objects.filter(pk__in=[level.pk for level in levels])
    add_form = InviteeForm(levels=level_qs, prefix="add")
    import_form = InviteeImportForm(levels=level_qs, prefix="import")
    row_errors, status = [], 200
    if request.method == "POST":
        status = 400
        if "add-name" in request.POST:
            add_form = InviteeForm(request.POST, levels=level_qs, prefix="add")
            if add_form.is_valid():
                try:
                    services.add_invitee(enrolment=enrolment, student=request.user, **add_form.cleaned_data)
                except CourseError as exc:
                    add_form.add_error(None, exc.message)
                else:
                    messages.success(request, _("Added to the list."))
                    return redirect("courses:invitations")
        else:
            import_form = InviteeImportForm(request.POST, request.FILES, levels=level_qs, prefix="import")
            if import_form.is_valid():
                try:
                    count = services.import_invitees(
                        enrolment=enrolment,
                        student=request.user,
                        for_level=import_form.cleaned_data["for_level"],
                        csv_file=import_form.cleaned_data["file"],
                    )
                except InvitationImportError as exc:
                    import_form.add_error(None, exc.message)
                    row_errors = exc.row_errors
                except CourseError as exc:
                    import_form.add_error(None, exc.message)
                else:
                    messages.success(request, _("%(n)s people imported.") % {"n": count})
                    return redirect("courses:invitations")
    lists = selectors.invitees(enrolment=enrolment, levels=levels)
    return render(
        request,
        "courses/presentations/invitations.html",
        {
            "lists": [(level, lists[level.pk]) for level in levels],
            "add_form": add_form,
            "import_form": import_form,
            "row_errors": row_errors,
            "status_choices": Invitee.Status.choices,
        },
        status=status,
    )


@role_required(Role.STUDENT)
@require_POST
def invitee_status(request, pk):
    invitee = get_object_or_404(Invitee, pk=pk, enrolment__student=request.user)
    form = InviteeStatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_invitee_status(invitee=invitee, student=request.user, status=form.cleaned_data["status"])
        except CourseError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Choose a status from the list."))
    return redirect("courses:invitations")


@role_required(Role.EXAM_COMMITTEE)
def exam_presentations(request):
    """A committee member's list of their sessions' exam broadcasts: confirm attendance and likes on each
    one's page."""
    presentations = selectors.exam_presentations(visible=presentations_visible_to(request.user))
    return render(request, "courses/presentations/exam_list.html", {"presentations": presentations})
