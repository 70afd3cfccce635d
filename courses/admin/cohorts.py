"""Cohorts, their deadlines and closing of cohort-gated levels; enrolments and join requests."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coopportal.admin_mixins import ReadOnlyAdminMixin
from coopportal.users.models import User
from coopportal.users.roles import Role

from .. import selectors, services
from ..access import cohorts_visible_to, enrolments_visible_to, students_enrollable_by, teaches
from ..exceptions import CourseError
from ..models import (
    Cohort,
    CohortLevelClosure,
    CohortLevelDeadline,
    Enrolment,
    KpiSubmission,
    Level,
    LevelProgress,
    LevelTransition,
)
from .base import EnrolmentCohortFilter, ScopedAdmin, ServiceAdmin, ServiceForm, admin_only


class DeadlineInline(admin.TabularInline):
    model = CohortLevelDeadline
    extra = 0
    fields = ("level", "due_on")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "level":
            kwargs["queryset"] = Level.objects.order_by("order")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Cohort)
class CohortAdmin(ScopedAdmin):
    list_display = ("name", "region", "start_date", "status", "open_for_requests", "students", "close_level_link")
    list_filter = ("status", "open_for_requests")
    list_select_related = ("region",)
    search_fields = ("name",)
    inlines = (DeadlineInline,)
    filter_horizontal = ("teachers",)
    fields = ("course", "name", "region", "teachers", "start_date", "status", "open_for_requests")

    def scope(self, request):
        return cohorts_visible_to(request.user).annotate(
            student_count=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.ACTIVE))
        )

    def get_readonly_fields(self, request, obj=None):
        # Teachers run their cohort; who teaches it and which course it is are the admins' decision.
        return () if admin_only(request) else ("course", "region", "teachers")

    def has_add_permission(self, request):
        return admin_only(request)

    def has_delete_permission(self, request, obj=None):
        return admin_only(request) and super().has_delete_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "teachers":
            kwargs["queryset"] = User.objects.filter(groups__name=Role.TEACHER)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("active students"), ordering="student_count")
    def students(self, obj):
        return obj.student_count

    @admin.display(description=_("cohort levels"))
    def close_level_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:courses_cohort_close_level", args=[obj.pk]), gettext("Close a level")
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/close-level/",
                self.admin_site.admin_view(self.close_level_view),
                name="courses_cohort_close_level",
            ),
            *super().get_urls(),
        ]

    def close_level_view(self, request, pk):
        """Close a cohort-gated level: students who met their KPIs move on; the others are held back with a reason."""
        cohort = self.get_object(request, str(pk))
        if not teaches(request.user, cohort.pk):
            raise PermissionDenied
        levels = selectors.closable_levels(cohort=cohort)
        wanted = request.GET.get("level", request.POST.get("level"))
        chosen = next((lvl for lvl in levels if str(lvl.pk) == wanted), None)
        students = selectors.students_at_level(cohort=cohort, level=chosen) if chosen else []
        if request.method == "POST" and chosen is not None:
            held_back = {
                p.enrolment_id: request.POST.get(f"reason_{p.enrolment_id}", "")
                for p in students
                if p.status == LevelProgress.Status.OPEN
            }
            try:
                services.close_cohort_level(
                    cohort=cohort,
                    level=chosen,
                    actor=request.user,
                    held_back=held_back,
                    note=request.POST.get("note", ""),
                )
            except CourseError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, gettext("The level is closed for the cohort."))
                return redirect("admin:courses_cohort_change", cohort.pk)
        return TemplateResponse(
            request,
            "admin/courses/close_level.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Close a cohort level"),
                "opts": self.model._meta,
                "cohort": cohort,
                "levels": levels,
                "chosen": chosen,
                "students": students,
                "posted": request.POST,
            },
        )


class ProgressInline(admin.TabularInline):
    model = LevelProgress
    extra = 0
    fields = ("level", "status", "opened_at", "passed_at", "held_back_reason")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TransitionInline(admin.TabularInline):
    model = LevelTransition
    extra = 0
    fields = ("at", "kind", "level", "actor", "reason")
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("level", "actor")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SubmissionInline(admin.TabularInline):
    model = KpiSubmission
    extra = 0
    fields = ("submitted_at", "requirement", "status", "comment", "reviewed_by")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("requirement__level", "reviewed_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def with_overdue(queryset):
    """Annotate `is_overdue`: some level of the cohort has a past deadline the student did not pass by."""
    today = timezone.localdate()
    passed_in_time = LevelProgress.objects.filter(
        enrolment_id=OuterRef(OuterRef("pk")), level_id=OuterRef("level_id"), passed_at__date__lte=OuterRef("due_on")
    )
    missed = CohortLevelDeadline.objects.filter(cohort_id=OuterRef("cohort_id"), due_on__lt=today).exclude(
        Exists(passed_in_time)
    )
    return queryset.annotate(is_overdue=Exists(missed))


class EnrolForm(ServiceForm):
    class Meta:
        model = Enrolment
        fields = ["cohort", "student"]

    def perform(self, data):
        return services.enrol_student(cohort=data["cohort"], student=data["student"], actor=self.actor)


@admin.register(Enrolment)
class EnrolmentAdmin(ServiceAdmin):
    list_display = ("student", "cohort", "status", "current_level", "theory_passed_at", "overdue")
    list_filter = ("status", EnrolmentCohortFilter, "current_level")
    list_select_related = ("student", "cohort", "current_level")
    search_fields = ("student__email", "student__full_name")
    actions = ("accept_requests", "decline_requests")
    readonly_fields = (
        "student",
        "cohort",
        "course",
        "status",
        "current_level",
        "theory_passed_at",
        "decided_by",
        "deadlines",
    )
    inlines = (ProgressInline, SubmissionInline, TransitionInline)

    def scope(self, request):
        return with_overdue(
            enrolments_visible_to(request.user).select_related("student", "cohort", "current_level", "course")
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = EnrolForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["cohort", "student"] if obj is None else list(self.readonly_fields)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cohort":
            kwargs["queryset"] = cohorts_visible_to(request.user).filter(status=Cohort.Status.ACTIVE)
        if db_field.name == "student":
            kwargs["queryset"] = students_enrollable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("missed a deadline"), boolean=True, ordering="is_overdue")
    def overdue(self, obj):
        return obj.is_overdue

    @admin.display(description=_("deadlines"))
    def deadlines(self, obj):
        rows = selectors.deadline_record(enrolment=obj)
        return format_html_join(
            "",
            "<p>{}: {} — {}</p>",
            (
                (
                    row.level_name,
                    row.deadline or "—",
                    gettext("missed") if row.overdue else (gettext("passed") if row.passed_at else "—"),
                )
                for row in rows
            ),
        )

    @admin.action(description=_("Accept the selected join requests"), permissions=["change"])
    def accept_requests(self, request, queryset):
        self._decide(request, queryset, services.accept_join_request)

    @admin.action(description=_("Decline the selected join requests"), permissions=["change"])
    def decline_requests(self, request, queryset):
        self._decide(request, queryset, services.decline_join_request)

    def _decide(self, request, queryset, service):
        done = 0
        for enrolment in queryset.filter(status=Enrolment.Status.REQUESTED):
            try:
                service(enrolment=enrolment, actor=request.user)
            except CourseError as exc:
                messages.error(request, f"{enrolment.student}: {exc.message}")
            else:
                done += 1
        if done:
            messages.success(request, gettext("%(n)s requests decided.") % {"n": done})


@admin.register(CohortLevelClosure)
class CohortLevelClosureAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = ("cohort", "level", "closed_by", "closed_at", "note")
    list_select_related = ("cohort", "level", "closed_by")
    list_filter = (("cohort", admin.RelatedOnlyFieldListFilter),)

    def scope(self, request):
        return CohortLevelClosure.objects.filter(cohort__in=cohorts_visible_to(request.user).values("pk"))
