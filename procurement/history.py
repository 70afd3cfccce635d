"""Who made a change, attached to the database-trigger history (django-pghistory).

pghistory passes the context to its triggers by prefixing statements with `set_config`,
which only PostgreSQL understands; on SQLite there are no triggers, so there is nothing to attach.
"""

import contextlib

import pghistory
from django.db import connection


def actor_context(actor, action: str):
    if connection.vendor != "postgresql":
        return contextlib.nullcontext()
    return pghistory.context(user=getattr(actor, "pk", None), actor=str(actor) if actor else "", action=action)
