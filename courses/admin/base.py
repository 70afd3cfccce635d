from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from ..access import cohorts_visible_to, is_course_admin


class ScopedAdmin(admin.ModelAdmin):
    """A model admin whose rows are limited to the user's scope; out-of-scope URLs answer 404."""

    def scope(self, request):
        raise NotImplementedError

    def get_queryset(self, request):
        return self.scope(request)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj


class ScopedCohortFilter(admin.SimpleListFilter):
    """Cohort filter listing only the cohorts the user teaches (all for admins)."""

    title = _("cohort")
    parameter_name = "cohort"
    cohort_path = "enrolment__cohort"

    def lookups(self, request, model_admin):
        return [(c.pk, str(c)) for c in cohorts_visible_to(request.user).only("pk", "name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.cohort_path}_id": self.value()})
        return queryset


def admin_only(request) -> bool:
    return is_course_admin(request.user)
