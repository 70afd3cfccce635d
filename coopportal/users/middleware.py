from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .languages import supported_language
from .roles import mfa_enabled, requires_mfa

# Paths a privileged user without MFA may still reach: the account and MFA pages
# (to set it up or log out), static files and the health check.
MFA_SETUP_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/")


class RequireMfaForPrivilegedRolesMiddleware:
    """Send committee members, officers, seats, HQ and admins to set up TOTP first.

    allauth has no switch for "MFA required for some users", so this does it: until the
    user has an authenticator, every other page redirects to the TOTP setup page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(MFA_SETUP_ALLOWED_PREFIXES)
            and requires_mfa(user)
            and not mfa_enabled(user)
        ):
            messages.warning(request, _("Your role requires two-factor authentication. Set it up to continue."))
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class PreferredLanguageMiddleware:
    """A signed-in user reads the portal in their preferred language, on any device.

    Runs after the session and authentication middleware (LocaleMiddleware, before them, has already
    picked the cookie's or the browser's language; a preference, once chosen, wins over both).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        language = supported_language(user.language) if user.is_authenticated else None
        if language and language != request.LANGUAGE_CODE:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
