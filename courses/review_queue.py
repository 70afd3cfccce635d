"""The teachers' review queue page (the KPI submission changelist), cached per viewer.

A rendered page is kept under the viewer, the full query string, the language, today's date (what is
overdue) and the version migration 0006's triggers raise whenever a write to anything the page shows
commits, so a teacher never gets a stale page or someone else's. The page is kept without a CSRF token:
it is stored with a placeholder that every response replaces with the requesting user's own token.
"""

import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

CSRF_PLACEHOLDER = "review-queue-csrf-token-placeholder"
# The version changes the key on every write; the timeout only frees memory.
PAGE_TIMEOUT = 60 * 60


def review_queue_version() -> int:
    """One query: the number the triggers raise when a change to what the queue shows commits (the row of
    `ReviewQueueVersion`). Plain SQL: every request to the queue asks, and the ORM takes longer to build
    the query than the database takes to answer it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM courses_reviewqueueversion WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def is_cacheable(request) -> bool:
    """A plain GET with no messages waiting to be shown, outside a transaction: a transaction's own
    writes raise the version only when it commits, so a page read inside one is built fresh."""
    return request.method == "GET" and not connection.in_atomic_block and not len(messages.get_messages(request))


def page_key(request) -> str:
    query = hashlib.sha256(request.META.get("QUERY_STRING", "").encode()).hexdigest()
    parts = (review_queue_version(), request.user.pk, get_language(), timezone.localdate().isoformat(), query)
    return "courses:review_queue:" + ":".join(map(str, parts))


def cached_page(key: str) -> bytes | None:
    return cache.get(key)


def keep_page(key: str, content: bytes) -> None:
    cache.set(key, content, PAGE_TIMEOUT)


def with_csrf_token(request, content: bytes) -> bytes:
    """The page with the requesting user's CSRF token in place of the placeholder."""
    return content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
