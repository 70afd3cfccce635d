"""The student's course dashboard, cached whole per student (coopportal/page_cache.py).

The key holds the page versions database triggers note on every write the page reads
(models/pages.py, migration 0007: services, the admin and plain SQL all invalidate it) and the day
(deadlines turn overdue at midnight). An entry lives until the student's next presentation is held
at most, as "held" turns true then. Without those triggers (SQLite) the page is rendered afresh.
"""

import datetime
import math

from django.db import connection
from django.utils import timezone

from . import selectors


def student_page_versions(request, *args, **kwargs) -> tuple | None:
    """The versions a student's pages are kept under (1 query), or None where no triggers keep them.
    Read before the data, so an entry never holds data older than its key says."""
    if connection.vendor != "postgresql":
        return None
    return (selectors.student_page_version(student_id=request.user.pk), timezone.localdate().isoformat())


def dashboard_context(student) -> dict:
    """Theory progress, the seven-level ladder with every KPI, deadlines, comments and answers."""
    enrolment = selectors.active_enrolment(student=student)
    course = enrolment.course if enrolment is not None else selectors.default_course()
    context = {
        "course": course,
        "enrolment": enrolment,
        "theory": selectors.theory_progress(student=student, course_id=course.pk),
        "votes_waiting": selectors.votes_waiting(student=student),
        "classmate_requests": selectors.classmate_requests(student=student),
    }
    if enrolment is not None:
        context["ladder"] = selectors.level_ladder(enrolment=enrolment)
        context["questions"] = selectors.student_questions(enrolment=enrolment)
        context["teachers"] = selectors.cohort_teachers(enrolment=enrolment)
    return context


def seconds_valid(enrolment, now: datetime.datetime) -> int:
    """Until midnight, or until the student's next presentation is held if that comes first."""
    tomorrow = datetime.datetime.combine(timezone.localdate(now) + datetime.timedelta(days=1), datetime.time())
    until = timezone.make_aware(tomorrow)
    if enrolment is not None:
        held_at = selectors.next_presentation_at(enrolment=enrolment, after=now)
        until = min(until, held_at) if held_at else until
    return max(1, math.ceil((until - now).total_seconds()))
