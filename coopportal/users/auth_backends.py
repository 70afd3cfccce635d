"""Signing in is allauth's; reading the signed-in user adds their roles to the same query."""

from allauth.account.auth_backends import AuthenticationBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef

from .roles import remember_roles


class PortalAuthenticationBackend(AuthenticationBackend):
    def get_user(self, user_id):
        """The session's user with their role names and whether they have an authenticator: 1 query,
        one row per role (every signed-in page asks both, for its navigation)."""
        rows = list(
            get_user_model()
            ._default_manager.filter(pk=user_id)
            .annotate(
                role_name=F("groups__name"),
                has_authenticator=Exists(Authenticator.objects.filter(user_id=OuterRef("pk"))),
            )
            .order_by()
        )
        if not rows:
            return None
        user = rows[0]
        remember_roles(
            user,
            names={row.role_name for row in rows if row.role_name},
            has_authenticator=user.has_authenticator,
        )
        return user if self.user_can_authenticate(user) else None
