from functools import cache

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection


@cache
def _signed_in_user_sql(vendor: str) -> str:
    """The user row with their role names (comma-joined) and whether they have an authenticator.

    Plain SQL: the ORM spends longer compiling the annotated query than the database spends
    answering it, on the one query every signed-in request makes."""
    user_model = get_user_model()
    users = user_model._meta.db_table
    memberships = user_model.groups.through._meta
    groups = user_model.groups.field.related_model._meta.db_table
    joined = "STRING_AGG(g.name, ',')" if vendor == "postgresql" else "GROUP_CONCAT(g.name, ',')"
    # Table names come from the models' meta, never from input.
    return (
        f"SELECT u.*, "  # noqa: S608
        f"(SELECT {joined} FROM {groups} g JOIN {memberships.db_table} m ON m.group_id = g.id "
        f"WHERE m.user_id = u.id) AS role_list, "
        f"EXISTS (SELECT 1 FROM {Authenticator._meta.db_table} a WHERE a.user_id = u.id) AS has_authenticator "
        f"FROM {users} u WHERE u.id = %s"
    )


class AuthenticationBackend(AllauthBackend):
    """allauth's backend (login by email), loading the signed-in user together with their role
    names and whether they have an authenticator: every signed-in request asks both, so one
    query answers what took three."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user_id = user_model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        rows = list(user_model._default_manager.raw(_signed_in_user_sql(connection.vendor), [user_id]))
        user = rows[0] if rows else None
        if user is None or not self.user_can_authenticate(user):
            return None
        user._role_names = frozenset(user.role_list.split(",")) if user.role_list else frozenset()
        user.has_authenticator = bool(user.has_authenticator)
        return user
