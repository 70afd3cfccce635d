from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from .navigation import dashboard_panels
from .page_cache import cached_per_reader


@login_not_required
def home(request):
    return render(request, "home.html")


@cached_per_reader(lambda request: ())
def dashboard(request):
    """Each role's starting points, gathered from the apps (see coopportal.navigation); the page shows
    nothing but the navigation, which is part of every cached page's key."""
    return render(request, "dashboard.html", {"panels": dashboard_panels(request)})
