"""The teachers' review queue (KPI submissions) and written advice (questions)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coopportal.admin_mixins import IdListFilter

from .. import services
from ..access import questions_visible_to, submissions_visible_to
from ..models import AdviceQuestion, CohortLevelDeadline, KpiSubmission, Level, LevelProgress
from .base import ScopedCohortFilter, ServiceAdmin, ServiceForm


class OverdueFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_overdue=True)
        if self.value() == "no":
            return queryset.filter(is_overdue=False)
        return queryset


def with_deadlines(queryset):
    """Annotate each submission with its level's cohort deadline and whether the level is overdue (the
    deadline has passed and the student has not passed the level). Each is one lookup by a unique pair,
    which PostgreSQL runs for the page's rows only."""
    deadline = CohortLevelDeadline.objects.filter(
        cohort_id=OuterRef("enrolment__cohort_id"), level_id=OuterRef("requirement__level_id")
    )
    progress = LevelProgress.objects.filter(
        enrolment_id=OuterRef("enrolment_id"), level_id=OuterRef("requirement__level_id")
    )
    return queryset.annotate(
        deadline=Subquery(deadline.order_by().values("due_on")[:1]),
        level_status=Coalesce(Subquery(progress.order_by().values("status")[:1]), Value("")),
    ).annotate(
        is_overdue=ExpressionWrapper(
            Q(deadline__isnull=False, deadline__lt=timezone.localdate()) & ~Q(level_status=LevelProgress.Status.PASSED),
            output_field=BooleanField(),
        )
    )


class LevelFilter(IdListFilter, admin.SimpleListFilter):
    title = _("level")
    parameter_name = "level"

    def lookups(self, request, model_admin):
        levels = Level.objects.only("pk", "order", "name").order_by("course_id", "order")
        return [(level.pk, str(level)) for level in levels]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(requirement__level_id=self.value())
        return queryset


class ReviewQueueChangeList(ChangeList):
    def apply_select_related(self, qs):
        # The rows' student, cohort and level only; the scope also joins the reviewer, for the review page.
        return qs.select_related(None).select_related(*self.list_select_related)


