"""URLs for benchmark runs only: the portal plus the ceiling view (bench/settings.py)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from coopportal.urls import urlpatterns as portal_urlpatterns


@login_not_required
def ceiling(request):
    """The least a request can cost through the same gunicorn, middleware and settings."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ceiling", ceiling), *portal_urlpatterns]
