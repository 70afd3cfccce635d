"""The teachers' review queue page (the KPI submission changelist), kept per reader by
coopportal/page_cache.py under the version migration 0006's triggers raise whenever a write to
anything the page shows commits, and today's date (what is overdue).
"""

from django.db import connection
from django.utils import timezone


def review_queue_version() -> int:
    """One query: the number the triggers raise when a change to what the queue shows commits (the row of
    `ReviewQueueVersion`). Plain SQL: every request to the queue asks, and the ORM takes longer to build
    the query than the database takes to answer it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM courses_reviewqueueversion WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def page_versions(request, *args, **kwargs) -> tuple:
    return (review_queue_version(), timezone.localdate().isoformat())
