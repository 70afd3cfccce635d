"""The student's course dashboard, rendered once and cached per student.

The key holds the student, the page versions database triggers note on every write the page reads
(models/pages.py, migration 0007: services, the admin and plain SQL all invalidate it), the day
(deadlines turn overdue at midnight) and the language. An entry lives until the student's next
presentation is held at most, as "held" turns true then. Without those triggers (SQLite) the page is
rendered afresh every time.
"""

import datetime
import math

from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from . import selectors

# The forms on the page carry the reader's own CSRF token, never the one of the request that filled the cache.
CSRF_PLACEHOLDER = "csrf-token-of-the-request"
CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'


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


def _seconds_valid(enrolment, now: datetime.datetime) -> int:
    """Until midnight, or until the student's next presentation is held if that comes first."""
    tomorrow = datetime.datetime.combine(timezone.localdate(now) + datetime.timedelta(days=1), datetime.time())
    until = timezone.make_aware(tomorrow)
    if enrolment is not None:
        held_at = selectors.next_presentation_at(enrolment=enrolment, after=now)
        until = min(until, held_at) if held_at else until
    return max(1, math.ceil((until - now).total_seconds()))


def _render(request, context) -> str:
    return render_to_string("courses/_dashboard.html", {**context, "csrf_token": CSRF_PLACEHOLDER}, request)


def dashboard_html(request) -> SafeString:
    student = request.user
    if connection.vendor != "postgresql":
        html = _render(request, dashboard_context(student))
    else:
        # The version is read before the data, so an entry never holds data older than its key says.
        version = selectors.student_page_version(student_id=student.pk)
        now = timezone.now()
        key = f"courses:dashboard:{student.pk}:{version}:{timezone.localdate(now).isoformat()}:{get_language()}"
        html = cache.get(key)
        if html is None:
            context = dashboard_context(student)
            html = _render(request, context)
            cache.set(key, html, _seconds_valid(context["enrolment"], now))
    placeholder = format_html(CSRF_INPUT, CSRF_PLACEHOLDER)
    return mark_safe(html.replace(placeholder, format_html(CSRF_INPUT, get_token(request))))  # noqa: S308
