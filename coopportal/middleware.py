"""Request guards that apply to every view."""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


def refuse_nul_in_query_string(get_response):
    """A query string carrying a NUL character is refused (400): no column can hold one (PostgreSQL refuses
    it in any text lookup), so an admin search or filter would otherwise answer 500. Forms refuse NUL in
    their fields themselves, with a message beside the field."""

    def middleware(request):
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            return HttpResponseBadRequest(_("The address of this page contains a NUL character; remove it."))
        return get_response(request)

    return middleware
