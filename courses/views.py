"""Student pages. Thin: fetch in scope → form → service → message → redirect."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopportal.uploads import attachment_response
from coopportal.users.access import role_required
from coopportal.users.roles import Role

from . import presentation_views, selectors, services
from .access import get_presentation_for_user, get_question_for_user, get_submission_for_user
from .exceptions import CourseError, QuizIncomplete, QuizLocked
from .forms import KpiDocumentForm, PeerVoteForm, QuestionForm, ReplyForm, TrialPresentationForm
from .models import Cohort, Enrolment, KpiKind, Lesson, Level, Presentation, Quiz, QuizAttempt
from .services.presentations import AUDIENCE_BY_LEVEL

student_only = role_required(Role.STUDENT)


def _require_enrolment(request):
    enrolment = selectors.active_enrolment(student=request.user)
    if enrolment is None:
        messages.info(request, _("Join a cohort first; a teacher accepts your request."))
    return enrolment


@student_only
def dashboard(request):
    """Theory progress, the seven-level ladder with every KPI, deadlines, comments and answers."""
    return render(request, "courses/dashboard.html", selectors.student_dashboard(student=request.user))


@student_only
def theory(request):
    course = selectors.default_course()
    progress = selectors.theory_progress(student=request.user, course_id=course.pk)
    return render(request, "courses/theory.html", {"course": course, "theory": progress})


@student_only
def lesson(request, slug):
    lesson = selectors.lesson_for_reading(slug=slug, student=request.user)
    if lesson is None:
        raise Http404
    return render(request, "courses/lesson.html", {"lesson": lesson})


@student_only
@require_POST
def lesson_done(request, slug):
    lesson = get_object_or_404(Lesson, slug=slug)
    services.mark_lesson_done(student=request.user, lesson=lesson)
    messages.success(request, _("Lesson marked as done."))
    following = Lesson.objects.filter(section=lesson.section, order__gt=lesson.order).order_by("order").first()
    if following is not None:
        return redirect("courses:lesson", slug=following.slug)
    quiz = Quiz.objects.filter(section=lesson.section).first()
    return redirect("courses:quiz", pk=quiz.pk) if quiz else redirect("courses:theory")


def _parse_answers(post) -> dict[int, list[int]] | None:
    """`q_<question id>` → chosen option ids; None when a key or value is not a number."""
    answers: dict[int, list[int]] = {}
    try:
        for key in post:
            if key.startswith("q_"):
                answers[int(key[2:])] = [int(value) for value in post.getlist(key)]
    except ValueError:
        return None
    return answers


@student_only
def quiz(request, pk):
    """The quiz form in the attempt's own order of the options, with no correct answers in it. A refused
    submit shows the form again with the ticked answers kept and the unanswered questions marked."""
    quiz = selectors.quiz_for_taking(quiz_id=pk)
    if quiz is None:
        raise Http404
    try:
        attempt = services.start_quiz_attempt(student=request.user, quiz=quiz)
    except QuizLocked as exc:
        messages.error(request, exc.message)
        return redirect("courses:theory")
    questions = selectors.in_attempt_order(list(quiz.questions.all()), attempt)
    ticked: dict[int, list[int]] = {}
    unanswered: set[int] = set()
    if request.method == "POST":
        answers = _parse_answers(request.POST)
        if answers is None:
            messages.error(request, _("The answers could not be read; please try again."))
        else:
            ticked = answers
            try:
                attempt = services.submit_quiz(student=request.user, quiz=quiz, answers=answers)
            except QuizIncomplete as exc:
                unanswered = set(exc.unanswered)
                messages.error(request, exc.message)
            except CourseError as exc:
                messages.error(request, exc.message)
            else:
                return redirect("courses:attempt", pk=attempt.pk)
    for question in questions:
        question.ticked = set(ticked.get(question.id, ()))
        question.unanswered = question.id in unanswered
    return render(request, "courses/quiz.html", {"quiz": quiz, "questions": questions})


@student_only
def attempt(request, pk):
    """A submitted attempt: which questions were right or wrong; the right answers and the explanations
    only once the attempt passed."""
    attempt = get_object_or_404(
        QuizAttempt.objects.select_related("quiz__section").prefetch_related(
            "answers__choices", "quiz__questions__choices"
        ),
        pk=pk,
        student=request.user,
        submitted_at__isnull=False,
    )
    questions = selectors.in_attempt_order(list(attempt.quiz.questions.all()), attempt)
    chosen = {answer.question_id: {c.id for c in answer.choices.all()} for answer in attempt.answers.all()}
    correct = {answer.question_id: answer.correct for answer in attempt.answers.all()}
    return render(
        request,
        "courses/attempt.html",
        {"attempt": attempt, "questions": questions, "chosen": chosen, "correct": correct},
    )


@student_only
def cohorts(request):
    """Open cohorts the student may ask to join, and their own requests."""
    return render(
        request,
        "courses/cohorts.html",
        {
            "cohorts": Cohort.objects.filter(status=Cohort.Status.ACTIVE, open_for_requests=True)
            .select_related("region")
            .prefetch_related("teachers"),
            "mine": Enrolment.objects.filter(student=request.user).select_related("cohort"),
        },
    )


@student_only
@require_POST
def join_cohort(request, pk):
    cohort = get_object_or_404(Cohort, pk=pk, status=Cohort.Status.ACTIVE, open_for_requests=True)
    try:
        services.request_to_join(cohort=cohort, student=request.user)
    except CourseError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your request was sent; a teacher of the cohort will accept it."))
    return redirect("courses:cohorts")


def _level_page(request, enrolment, code, *, document_forms=None, trial_form=None, presentation_form=None, status=200):
    # The ladder reads every level with its requirements: the page's level is taken from it.
    row = next((row for row in selectors.level_ladder(enrolment=enrolment) if row.level.code == code), None)
    if row is None:
        raise Http404
    level = row.level
    has_trial = any(r.kind == KpiKind.PEER_APPROVAL for r in level.requirements.all())
    can_submit = row.state in ("open", "held_back")
    history = selectors.submission_history(enrolment=enrolment, level=level)
    document_forms = document_forms or {}
    documents = []
    for requirement in level.requirements.all():
        if requirement.kind != KpiKind.DOCUMENT:
            continue
        versions = history.get(requirement.pk, [])
        # A new version is taken when there is none yet or the last one was returned.
        accepts = can_submit and (not versions or versions[0].status == versions[0].Status.RETURNED)
        accepts = accepts or requirement.pk in document_forms  # a refused form is shown with its errors
        form = document_forms.get(requirement.pk) or KpiDocumentForm(prefix=f"kpi{requirement.pk}")
        documents.append((requirement, versions, form if accepts else None))
    context = {
        "enrolment": enrolment,
        "level": level,
        "row": row,
        "can_submit": can_submit,
        "documents": documents,
        "has_trial": has_trial,
    }
    if level.code in AUDIENCE_BY_LEVEL:
        context["presentations"] = selectors.level_presentations(enrolment=enrolment, level=level)
        context["presentation_form"] = presentation_form or presentation_views.presentation_form(enrolment, level)
        context["invites"] = level.code in ("familiar", "teamwork", "publication")
    if has_trial:
        context["trials"] = selectors.trial_presentations(enrolment=enrolment, level=level)
        context["trial_form"] = trial_form or TrialPresentationForm()
    return render(request, "courses/level.html", context, status=status)


def _level(enrolment, code) -> Level:
    return get_object_or_404(Level.objects.prefetch_related("requirements"), course_id=enrolment.course_id, code=code)


@student_only
def level(request, code):
    enrolment = _require_enrolment(request)
    if enrolment is None:
        return redirect("courses:cohorts")
    return _level_page(request, enrolment, code)


@student_only
@require_POST
def submit_document(request, code, requirement_id):
    enrolment = _require_enrolment(request)
    if enrolment is None:
        return redirect("courses:cohorts")
    level = _level(enrolment, code)
    requirement = next((r for r in level.requirements.all() if r.pk == requirement_id), None)
    if requirement is None:
        return redirect("courses:level", code=code)
    form = KpiDocumentForm(request.POST, request.FILES, prefix=f"kpi{requirement.pk}")
    if form.is_valid():
        try:
            services.submit_kpi_document(
                enrolment=enrolment,
                requirement=requirement,
                student=request.user,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["file"],
            )
        except CourseError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Submitted; your teachers will review it."))
            return redirect("courses:level", code=code)
    return _level_page(request, enrolment, level.code, document_forms={requirement.pk: form}, status=400)


@student_only
@require_POST
def record_trial(request, code):
    enrolment = _require_enrolment(request)
    if enrolment is None:
        return redirect("courses:cohorts")
    level = _level(enrolment, code)
    form = TrialPresentationForm(request.POST)
    if form.is_valid():
        try:
            services.record_trial_presentation(
                enrolment=enrolment,
                presenter=request.user,
                held_at=form.cleaned_data["held_at"],
                topic=form.cleaned_data["topic"],
            )
        except CourseError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(
                request, _("Presentation recorded; the classmates who attended confirm their attendance and vote.")
            )
            return redirect("courses:level", code=code)
    return _level_page(request, enrolment, level.code, trial_form=form, status=400)


@student_only
@require_POST
def record_presentation(request, code):
    enrolment = _require_enrolment(request)
    if enrolment is None:
        return redirect("courses:cohorts")
    level = _level(enrolment, code)
    outcome = presentation_views.record(request, enrolment, level)
    if not isinstance(outcome, presentation_views.PresentationForm):
        return outcome
    return _level_page(request, enrolment, level.code, presentation_form=outcome, status=400)


def presentation(request, pk):
    """A trial presentation (attendees vote approve or rework) or a presentation at levels 3–7."""
    presentation = get_presentation_for_user(request.user, pk)
    if presentation.audience != Presentation.Audience.CLASSMATES:
        return presentation_views.detail(request, presentation)
    attendee = presentation.attendees.filter(classmate=request.user).first()
    if request.method == "POST" and request.POST.get("attended"):
        try:
            services.confirm_trial_attendance(presentation=presentation, classmate=request.user)
        except CourseError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your attendance is confirmed; now give your vote."))
        return redirect("courses:presentation", pk=presentation.pk)
    form = PeerVoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cast_peer_vote(
                presentation=presentation,
                voter=request.user,
                vote=form.cleaned_data["vote"],
                comment=form.cleaned_data["comment"],
            )
        except CourseError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you; your vote is recorded."))
            return redirect("courses:dashboard")
    is_classmate = presentation.presenter_id != request.user.pk and selectors.is_active_classmate(
        user=request.user, cohort_id=presentation.enrolment.cohort_id
    )
    return render(
        request,
        "courses/presentation.html",
        {"presentation": presentation, "attendee": attendee, "form": form, "is_classmate": is_classmate},
        status=400 if form.errors else 200,
    )


def submission_file(request, pk):
    """The document file, to the student, the cohort's teachers and admins only, as an attachment."""
    submission = get_submission_for_user(request.user, pk)
    if not submission.file:
        return redirect("courses:dashboard")
    suffix = submission.file.name.rsplit(".", 1)[-1]
    return attachment_response(submission.file, f"kpi-{submission.pk}.{suffix}")


@student_only
def questions(request):
    enrolment = _require_enrolment(request)
    if enrolment is None:
        return redirect("courses:cohorts")
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.ask_question(enrolment=enrolment, student=request.user, **form.cleaned_data)
        except CourseError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your question was sent to your teachers."))
            return redirect("courses:question", pk=question.pk)
    return render(
        request,
        "courses/questions.html",
        {"form": form, "questions": selectors.question_summaries(enrolment=enrolment)},
        status=400 if form.errors else 200,
    )


def question(request, pk):
    """A question thread, for the asking student and the cohort's teachers."""
    question = get_question_for_user(request.user, pk)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_to_question(question=question, author=request.user, body=form.cleaned_data["body"])
        except CourseError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("courses:question", pk=question.pk)
    replies = question.replies.select_related("author")
    return render(
        request,
        "courses/question.html",
        {"question": question, "replies": replies, "form": form},
        status=400 if form.errors else 200,
    )
