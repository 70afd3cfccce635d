from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coopportal.uploads import attachment_response
from coopportal.users.roles import Role, has_role

from .. import access, selectors
from ..exceptions import AccreditationError
from ..forms import AnswerForm, ScoreForm, SpecialtyApplicationForm
from ..models import AttemptTask, SpecialtyAttempt
from ..services.specialty import answer_task, answers_closed, apply_for_specialty_exam, score_task, start_attempt


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
    if not (has_role(request.user, Role.EXAM_COMMITTEE) or access.is_admin(request.user)):
        raise PermissionDenied
    return render(
        request, "accreditation/specialty_queue.html", {"attempts": selectors.open_attempts_for_examiner(request.user)}
    )


def _attempt_page(request, attempt: SpecialtyAttempt, *, bound: dict | None = None, status: int = 200):
    """The candidate answers each task within the time window; the attempt's examiners read the answers and
    score each task once. Verdicts and comments show to the candidate once all three tasks are decided."""
    bound = bound or {}
    is_candidate = attempt.candidate_id == request.user.pk
    decided = attempt.state != SpecialtyAttempt.State.IN_PROGRESS
    started = attempt.started_at is not None
    closed = answers_closed(attempt, now=timezone.now())
    rows = []
    for item in selectors.attempt_tasks(attempt):
        scores = list(item.scores.all())
        mine = next((score for score in scores if score.examiner_id == request.user.pk), None)
        may_answer = is_candidate and started and not closed and not decided and item.answered_at is None
        may_score = (
            attempt.viewer_examines and not decided and mine is None and (item.answered_at is not None or closed)
        )
        rows.append(
            {
                "item": item,
                "scores": scores if decided else [],
                "mine": mine,
                "score_count": len(scores),
                "answer_form": bound.get(("answer", item.pk))
                or (AnswerForm(prefix=f"a{item.pk}") if may_answer else None),
                "score_form": bound.get(("score", item.pk)) or (ScoreForm(prefix=f"t{item.pk}") if may_score else None),
            }
        )
    return render(
        request,
        "accreditation/specialty_attempt.html",
        {
            "attempt": attempt,
            "rows": rows,
            "is_candidate": is_candidate,
            "show_tasks": started or not is_candidate,
            "decided": decided,
            "started": started,
            "closed": closed,
        },
        status=status,
    )


@require_GET
def attempt_detail(request, pk):
    return _attempt_page(request, access.get_attempt_for_user(request.user, pk))


@require_POST
def start(request, pk):
    attempt = access.get_attempt_for_user(request.user, pk)
    try:
        start_attempt(attempt=attempt, candidate=request.user)
    except AccreditationError as exc:
        messages.error(request, str(exc))
    return redirect("accreditation:specialty_attempt", pk=attempt.pk)


def _task_in_scope(request, pk, *, write: bool = False) -> tuple[AttemptTask, SpecialtyAttempt]:
    item = get_object_or_404(AttemptTask, pk=pk)
    return item, access.get_attempt_for_user(request.user, item.attempt_id, write=write)


@require_POST
def answer(request, pk):
    item, attempt = _task_in_scope(request, pk)
    if attempt.candidate_id != request.user.pk:
        raise PermissionDenied
    form = AnswerForm(request.POST, request.FILES, prefix=f"a{item.pk}")
    if form.is_valid():
        try:
            answer_task(
                attempt_task=item,
                candidate=request.user,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["file"],
            )
        except AccreditationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your answer is saved."))
            return redirect("accreditation:specialty_attempt", pk=attempt.pk)
    return _attempt_page(request, attempt, bound={("answer", item.pk): form}, status=400)


@require_POST
def score(request, pk):
    item, attempt = _task_in_scope(request, pk, write=True)
    form = ScoreForm(request.POST, prefix=f"t{item.pk}")
    if form.is_valid():
        try:
            score_task(
                attempt_task=item,
                examiner=request.user,
                result=form.cleaned_data["result"],
                comment=form.cleaned_data["comment"],
            )
        except AccreditationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The verdict is recorded."))
            return redirect("accreditation:specialty_attempt", pk=attempt.pk)
    return _attempt_page(request, attempt, bound={("score", item.pk): form}, status=400)


@require_GET
def answer_file(request, pk):
    item, _attempt = _task_in_scope(request, pk)
    if not item.answer_file:
        raise Http404
    suffix = PurePath(item.answer_file.name).suffix
    return attachment_response(item.answer_file, f"specialty-answer-{item.attempt_id}-{item.position}{suffix}")
