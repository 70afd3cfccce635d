from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.utils import translation

from coopportal.mail.services import queue_email

from .languages import supported_language
from .roles import Role, grant_role


class AccountAdapter(DefaultAccountAdapter):
    """Everyone who signs up on the site is a student; other roles are granted by admins."""

    @transaction.atomic
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            grant_role(user, Role.STUDENT)
        return user

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
