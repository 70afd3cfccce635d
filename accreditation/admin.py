from django.contrib import admin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from coopportal.admin_mixins import ReadOnlyAdminMixin

from .exceptions import AccreditationError
from .forms import RevokeForm
from .models import (
    AttemptTask,
    Certificate,
    CommitteeMember,
    Credential,
    Document,
    ExamCandidate,
    ExamProtocol,
    ExamSession,
    SituationalTask,
    Specialty,
    SpecialtyAttempt,
    StatusList,
    TaskScore,
)
from .services.certificates import revoke_certificate
from .services.documents import retry_failed_document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "owner", "state", "attempts", "last_error", "created_at", "rendered_at"]
    list_filter = ["state", "kind"]
    search_fields = ["title", "owner__email", "owner__full_name"]
    readonly_fields = [f.name for f in Document._meta.fields]
    actions = ["retry"]
    list_select_related = ["owner"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Render the selected failed documents again"))
    def retry(self, request, queryset):
        count = 0
        for document in queryset.filter(state=Document.State.FAILED):
            retry_failed_document(document=document, actor=request.user)
            count += 1
        self.message_user(request, ngettext("%d document queued.", "%d documents queued.", count) % count)


# The certificate's relations, shown as read-only links on its change form (with what their names read).
LINKED_FROM_CERTIFICATE = (
    "holder",
    "course",
    "region",
    "specialty",
    "exam_protocol",
    "specialty_attempt__candidate",
    "specialty_attempt__specialty",
    "issued_by",
    "revoked_by",
)


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "holder_name", "kind", "title", "issued_on", "revoked_at", "listed_in_registry"]
    list_filter = ["kind", "specialty", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["number", "holder_name", "holder__email", "verification_code"]
    readonly_fields = [f.name for f in Certificate._meta.fields]
    change_form_template = "accreditation/admin/certificate_change_form.html"

    def has_add_permission(self, request):
        return False

    def get_object(self, request, object_id, from_field=None):
        """The certificate with every row its read-only form links to, in one query."""
        field = Certificate._meta.pk if from_field is None else Certificate._meta.get_field(from_field)
        queryset = self.get_queryset(request).select_related(*LINKED_FROM_CERTIFICATE)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (Certificate.DoesNotExist, ValidationError, ValueError):
            return None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The admin's own view reads the certificate to show it; here it is read only to revoke it.
        certificate = self.get_object(request, object_id) if "revoke" in request.POST else None
        revoking = certificate is not None
        form = RevokeForm(request.POST if revoking else None)
        if revoking and self.has_change_permission(request, certificate) and form.is_valid():
            try:
                revoke_certificate(certificate=certificate, revoked_by=request.user, reason=form.cleaned_data["reason"])
            except AccreditationError as refusal:
                form.add_error("reason", str(refusal))  # shown on the form again; nothing was changed
            else:
                self.message_user(request, _("The certificate is revoked; the verification page shows it now."))
                return redirect(request.path)
        extra_context = {**(extra_context or {}), "revoke_form": form}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        # Certificates change only through services (issue, revoke); the form is read-only.
        return None


class CommitteeInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    readonly_fields = ["user", "is_chair"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CandidateInline(admin.TabularInline):
    model = ExamCandidate
    extra = 0
    readonly_fields = ["enrolment", "attempt"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ExamSession)
class ExamSessionAdmin(admin.ModelAdmin):
    list_display = ["cohort", "starts_at", "max_attempts", "created_by"]
    readonly_fields = ["cohort", "starts_at", "broadcast_url", "max_attempts", "created_by"]
    inlines = [CommitteeInline, CandidateInline]

    def has_add_permission(self, request):
        return False


@admin.register(ExamProtocol)
class ExamProtocolAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outcome", "recorded_at", "finalised_at"]
    list_filter = ["outcome", ("finalised_at", admin.EmptyFieldListFilter)]
    search_fields = ["number", "candidate__enrolment__student__email"]
    readonly_fields = [f.name for f in ExamProtocol._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Specialty)
class SpecialtyAdmin(TranslationAdmin):
    list_display = ["name", "code", "position"]


@admin.register(SituationalTask)
class SituationalTaskAdmin(TranslationAdmin):
    list_display = ["title", "specialty", "code", "is_active"]
    list_filter = ["specialty", "is_active"]


class AttemptTaskInline(admin.TabularInline):
    model = AttemptTask
    extra = 0
    fields = readonly_fields = ["task", "position", "answered_at", "result"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SpecialtyAttempt)
class SpecialtyAttemptAdmin(admin.ModelAdmin):
    list_display = ["candidate", "specialty", "state", "protocol_number", "created_at"]
    list_filter = ["state", "specialty"]
    readonly_fields = [f.name for f in SpecialtyAttempt._meta.fields]
    inlines = [AttemptTaskInline]

    def has_add_permission(self, request):
        return False


@admin.register(TaskScore)
class TaskScoreAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["attempt_task", "examiner", "result", "scored_at"]
    list_filter = ["result"]
    list_select_related = [
        "attempt_task__attempt__candidate",
        "attempt_task__attempt__specialty",
        "attempt_task__task",
        "examiner",
    ]


@admin.register(Credential)
class CredentialAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["certificate", "kid", "status_list", "status_index", "language", "issued_at"]
    list_select_related = ["certificate", "status_list"]
    search_fields = ["certificate__number", "certificate__holder_name"]
    exclude = ["jws"]


@admin.register(StatusList)
class StatusListAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "purpose", "assigned", "size", "valid_from"]
    exclude = ["bits", "jws"]
