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
                _("My certificates"),
                reverse("accreditation:my_documents"),
                _("Your exam protocols, certificates and their PDFs; the specialty exam."),
            )
        )
    if has_role(user, Role.EXAM_COMMITTEE) or has_role(user, Role.ASSOCIATION_ADMIN):
        items.append(
            NavItem(
                _("Exam sessions"),
                reverse("accreditation:session_list"),
                _("Sessions you sit on: candidates, decisions, protocols to sign."),
            )
        )
        items.append(
            NavItem(
                _("Specialty exams"),
                reverse("accreditation:specialty_queue"),
                _("Score situational tasks of the certification center."),
            )
        )
    return items
