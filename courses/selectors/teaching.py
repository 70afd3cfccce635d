"""What waits for a teacher: the counts on their admin landing page."""

from dataclasses import dataclass

from coopportal.users.roles import Role, has_role

from ..access import enrolments_visible_to, is_course_admin, questions_visible_to, submissions_visible_to
from ..models import AdviceQuestion, Enrolment, KpiSubmission


@dataclass(frozen=True)
class Worklist:
    join_requests: int
    pending_documents: int
    unanswered_questions: int


def teacher_worklist(*, user) -> Worklist | None:
    """Join requests, KPI documents waiting for review and questions waiting for an answer in the
    cohorts the user teaches (all cohorts for an admin); None for anyone else (3 queries)."""
    if not (is_course_admin(user) or has_role(user, Role.TEACHER)):
        return None
    return Worklist(
        join_requests=enrolments_visible_to(user).filter(status=Enrolment.Status.REQUESTED).count(),
        pending_documents=submissions_visible_to(user).filter(status=KpiSubmission.Status.PENDING).count(),
        unanswered_questions=questions_visible_to(user).filter(status=AdviceQuestion.Status.OPEN).count(),
    )
