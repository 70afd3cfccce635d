"""URLs for benchmark runs only: the portal plus the ceiling view (BENCHMARK_CEILING=true)."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from coopportal.urls import urlpatterns as portal_urlpatterns

# wrk signs up thousands of attendees from 127.0.0.1 to one presentation: the load should measure the
# sign-up itself, not the flood guard (which answers 429 past 1,000 a minute from one address).
settings.COURSES_SUBSCRIBE_RATE_LIMITS = {"per_ip": 10**9, "per_presentation": 10**9}


@login_not_required
def ceiling(request):
    """The least a request can cost through the same gunicorn, middleware and settings."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ceiling", ceiling), *portal_urlpatterns]