class ReviewForm(ServiceForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return for rework"))],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = KpiSubmission
        fields = ["comment"]

    def clean(self):
        data = super().clean()
        if self.instance.status != KpiSubmission.Status.PENDING:
            raise forms.ValidationError(gettext("This submission has already been reviewed."))
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", gettext("Say what needs rework when returning a document."))
        return data

    def perform(self, data):
        return services.review_submission(
            submission=self.instance,
            reviewer=self.actor,
            approve=data["decision"] == "approve",
            comment=data.get("comment", ""),
        )


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Comment for the students"), widget=forms.Textarea, max_length=5000)


@admin.register(KpiSubmission)
class KpiSubmissionAdmin(ServiceAdmin):
    list_display = ("student", "cohort", "level", "kpi", "status", "submitted_at", "deadline_column", "file_link")
    list_filter = (
        ScopedCohortFilter,
        LevelFilter,
        "status",
        OverdueFilter,
    )
    list_select_related = ("enrolment__student", "enrolment__cohort", "requirement__level")
    search_fields = ("enrolment__student__email", "enrolment__student__full_name", "requirement__label")
    ordering = ("submitted_at",)
    # A screenful, oldest first: each admin row costs about a millisecond to render (bench/).
    list_per_page = 25
    # One count (the filtered one, for the paginator); the unfiltered total is not shown.
    show_full_result_count = False
    actions = ("approve_selected", "return_selected")
    form = ReviewForm
    readonly_fields = (
        "student",
        "cohort",
        "kpi",
        "text",
        "file_link",
        "submitted_at",
        "status",
        "reviewed_by",
        "reviewed_at",
        "previous_submissions",
    )

    def scope(self, request):
        return with_deadlines(
            submissions_visible_to(request.user).select_related(
                "enrolment__student", "enrolment__cohort", "requirement__level", "reviewed_by"
            )
        )

    def get_changelist(self, request, **kwargs):
        return ReviewQueueChangeList

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and "_approve_next" in request.POST:
            request.POST = request.POST.copy()
            request.POST["decision"] = "approve"
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        if "_approve_next" not in request.POST:
            return super().response_change(request, obj)
        # The oldest pending submission left in the teacher's scope, as the queue orders them.
        following = (
            submissions_visible_to(request.user)
            .filter(status=KpiSubmission.Status.PENDING)
            .order_by("submitted_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        messages.success(request, gettext("Approved: %(submission)s.") % {"submission": obj})
        if following is None:
            messages.info(request, gettext("No submission is waiting for review."))
            return redirect("admin:courses_kpisubmission_changelist")
        return redirect("admin:courses_kpisubmission_change", following)

    def get_fields(self, request, obj=None):
        shown = ["student", "cohort", "kpi", "text", "file_link", "submitted_at", "status"]
        if obj is not None and obj.status == KpiSubmission.Status.PENDING:
            return [*shown, "decision", "comment", "previous_submissions"]
        return [*shown, "comment", "reviewed_by", "reviewed_at", "previous_submissions"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != KpiSubmission.Status.PENDING:
            return (*self.readonly_fields, "comment")
        return self.readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # A reviewed submission is final: the student hands in a new version instead.
        if obj is not None and obj.status != KpiSubmission.Status.PENDING:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("student"), ordering="enrolment__student__full_name")
    def student(self, obj):
        return obj.enrolment.student

    @admin.display(description=_("cohort"))
    def cohort(self, obj):
        return obj.enrolment.cohort

    @admin.display(description=_("level"), ordering="requirement__level__order")
    def level(self, obj):
        return obj.requirement.level.name

    @admin.display(description=_("KPI"))
    def kpi(self, obj):
        return obj.requirement.label

    @admin.display(description=_("deadline"), ordering="deadline")
    def deadline_column(self, obj):
        if obj.deadline is None:
            return "—"
        if obj.is_overdue:
            return format_html('<strong class="overdue">{} — {}</strong>', obj.deadline, gettext("overdue"))
        return obj.deadline

    @admin.display(description=_("file"))
    def file_link(self, obj):
        if not obj.file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("courses:submission_file", args=[obj.pk]), gettext("download")
        )

    @admin.display(description=_("previous submissions of this student"))
    def previous_submissions(self, obj):
        rows = (
            KpiSubmission.objects.filter(enrolment_id=obj.enrolment_id)
            .exclude(pk=obj.pk)
            .select_related("requirement__level", "reviewed_by")
        )
        if not rows:
            return gettext("None.")
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            gettext("submitted"),
            gettext("KPI"),
            gettext("status"),
            gettext("comment"),
            gettext("file"),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M"),
                        r.requirement.label,
                        r.get_status_display(),
                        r.comment,
                        self.file_link(r),
                    )
                    for r in rows
                ),
            ),
        )

    @admin.action(description=_("Approve the selected submissions"), permissions=["change"])
    def approve_selected(self, request, queryset):
        done, errors = services.review_submissions(submissions=list(queryset), reviewer=request.user, approve=True)
        self._report(request, done, errors)

    @admin.action(description=_("Return the selected submissions with a comment"), permissions=["change"])
    def return_selected(self, request, queryset):
        form = ReturnForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done, errors = services.review_submissions(
                submissions=list(queryset), reviewer=request.user, approve=False, comment=form.cleaned_data["comment"]
            )
            self._report(request, done, errors)
            return None
        return TemplateResponse(
            request,
            "admin/courses/return_submissions.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Return submissions for rework"),
                "form": form,
                "submissions": queryset,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )

    def _report(self, request, done, errors):
        if done:
            messages.success(request, gettext("%(n)s submissions reviewed.") % {"n": done})
        for error in errors:
            messages.error(request, error)


class AnswerForm(ServiceForm):
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea, required=False, max_length=10000)

    class Meta:
        model = AdviceQuestion
        fields = []

    def perform(self, data):
        answer = (data.get("answer") or "").strip()
        if answer:
            return services.reply_to_question(question=self.instance, author=self.actor, body=answer)
        return None


@admin.register(AdviceQuestion)
class AdviceQuestionAdmin(ServiceAdmin):
    form = AnswerForm
    list_display = ("subject", "student", "cohort", "status", "updated_at")
    list_filter = ("status", ScopedCohortFilter)
    list_select_related = ("enrolment__student", "enrolment__cohort")
    search_fields = ("subject", "body", "enrolment__student__email", "enrolment__student__full_name")
    fields = ("student", "cohort", "subject", "body", "thread", "answer")
    readonly_fields = ("student", "cohort", "subject", "body", "thread")

    def scope(self, request):
        return questions_visible_to(request.user).select_related("enrolment__student", "enrolment__cohort")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("student"))
    def student(self, obj):
        return obj.enrolment.student

    @admin.display(description=_("cohort"))
    def cohort(self, obj):
        return obj.enrolment.cohort

    @admin.display(description=_("thread"))
    def thread(self, obj):
        replies = obj.replies.select_related("author")
        if not replies:
            return gettext("No answers yet.")
        return format_html_join(
            "",
            "<p><strong>{}</strong> ({}):<br>{}</p>",
            ((r.author, timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"), r.body) for r in replies),
        )
