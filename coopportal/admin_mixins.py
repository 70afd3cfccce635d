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
