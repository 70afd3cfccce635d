import weakref
from functools import cache

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection


@cache
def _signed_in_user_sql(vendor: str, placeholder: str = "%s") -> str:
    """The user's columns with their role names (comma-joined) and whether they have an authenticator.

    Plain SQL: the ORM spends longer compiling the annotated query than the database spends
    answering it, on the one query every signed-in request makes."""
    user_model = get_user_model()
    columns = ", ".join(f"u.{connection.ops.quote_name(field.column)}" for field in user_model._meta.concrete_fields)
    memberships = user_model.groups.through._meta
    groups = user_model.groups.field.related_model._meta.db_table
    joined = "STRING_AGG(g.name, ',')" if vendor == "postgresql" else "GROUP_CONCAT(g.name, ',')"
    # Table and column names come from the models' meta, never from input.
    return (
        f"SELECT {columns}, "  # noqa: S608
        f"(SELECT {joined} FROM {groups} g JOIN {memberships.db_table} m ON m.group_id = g.id "
        f"WHERE m.user_id = u.id) AS role_list, "
        f"EXISTS (SELECT 1 FROM {Authenticator._meta.db_table} a WHERE a.user_id = u.id) AS has_authenticator "
        f"FROM {user_model._meta.db_table} u WHERE u.id = {placeholder}"
    )


@cache
def _user_field_names() -> list[str]:
    """The user's fields in the order the query selects their columns."""
    return [field.attname for field in get_user_model()._meta.concrete_fields]


# PostgreSQL connections (the driver's own objects) that hold the prepared statement.
_prepared_on = weakref.WeakSet()


def _signed_in_user_postgresql(user_id):
    """PostgreSQL plans this query in about four times as long as it takes to answer it, so each
    connection prepares it once. The statement is prepared with the driver's cursor, as Django sets a
    connection's time zone: setup of the connection, not one of the request's queries."""
    with connection.cursor() as cursor:  # connects first, or reconnects after a failed health check
        driver_connection = connection.connection
        if driver_connection not in _prepared_on:
            with driver_connection.cursor() as setup:
                setup.execute(f"PREPARE signed_in_user AS {_signed_in_user_sql('postgresql', '$1')}")
            _prepared_on.add(driver_connection)
        cursor.execute("EXECUTE signed_in_user (%s)", [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    *values, role_list, has_authenticator = row
    # psycopg2 returns these columns as the fields hold them (aware datetimes): nothing to convert.
    user = get_user_model().from_db(connection.alias, _user_field_names(), values)
    user.role_list, user.has_authenticator = role_list, has_authenticator
    return user


def _signed_in_user_other(user_id):
    """Elsewhere (SQLite) the raw query set applies the backend's converters (dates come back as text)."""
    rows = list(get_user_model()._default_manager.raw(_signed_in_user_sql(connection.vendor), [user_id]))
    return rows[0] if rows else None


class AuthenticationBackend(AllauthBackend):
    """allauth's backend (login by email), loading the signed-in user together with their role
    names and whether they have an authenticator: every signed-in request asks both, so one
    query answers what took three."""

    def get_user(self, user_id):
        try:
            user_id = get_user_model()._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        load = _signed_in_user_postgresql if connection.vendor == "postgresql" else _signed_in_user_other
        user = load(user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        user._role_names = frozenset(user.role_list.split(",")) if user.role_list else frozenset()
        user.has_authenticator = bool(user.has_authenticator)
        return user
