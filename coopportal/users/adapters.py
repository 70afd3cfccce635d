from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.utils import translation

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
        """Account emails (address confirmation, password reset) in the user's chosen language; without
        a choice, in the language of the page that asked for them."""
        user = context.get("user")
        language = supported_language(getattr(user, "language", "")) or translation.get_language()
        with translation.override(language):
            return super().send_mail(template_prefix, email, context)
