"""Upkeep of the student page versions that database triggers note (courses/models/pages.py)."""

from django.db import connection

# One statement: a reader sees either a scope's old rows or their one folded row, with the same sum.
# Writers only add rows or count on their own transaction's row, so they never wait on this.
FOLD_SQL = """
WITH folded AS (
    DELETE FROM courses_studentpagechange
    WHERE scope IN (SELECT scope FROM courses_studentpagechange GROUP BY scope HAVING count(*) > 1)
    RETURNING scope, changes
)
INSERT INTO courses_studentpagechange (scope, transaction, changes)
SELECT scope, pg_current_xact_id()::text::bigint, sum(changes) FROM folded GROUP BY scope
"""


def compact_student_page_changes() -> int:
    """Fold each scope's rows into one keeping their sum, so reading a version stays a short index scan.
    Returns the number of scopes folded (PostgreSQL only; elsewhere there are no rows)."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(FOLD_SQL)
        return cursor.rowcount
