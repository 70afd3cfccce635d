"""Reference data is edited here by HQ; budget records are read-only here (the portal's services change them)."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from coopportal.admin_mixins import ReadOnlyAdminMixin

from .access import is_national, programs_for_user, visible_region_filter
from .models import (
    Allocation,
    Category,
    Contractor,
    FiscalYear,
    Fund,
    Program,
    ProgramType,
    ProvinceProfile,
    RequiredDocument,
    ServiceItem,
    SplitWeight,
)
from .reports import report_data_changed
from .services.allocations import record_split_basis


class ReferenceAdmin(admin.ModelAdmin):
    """HQ officers with staff access edit the reference data without per-model permissions."""

    def has_module_permission(self, request):
        return is_national(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_national(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return is_national(request.user) or super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return is_national(request.user) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_national(request.user) or super().has_delete_permission(request, obj)

    # The reports read the reference data: the admin's own transaction raises their data version.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        report_data_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        report_data_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        report_data_changed()


@admin.register(Fund)
class FundAdmin(ReferenceAdmin, TranslationAdmin):
    list_display = ("code", "name_en", "name_fa")


@admin.register(FiscalYear)
class FiscalYearAdmin(ReferenceAdmin):
    list_display = ("label", "start", "end")


@admin.register(Category)
class CategoryAdmin(ReferenceAdmin, TranslationAdmin):
    list_display = ("name", "target_percent", "tolerance_percent", "order")


class HqInline(TranslationTabularInline):
    extra = 0

    def has_view_permission(self, request, obj=None):
        return is_national(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return is_national(request.user) or super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return is_national(request.user) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_national(request.user) or super().has_delete_permission(request, obj)


class RequiredDocumentInline(HqInline):
    model = RequiredDocument


class ServiceItemInline(HqInline):
    model = ServiceItem


@admin.register(ProgramType)
class ProgramTypeAdmin(ReferenceAdmin, TranslationAdmin):
    list_display = ("name", "category", "cost_norm", "norm_basis", "norm_audience", "max_duration_days")
    inlines = [RequiredDocumentInline, ServiceItemInline]


class SplitBasisAdmin(ReferenceAdmin):
    """Every saved change to the weights or indices becomes a new version naming who made it."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_split_basis(actor=request.user)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        record_split_basis(actor=request.user)


@admin.register(ProvinceProfile)
class ProvinceProfileAdmin(SplitBasisAdmin):
    list_display = ("region", "counties", "cooperatives", "area_km2", "development", "border", "last_year_performance")
    list_editable = ("counties", "cooperatives", "area_km2", "development", "border", "last_year_performance")


@admin.register(SplitWeight)
class SplitWeightAdmin(SplitBasisAdmin):
    list_display = ("index", "weight")
    list_editable = ("weight",)


@admin.register(Program)
class ProgramAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "region", "program_type", "fund", "year", "planned_cost", "state")
    list_filter = ("state", "program_type", "fund", "year")
    search_fields = ("title",)
    list_select_related = ("region", "program_type", "fund", "year")

    def get_queryset(self, request):
        return programs_for_user(request.user)


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("region", "fund", "year", "amount", "confirmed_by")
    list_select_related = ("region", "fund", "year", "confirmed_by")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(visible_region_filter(request.user))


@admin.register(Contractor)
class ContractorAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "registration_number", "region")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(visible_region_filter(request.user))
