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
    if has_role(user, Role.TEACHER) and user.is_staff:
        items.append(
            NavItem(
                _("Attendance to confirm"),
                reverse("admin:courses_presentation_changelist") + "?attendance=awaiting",
                _("Presentations of your cohorts whose reported attendance waits for your check of the evidence."),
            )
        )
    if has_role(user, Role.EXAM_COMMITTEE):
        items.append(
            NavItem(
                _("Exam broadcasts"),
                reverse("courses:exam_presentations"),
                _("Confirm the attendance and likes of the candidates' exam presentations."),
            )
        )
    if has_role(user, Role.ASSOCIATION_ADMIN) and user.is_staff:
        items.append(
            NavItem(
                _("Subscriber database"),
                reverse("admin:courses_subscriber_changelist"),
                _("Everyone who subscribed at a presentation: search, filter by region and presentation, export."),
            )
        )
    return items
