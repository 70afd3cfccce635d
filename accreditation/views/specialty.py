from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import access, selectors
from ..exceptions import AccreditationError
from ..forms import ScoreForm, SpecialtyApplicationForm
from ..models import AttemptTask
from ..services.specialty import apply_for_specialty_exam, score_task


@require_http_methods(["GET", "POST"])
def overview(request):
    """The candidate's side: apply for a specialty exam and follow the attempts."""
    form = SpecialtyApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            attempt = apply_for_specialty_exam(candidate=request.user, specialty=form.cleaned_data["specialty"])
        except AccreditationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your attempt is open: three situational tasks were drawn for you."))
            return redirect("accreditation:specialty_attempt", pk=attempt.pk)
    return render(
        request,
        "accreditation/specialty_overview.html",
        {"form": form, "attempts": selectors.attempts_of(request.user), "specialties": selectors.specialties()},
    )


@require_GET
def examiner_queue(request):
    if not access.is_examiner(request.user):
        raise PermissionDenied
    return render(request, "accreditation/specialty_queue.html", {"attempts": selectors.open_attempts_for_examiner()})


@require_GET
def attempt_detail(request, pk):
    attempt = access.get_attempt_for_user(request.user, pk)
    can_score = access.is_examiner(request.user) and attempt.candidate_id != request.user.pk
    tasks = selectors.attempt_tasks(attempt)
    return render(
        request,
        "accreditation/specialty_attempt.html",
        {
            "attempt": attempt,
            "tasks": [(item, ScoreForm(prefix=f"t{item.pk}") if can_score else None) for item in tasks],
            "can_score": can_score,
        },
    )


@require_POST
def score(request, pk):
    item = get_object_or_404(AttemptTask.objects.select_related("attempt"), pk=pk)
    attempt = access.get_attempt_for_user(request.user, item.attempt_id, write=True)
    form = ScoreForm(request.POST, prefix=f"t{item.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose pass or fail and write a comment."))
    else:
        try:
            attempt = score_task(
                attempt_task=item,
                examiner=request.user,
                result=form.cleaned_data["result"],
                comment=form.cleaned_data["comment"],
            )
        except AccreditationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The verdict is recorded."))
    return redirect("accreditation:specialty_attempt", pk=attempt.pk)
