from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from coopportal.mail.services import queue_email

from .languages import supported_language
from .roles import Role, grant_role, mfa_enabled, requires_mfa


class AccountAdapter(DefaultAccountAdapter):
    """Everyone who signs up on the site is a student; other roles are granted by admins."""

    @transaction.atomic
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            grant_role(user, Role.STUDENT)
        return user

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """Failed sign-ins count per account and client address together (see ACCOUNT_RATE_LIMITS)."""
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{self.get_client_ip(request)}"

    def get_reauthentication_methods(self, user):
        """Once a user has a second factor, confirming a sensitive change (deactivating it, new recovery
        codes, a new email address) needs that factor: the password alone is not offered."""
        methods = super().get_reauthentication_methods(user)
        if user.is_authenticated and mfa_enabled(user):
            return [method for method in methods if method["id"] != "reauthenticate"]
        return methods

    def send_mail(self, template_prefix, email, context):
        """Account emails (address confirmation, password reset) go through the outbox, so a mail server
        that is away delays them instead of failing the page; in the user's chosen language, without a
        choice in the language of the page that asked for them."""
        user = context.get("user")
        language = supported_language(getattr(user, "language", "")) or translation.get_language()
        request = allauth_context.request
        with translation.override(language):
            message = self.render_mail(
                template_prefix,
                email,
                {"request": request, "email": email, "current_site": get_current_site(request), **context},
            )
        html_bodies = [content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"]
        queue_email(
            recipients=message.to,
            subject=message.subject,
            body=message.body,
            html_body=html_bodies[0] if html_bodies else "",
        )


class MFAAdapter(DefaultMFAAdapter):
    """A user whose role requires two-factor authentication cannot deactivate their authenticator app."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Your role requires two-factor authentication, so the authenticator app cannot be deactivated. "
            "To move it to a new phone, ask an administrator to reset it."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == Authenticator.Type.TOTP and requires_mfa(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
