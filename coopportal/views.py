from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from .navigation import dashboard_panels


@login_not_required
def home(request):
    return render(request, "home.html")


def dashboard(request):
    """Each role's starting points, gathered from the apps (see coopportal.navigation)."""
    return render(request, "dashboard.html", {"panels": dashboard_panels(request)})
