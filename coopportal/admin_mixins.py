"""Shared pieces of the apps' admin classes."""

from django.core.exceptions import BadRequest


class ReadOnlyAdminMixin:
    """Rows the admin shows but only the portal's services change: no add, change or delete here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NulFreeQueryAdminMixin:
    """PostgreSQL refuses a NUL character in a string: a filter or search value holding one is a bad
    request (400), never a database error (500). Other bad filter values the admin ignores itself."""

    def changelist_view(self, request, extra_context=None):
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            raise BadRequest("A filter value holds a NUL character.")
        return super().changelist_view(request, extra_context)


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
