"""Course content: levels with their KPI thresholds, theory sections, lessons and quizzes (edited by admins)."""

from django.contrib import admin

from ..access import enrolments_visible_to, is_course_admin
from ..models import (
    Course,
    KpiRequirement,
    Lesson,
    Level,
    Presentation,
    PresentationAttendee,
    Quiz,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    Section,
)
from .base import ScopedAdmin


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "slug")


class KpiRequirementInline(admin.TabularInline):
    model = KpiRequirement
    extra = 0
    fields = ("order", "kind", "label", "threshold", "approver", "guidance")


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ("order", "name", "code", "gate_mode", "course")
    list_display_links = ("name",)
    list_filter = ("course",)
    inlines = (KpiRequirementInline,)


@admin.register(KpiRequirement)
class KpiRequirementAdmin(admin.ModelAdmin):
    list_display = ("label", "level", "kind", "threshold", "approver")
    list_filter = ("level", "kind", "approver")
    list_select_related = ("level",)


class LessonInline(admin.StackedInline):
    model = Lesson
    extra = 0
    fields = ("order", "slug", "title", "body")


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("order", "title", "course")
    list_display_links = ("title",)
    inlines = (LessonInline,)


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ("title", "section", "order")
    list_filter = ("section",)
    list_select_related = ("section",)
    search_fields = ("title", "body")
    prepopulated_fields = {"slug": ("title",)}


class QuizQuestionInline(admin.StackedInline):
    model = QuizQuestion
    extra = 0
    fields = ("order", "text", "kind", "explanation")
    show_change_link = True


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ("title", "section", "pass_mark")
    list_select_related = ("section",)
    inlines = (QuizQuestionInline,)


class QuizChoiceInline(admin.TabularInline):
    model = QuizChoice
    extra = 0
    fields = ("order", "text", "is_correct")


@admin.register(QuizQuestion)
class QuizQuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "quiz", "kind", "order")
    list_filter = ("quiz",)
    list_select_related = ("quiz",)
    inlines = (QuizChoiceInline,)


@admin.register(QuizAttempt)
class QuizAttemptAdmin(ScopedAdmin):
    list_display = ("student", "quiz", "score", "max_score", "passed", "submitted_at")
    list_filter = ("passed", "quiz")
    list_select_related = ("student", "quiz")
    search_fields = ("student__email", "student__full_name")

    def scope(self, request):
        attempts = QuizAttempt.objects.all()
        if is_course_admin(request.user):
            return attempts
        students = enrolments_visible_to(request.user).values("student_id")
        return attempts.filter(student_id__in=students)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttendeeInline(admin.TabularInline):
    model = PresentationAttendee
    extra = 0
    fields = ("classmate", "vote", "comment", "voted_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Presentation)
class PresentationAdmin(ScopedAdmin):
    list_display = ("presenter", "level", "audience", "held_at")
    list_filter = ("audience", "level")
    list_select_related = ("presenter", "level")
    inlines = (AttendeeInline,)
    readonly_fields = ("enrolment", "presenter", "level", "held_at", "audience", "topic")

    def scope(self, request):
        return Presentation.objects.filter(enrolment__in=enrolments_visible_to(request.user).values("pk"))

    def has_add_permission(self, request):
        return False
