"""Reads for course delivery. Each function runs a fixed number of queries, whatever the data size.

Accreditation relies on `exam_candidates`, `level_report` and `deadline_record`; their
names and keyword-only signatures are stable.
"""

from .levels import (
    DeadlineRow,
    closable_levels,
    deadline_record,
    exam_candidates,
    is_overdue,
    level_figures,
    level_report,
    levels_for_enrolment,
    students_at_level,
)
from .presentations import (
    LiveCount,
    classmate_requests,
    exam_presentations,
    invitees,
    level_presentations,
    live_count,
    presentation_subscriptions,
    presentation_with_records,
    presentations_for_review,
    public_presentation,
    sign_up_awaiting_code,
    subscriber_by_unsubscribe_token,
)
from .student import (
    LevelRow,
    active_enrolment,
    classmates,
    cohort_teachers,
    level_ladder,
    student_dashboard,
    student_questions,
    submission_history,
    trial_presentations,
    votes_waiting,
)
from .theory import COURSE_SLUG, default_course, lesson_for_reading, quiz_for_taking, theory_passed, theory_progress

__all__ = [
    "COURSE_SLUG",
    "DeadlineRow",
    "LevelRow",
    "LiveCount",
    "active_enrolment",
    "classmate_requests",
    "classmates",
    "closable_levels",
    "cohort_teachers",
    "deadline_record",
    "default_course",
    "exam_candidates",
    "exam_presentations",
    "invitees",
    "is_overdue",
    "level_figures",
    "lesson_for_reading",
    "level_ladder",
    "level_presentations",
    "level_report",
    "levels_for_enrolment",
    "live_count",
    "presentation_subscriptions",
    "presentation_with_records",
    "presentations_for_review",
    "public_presentation",
    "sign_up_awaiting_code",
    "quiz_for_taking",
    "student_dashboard",
    "student_questions",
    "students_at_level",
    "submission_history",
    "subscriber_by_unsubscribe_token",
    "theory_passed",
    "theory_progress",
    "trial_presentations",
    "votes_waiting",
]
