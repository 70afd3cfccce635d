from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coopportal.navigation import NavItem
from coopportal.users.roles import Role, has_role


def nav_items(request) -> list[NavItem]:
    user = request.user
    items = []
    if has_role(user, Role.STUDENT):
        items.append(
            NavItem(
                _("My course"),
                reverse("courses:dashboard"),
                _("Theory, the seven levels and their KPIs, questions to your teachers."),
            )
        )
    if has_role(user, Role.TEACHER) and user.is_staff:
        items.append(
            NavItem(
                _("Review queue"),
                reverse("admin:courses_kpisubmission_changelist") + "?status__exact=pending",
                _("KPI documents of your cohorts waiting for review; questions to answer."),
            )
        )
    return items
