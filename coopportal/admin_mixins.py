"""Shared pieces of the apps' admin classes."""

from django.contrib.admin.widgets import AutocompleteSelect


class ReadOnlyAdminMixin:
    """Rows the admin shows but only the portal's services change: no add, change or delete here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The largest id a 64-bit primary key holds; SQLite refuses a bigger integer outright.
MAX_ID = 2**63 - 1


def valid_id(value) -> int | None:
    """A filter or query parameter read as a row id: ASCII digits within the key's range, else None (ignored)."""
    text = str(value or "")
    if text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID:
        return int(text)
    return None


class IdListFilter:
    """A SimpleListFilter mixin whose value is a row id: a value that is not one is dropped, so the list shows
    unfiltered instead of answering 500."""

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        if self.parameter_name in self.used_parameters and valid_id(self.used_parameters[self.parameter_name]) is None:
            del self.used_parameters[self.parameter_name]


class IdAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget looks its selected values up as ids when the form is shown again; a
    posted value that is not an id is left out (the field's own error says it is not a valid choice)."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if v in ("", None) or valid_id(v) is not None], attr)


class SafeAutocompleteAdmin:
    """ModelAdmin mixin: its `autocomplete_fields` use `IdAutocompleteSelect`."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = IdAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
