"""Shared pieces of the apps' admin classes."""


class ReadOnlyAdminMixin:
    """Rows the admin shows but only the portal's services change: no add, change or delete here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
