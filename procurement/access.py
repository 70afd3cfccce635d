"""Who sees and touches which province's budget records. Every view, download and admin page asks here."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from coopportal.users.models import CommitteeSeat, Region
from coopportal.users.roles import Role, has_role

from .models import Allocation, Contractor, Program


def is_national(user) -> bool:
    """HQ officers and association admins see every province."""
    return has_role(user, Role.HQ_OFFICER) or has_role(user, Role.ASSOCIATION_ADMIN)


def is_officer(user) -> bool:
    return has_role(user, Role.PROVINCIAL_OFFICER) and user.region_id is not None


def is_seat(user) -> bool:
    return has_role(user, Role.PROVINCIAL_COMMITTEE)


def has_budget_access(user) -> bool:
    return user.is_authenticated and (is_national(user) or is_officer(user) or is_seat(user))


def visible_region_filter(user, prefix: str = "region") -> Q:
    """A filter on `<prefix>` limiting rows to the provinces the user may see."""
    if is_national(user):
        return Q()
    condition = Q(pk__in=[])
    if is_officer(user):
        condition |= Q(**{f"{prefix}_id": user.region_id})
    if is_seat(user):
        condition |= Q(**{f"{prefix}__seats__user": user})
    return condition


def visible_regions(user) -> QuerySet[Region]:
    if is_national(user):
        return Region.objects.filter(country=Region.Country.IRAN)
    condition = Q(pk__in=[])
    if is_officer(user):
        condition |= Q(pk=user.region_id)
    if is_seat(user):
        condition |= Q(pk__in=CommitteeSeat.objects.filter(user=user).values("region_id"))
    return Region.objects.filter(condition, country=Region.Country.IRAN)


def programs_for_user(user) -> QuerySet[Program]:
    if not has_budget_access(user):
        return Program.objects.none()
    if is_national(user):
        return Program.objects.all()
    return Program.objects.filter(region__in=visible_regions(user).values("pk"))


def can_file_in(user, region_id: int) -> bool:
    return is_officer(user) and user.region_id == region_id


def get_program_for_user(user, pk: int, *, write: bool = False, queryset=None) -> Program:
    """The program if the user may see it (404 otherwise); with write=True, only its province's officer (403)."""
    queryset = queryset if queryset is not None else Program.objects.all()
    if not has_budget_access(user):
        raise Http404
    program = (
        queryset.select_related("region", "program_type__category", "fund", "year", "executor", "filed_by")
        .filter(pk=pk)
        .first()
    )
    if program is None or not (is_national(user) or visible_regions(user).filter(pk=program.region_id).exists()):
        raise Http404
    if write and not can_file_in(user, program.region_id):
        raise PermissionDenied
    return program


def get_region_for_user(user, code: str) -> Region:
    if not has_budget_access(user):
        raise Http404
    region = visible_regions(user).filter(code=code).first()
    if region is None:
        raise Http404
    return region


def get_allocation_for_user(user, pk: int) -> Allocation:
    if not has_budget_access(user):
        raise Http404
    allocation = (
        Allocation.objects.select_related("region", "fund", "year")
        .filter(pk=pk, region__in=visible_regions(user).values("pk"))
        .first()
    )
    if allocation is None:
        raise Http404
    return allocation


def get_contractor_for_user(user, pk: int) -> Contractor:
    if not has_budget_access(user):
        raise Http404
    contractor = Contractor.objects.filter(pk=pk, region__in=visible_regions(user).values("pk")).first()
    if contractor is None:
        raise Http404
    return contractor


def require_national(user) -> None:
    if not is_national(user):
        raise PermissionDenied
