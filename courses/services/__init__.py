"""Writes for course delivery. Views, admin actions and tests all call these functions."""

from .advice import ask_question, reply_to_question
from .enrolment import accept_join_request, decline_join_request, enrol_student, request_to_join
from .invitations import add_invitee, import_invitees, set_invitee_status
from .kpi import (
    cast_peer_vote,
    confirm_trial_attendance,
    record_trial_presentation,
    review_submission,
    review_submissions,
    submit_kpi_document,
)
from .presentations import (
    confirm_attendance,
    confirm_likes,
    record_presentation,
    record_result,
    report_attendance,
    report_likes,
    respond_as_classmate,
)
from .progress import close_cohort_level, refresh_progress
from .subscribers import confirm_by_code, confirm_by_link, subscribe, unsubscribe
from .theory import mark_lesson_done, start_quiz_attempt, submit_quiz

__all__ = [
    "accept_join_request",
    "add_invitee",
    "ask_question",
    "cast_peer_vote",
    "close_cohort_level",
    "confirm_attendance",
    "confirm_by_code",
    "confirm_by_link",
    "confirm_likes",
    "confirm_trial_attendance",
    "decline_join_request",
    "enrol_student",
    "import_invitees",
    "mark_lesson_done",
    "record_presentation",
    "record_result",
    "record_trial_presentation",
    "refresh_progress",
    "reply_to_question",
    "report_attendance",
    "report_likes",
    "request_to_join",
    "respond_as_classmate",
    "review_submission",
    "review_submissions",
    "set_invitee_status",
    "submit_kpi_document",
    "start_quiz_attempt",
    "submit_quiz",
    "subscribe",
    "unsubscribe",
]
