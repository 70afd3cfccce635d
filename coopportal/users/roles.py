"""Roles (Django groups) and the questions views ask about them.

A role says what a user may do; scope says where. Scope for provincial roles is the
province (the user's region for officers, the seat's region for committee members).
Course and exam scope (cohorts taught, sessions sat on) is answered by those apps.
"""

from allauth.mfa.utils import is_mfa_enabled
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    TEACHER = "teacher", _("Teacher")
    EXAM_COMMITTEE = "exam_committee", _("Exam committee member")
    PROVINCIAL_OFFICER = "provincial_officer", _("Provincial officer")
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial committee member")
    HQ_OFFICER = "hq_officer", _("HQ officer")
    ASSOCIATION_ADMIN = "association_admin", _("Association admin")


MFA_ROLES = frozenset(
    {
        Role.EXAM_COMMITTEE,
        Role.PROVINCIAL_OFFICER,
        Role.PROVINCIAL_COMMITTEE,
        Role.HQ_OFFICER,
        Role.ASSOCIATION_ADMIN,
    }
)


def role_names(user) -> frozenset[str]:
    """The user's roles, read once per user object together with whether they have an authenticator
    (1 query: every signed-in request of a privileged role asks both)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        from allauth.mfa.models import Authenticator
        from django.contrib.auth.models import Group
        from django.db.models import Exists

        rows = list(
            Group.objects.filter(user=user)
            .annotate(has_authenticator=Exists(Authenticator.objects.filter(user_id=user.pk)))
            .values_list("name", "has_authenticator")
        )
        cached = user._role_names = frozenset(name for name, _has in rows)
        if rows:
            user._has_authenticator = rows[0][1]
    return cached


def remember_roles(user, *, names, has_authenticator: bool) -> None:
    """Keep on the user object what `role_names` and `mfa_enabled` would read (the user was read with them)."""
    user._role_names = frozenset(names)
    user._has_authenticator = has_authenticator


def has_role(user, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser and role == Role.ASSOCIATION_ADMIN:
        return True
    return role in role_names(user)


def holds_role(user, role: Role, *, region=None) -> bool:
    """Does the user hold `role`, and (when a region is given) hold it for that region?"""
    if not has_role(user, role):
        return False
    if region is None:
        return True
    region_id = getattr(region, "pk", region)
    if role == Role.PROVINCIAL_OFFICER:
        return user.region_id == region_id
    if role == Role.PROVINCIAL_COMMITTEE:
        return seat_of(user, region_id) is not None
    # HQ and admins act nationally; other roles are not scoped by region.
    return role in (Role.HQ_OFFICER, Role.ASSOCIATION_ADMIN)


def seat_of(user, region) -> str | None:
    """The kind of committee seat the user holds in the province, or None."""
    from .models import CommitteeSeat

    region_id = getattr(region, "pk", region)
    return CommitteeSeat.objects.filter(user=user, region_id=region_id).values_list("kind", flat=True).first()


def requires_mfa(user) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(role_names(user) & MFA_ROLES))


def mfa_enabled(user) -> bool:
    """Has the user an authenticator? Read with the roles where the user has any, else asked (1 query)."""
    known = getattr(user, "_has_authenticator", None)
    if known is None:
        known = user._has_authenticator = is_mfa_enabled(user)
    return known


def grant_role(user, role: Role) -> None:
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=role))
    user.__dict__.pop("_role_names", None)
