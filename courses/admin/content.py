"""Course content: levels with their KPI thresholds, theory sections, lessons and quizzes (edited by admins).
Their texts are edited per language (English, Russian, Kazakh, Persian: courses/translation.py)."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from ..access import enrolments_visible_to, is_course_admin
from ..models import (
    Course,
    KpiRequirement,
    Lesson,
    LessonRevision,
    Level,
    Quiz,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    Section,
)
from .base import ScopedAdmin


@admin.register(Course)
class CourseAdmin(TranslationAdmin):
    list_display = ("title", "slug")


class KpiRequirementInline(TranslationTabularInline):
    model = KpiRequirement
    extra = 0
    fields = ("order", "kind", "label", "threshold", "approver", "guidance")


@admin.register(Level)
class LevelAdmin(TranslationAdmin):
    list_display = ("order", "name", "code", "gate_mode", "course")
    list_display_links = ("name",)
    list_filter = ("course",)
    inlines = (KpiRequirementInline,)


@admin.register(KpiRequirement)
class KpiRequirementAdmin(TranslationAdmin):
    list_display = ("label", "level", "kind", "threshold", "approver")
    list_filter = ("level", "kind", "approver")
    list_select_related = ("level",)


class LessonInline(TranslationStackedInline):
    model = Lesson
    extra = 0
    fields = ("order", "slug", "title", "body", "content_version")
    readonly_fields = ("content_version",)


@admin.register(Section)
class SectionAdmin(TranslationAdmin):
    list_display = ("order", "title", "slug", "course")
    list_display_links = ("title",)
    inlines = (LessonInline,)


class LessonRevisionInline(admin.TabularInline):
    """Which content version changed this lesson, and what (written by load_course_content only)."""

    model = LessonRevision
    extra = 0
    fields = ("version", "changes", "loaded_at", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Lesson)
class LessonAdmin(TranslationAdmin):
    list_display = ("title", "section", "order", "content_version")
    list_filter = ("content_version", "section")
    list_select_related = ("section",)
    search_fields = ("title", "body")
    readonly_fields = ("content_version",)
    prepopulated_fields = {"slug": ("title",)}
    inlines = (LessonRevisionInline,)


@admin.register(LessonRevision)
class LessonRevisionAdmin(admin.ModelAdmin):
    """The review trail of the course text: one row per lesson changed by a content version."""

    list_display = ("lesson", "version", "changes", "loaded_at")
    list_filter = ("version",)
    list_select_related = ("lesson",)
    search_fields = ("lesson__title", "lesson__slug")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class QuizQuestionInline(TranslationStackedInline):
    model = QuizQuestion
    extra = 0
    fields = ("order", "key", "text", "kind", "explanation")
    show_change_link = True


@admin.register(Quiz)
class QuizAdmin(TranslationAdmin):
    list_display = ("title", "section", "pass_mark", "content_version")
    readonly_fields = ("content_version",)
    list_select_related = ("section",)
    inlines = (QuizQuestionInline,)


class QuizChoiceInline(TranslationTabularInline):
    model = QuizChoice
    extra = 0
    fields = ("order", "key", "text", "is_correct")


@admin.register(QuizQuestion)
class QuizQuestionAdmin(TranslationAdmin):
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
