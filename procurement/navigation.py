from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coopportal.navigation import NavItem

from .access import is_national, is_officer, is_seat


def nav_items(request) -> list[NavItem]:
    user = request.user
    items = []
    if is_national(user):
        items += [
            NavItem(
                _("National budget report"),
                reverse("procurement:national"),
                _("Allocation, commitments and norms of every province."),
            ),
            NavItem(
                _("Allocations"), reverse("procurement:allocations"), _("Split a national amount among the provinces.")
            ),
            NavItem(
                _("Fund conflicts"),
                reverse("procurement:conflicts"),
                _("Participants and hosts used by both funds in a year."),
            ),
        ]
    if is_officer(user):
        items.append(
            NavItem(
                _("Grant programs"),
                reverse("procurement:index"),
                _("File programs, costs and documents of your province."),
            )
        )
    elif is_seat(user) and not is_national(user):
        items.append(
            NavItem(_("Sign-off"), reverse("procurement:index"), _("Programs awaiting your committee signature."))
        )
    return items
