from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from .roles import Role, grant_role


class AccountAdapter(DefaultAccountAdapter):
    """Everyone who signs up on the site is a student; other roles are granted by admins."""

    @transaction.atomic
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            grant_role(user, Role.STUDENT)
        return user
