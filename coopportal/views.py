from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .navigation import dashboard_panels
from .users.languages import language_or_default, set_preferred_language


@login_not_required
def home(request):
    return render(request, "home.html")


def dashboard(request):
    """Each role's starting points, gathered from the apps (see coopportal.navigation)."""
    return render(request, "dashboard.html", {"panels": dashboard_panels(request)})


def _same_site_url(request, url) -> str | None:
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else None


@login_not_required
@require_POST
def set_language(request):
    """The language switcher, open to anonymous visitors (a phone on a subscribe page, a citizen checking
    a certificate): the choice goes into the language cookie and, for a signed-in user, their preference.
    An unknown code chooses the default language; the visitor returns to the page they came from."""
    language = language_or_default(request.POST.get("language"))
    next_url = (
        _same_site_url(request, request.POST.get("next"))
        or _same_site_url(request, request.META.get("HTTP_REFERER"))
        or "/"
    )
    if request.user.is_authenticated:
        set_preferred_language(user=request.user, language=language)
    return remember_language(HttpResponseRedirect(next_url), language)


def remember_language(response, language: str):
    """The language cookie: the choice holds for this browser after signing out, too."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
