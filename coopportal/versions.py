"""Version rows: a table of one row (id 1) whose number database triggers raise on every write to the
tables a cached page reads (procurement's report version, courses' review queue version), so a page
kept under that number is never stale."""

from django.db import connection


def current_version(model) -> int:
    """One query. Plain SQL: cached pages ask on every request, and compiling the ORM query cost more
    than answering it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {model._meta.db_table} WHERE id = 1")  # noqa: S608 (table from meta)
        row = cursor.fetchone()
    return row[0] if row else 0
