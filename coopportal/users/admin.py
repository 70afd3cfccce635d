from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from coopportal.admin_mixins import SafeAutocompleteAdmin

from .models import CommitteeSeat, Region, User


@admin.register(User)
class UserAdmin(SafeAutocompleteAdmin, BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "region", "language", "is_staff", "is_active")
    list_filter = ("groups", "region__country", "is_staff", "is_active")
    search_fields = ("email", "full_name")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "region", "language")}),
        (_("Roles"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    filter_horizontal = ("groups",)


@admin.register(Region)
class RegionAdmin(TranslationAdmin):
    list_display = ("name", "country", "code")
    list_filter = ("country",)
    search_fields = ("name_en", "name_ru", "name_kk", "name_fa", "code")


@admin.register(CommitteeSeat)
class CommitteeSeatAdmin(SafeAutocompleteAdmin, admin.ModelAdmin):
    list_display = ("region", "kind", "user")
    list_filter = ("kind", "region")
    list_select_related = ("region", "user")
    autocomplete_fields = ("region", "user")


# allauth ships no Kazakh catalog: the names the admin index shows for its apps and models are marked here
# so that the portal's catalogs carry them (a catalog in LOCALE_PATHS translates any app's strings).
ALLAUTH_ADMIN_NAMES = (_("Accounts"), _("email address"), _("email addresses"))
