"""Writes for course delivery. Views, admin actions and tests all call these functions."""

from .advice import ask_question, reply_to_question
from .enrolment import accept_join_request, decline_join_request, enrol_student, request_to_join
from .kpi import cast_peer_vote, record_trial_presentation, review_submission, review_submissions, submit_kpi_document
from .progress import close_cohort_level, refresh_progress
from .theory import mark_lesson_done, submit_quiz

__all__ = [
    "accept_join_request",
    "ask_question",
    "cast_peer_vote",
    "close_cohort_level",
    "decline_join_request",
    "enrol_student",
    "mark_lesson_done",
    "record_trial_presentation",
    "refresh_progress",
    "reply_to_question",
    "request_to_join",
    "review_submission",
    "review_submissions",
    "submit_kpi_document",
    "submit_quiz",
]
