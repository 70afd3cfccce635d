"""Reference data is edited here by HQ; budget records are read-only here (the portal's services change them)."""

from django.contrib import admin

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
from .scope import programs_for_user, visible_region_filter


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "native_name")


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    list_display = ("label", "start", "end")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "target_percent", "tolerance_percent", "order")


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0


class ServiceItemInline(admin.TabularInline):
    model = ServiceItem
    extra = 0


@admin.register(ProgramType)
class ProgramTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "cost_norm", "norm_basis", "norm_audience", "max_duration_days")
    inlines = [RequiredDocumentInline, ServiceItemInline]


@admin.register(ProvinceProfile)
class ProvinceProfileAdmin(admin.ModelAdmin):
    list_display = ("region", "counties", "cooperatives", "area_km2", "development", "border", "last_year_performance")
    list_editable = ("counties", "cooperatives", "area_km2", "development", "border", "last_year_performance")


@admin.register(SplitWeight)
class SplitWeightAdmin(admin.ModelAdmin):
    list_display = ("index", "weight")
    list_editable = ("weight",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Program)
class ProgramAdmin(ReadOnlyAdmin):
    list_display = ("title", "region", "program_type", "fund", "year", "planned_cost", "state")
    list_filter = ("state", "program_type", "fund", "year")
    search_fields = ("title",)
    list_select_related = ("region", "program_type", "fund", "year")

    def get_queryset(self, request):
        return programs_for_user(request.user)


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ("region", "fund", "year", "amount", "confirmed_by")
    list_select_related = ("region", "fund", "year", "confirmed_by")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(visible_region_filter(request.user))


@admin.register(Contractor)
class ContractorAdmin(ReadOnlyAdmin):
    list_display = ("name", "registration_number", "region")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(visible_region_filter(request.user))
