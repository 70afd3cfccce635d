"""The teachers' review queue page (the KPI submission changelist), kept per reader by
coopportal/page_cache.py under the version migration 0006's triggers raise whenever a write to
anything the page shows commits, and today's date (what is overdue).
"""

from django.utils import timezone

from coopportal.versions import current_version

from .models import ReviewQueueVersion


def page_versions(request, *args, **kwargs) -> tuple:
    """The queue version (1 query) and today's date."""
    return (current_version(ReviewQueueVersion), timezone.localdate().isoformat())
