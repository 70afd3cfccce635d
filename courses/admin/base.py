from django import forms
from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from coopportal.admin_mixins import IdListFilter

from ..access import cohorts_visible_to, is_course_admin
from ..exceptions import CourseError


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


class ServiceForm(forms.ModelForm):
    """An admin form whose save is a service call. The service runs once the form is valid, inside the
    admin's transaction, so a refusal is the form's own error on the page and the admin never reports a
    change the service refused. `ServiceAdmin` gives the form its `actor` (the signed-in user)."""

    actor = None

    def perform(self, data: dict):
        """Call the service; returns what it made or changed."""
        raise NotImplementedError

    def full_clean(self):
        super().full_clean()
        if self.is_bound and not self._errors:
            try:
                self.performed = self.perform(self.cleaned_data)
            except CourseError as refusal:
                self.add_error(None, refusal.message)


class ServiceAdmin(ScopedAdmin):
    """A scoped admin whose forms are `ServiceForm`s: the change happened when the form was validated."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user}) if issubclass(form, ServiceForm) else form

    def save_model(self, request, obj, form, change):
        performed = getattr(form, "performed", None)
        if performed is not None and obj.pk is None:
            obj.pk = performed.pk  # the admin's redirect and log name the row the service made


class ScopedCohortFilter(IdListFilter, admin.SimpleListFilter):
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


class EnrolmentCohortFilter(ScopedCohortFilter):
    cohort_path = "cohort"


def admin_only(request) -> bool:
    return is_course_admin(request.user)
