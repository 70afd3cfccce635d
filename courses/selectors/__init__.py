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
    levels_with_requirements,
    students_at_level,
)
from .student import (
    LevelRow,
    active_enrolment,
    classmates,
    cohort_teachers,
    level_ladder,
    student_questions,
    submission_history,
    trial_presentations,
    votes_waiting,
)
from .theory import COURSE_SLUG, default_course, quiz_for_taking, theory_passed, theory_progress

__all__ = [
    "COURSE_SLUG",
    "DeadlineRow",
    "LevelRow",
    "active_enrolment",
    "closable_levels",
    "classmates",
    "cohort_teachers",
    "deadline_record",
    "default_course",
    "exam_candidates",
    "is_overdue",
    "level_figures",
    "level_ladder",
    "level_report",
    "levels_with_requirements",
    "quiz_for_taking",
    "student_questions",
    "students_at_level",
    "submission_history",
    "theory_passed",
    "theory_progress",
    "trial_presentations",
    "votes_waiting",
]
