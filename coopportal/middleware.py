"""Request guards that apply to every view."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

from .admin_mixins import valid_id


def refuse_nul_in_query_string(get_response):
    """A query string carrying a NUL character is refused (400): no column can hold one (PostgreSQL refuses
    it in any text lookup), so an admin search or filter would otherwise answer 500. Forms refuse NUL in
    their fields themselves, with a message beside the field."""

    def middleware(request):
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            return HttpResponseBadRequest(_("The address of this page contains a NUL character; remove it."))
        return get_response(request)

    return middleware


class RefuseBadAdminSelectionMiddleware:
    """An admin action posted with a selected row that is not an id (text, Unicode digits, past 64 bits,
    which SQLite cannot even compare) is refused (400) before the admin filters its rows by it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.resolver_match.namespace != "admin":
            return None
        if any(valid_id(value) is None for value in request.POST.getlist(ACTION_CHECKBOX_NAME)):
            return HttpResponseBadRequest(_("The selected rows are not rows of this list."))
        return None
