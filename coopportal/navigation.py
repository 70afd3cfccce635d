"""Role-aware navigation.

Each app may have a `navigation.py` with `nav_items(request) -> list[NavItem]`, returning
the entries the current user's roles and scope allow. The header menu and the dashboard
are built from them, so a role sees its own entries and nothing else.
"""

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    description: str = ""


@cache
def _app_navigation_modules():
    modules = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.navigation"
        if config.name.startswith(("django.", "allauth")) or find_spec(module_name) is None:
            continue
        modules.append(import_module(module_name))
    return modules


def nav_items(request) -> list[NavItem]:
    """The entries for this request's user, worked out once per request (header and dashboard)."""
    if not hasattr(request, "_nav_items"):
        request._nav_items = _user_nav_items(request) if request.user.is_authenticated else []
    return request._nav_items


def _user_nav_items(request) -> list[NavItem]:
    items = []
    for module in _app_navigation_modules():
        items.extend(module.nav_items(request))
    if request.user.is_staff:
        items.append(NavItem(_("Administration"), reverse("admin:index"), _("Review queues and records.")))
    return items


def dashboard_panels(request) -> list[NavItem]:
    return [item for item in nav_items(request) if item.description]


def navigation(request):
    """Template context processor: `nav_items` for the header, computed only when used."""
    return {"nav_items": SimpleLazyObject(lambda: nav_items(request))}
