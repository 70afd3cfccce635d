"""Scope: who may see or change which course object.

Every view, admin page and download fetches its object through one of the
`get_*_for_user` helpers, which return it or raise 404 (not in the user's scope at
all) or 403 (visible, but this user may not change it). The admin's querysets come
from the `*_visible_to` functions here.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from coopportal.users.models import User
from coopportal.users.roles import Role, has_role

from .models import AdviceQuestion, Cohort, Enrolment, KpiSubmission, LevelCode, Presentation, Subscriber


def is_course_admin(user) -> bool:
    return has_role(user, Role.ASSOCIATION_ADMIN)


def cohorts_visible_to(user) -> QuerySet[Cohort]:
    """Admins: every cohort. Teachers: the cohorts they teach."""
    if is_course_admin(user):
        return Cohort.objects.all()
    if has_role(user, Role.TEACHER):
        return Cohort.objects.filter(teachers=user)
    return Cohort.objects.none()


def teaches(user, cohort_id: int) -> bool:
    return is_course_admin(user) or (
        has_role(user, Role.TEACHER) and Cohort.objects.filter(pk=cohort_id, teachers=user).exists()
    )


def students_enrollable_by(user) -> QuerySet:
    """Who the admin's "add enrolment" form offers: an admin, every active student; a teacher, the students
    with a pending join request to a cohort they teach."""
    students = User.objects.filter(groups__name=Role.STUDENT, is_active=True)
    if is_course_admin(user):
        return students
    return students.filter(
        pk__in=Enrolment.objects.filter(
            status=Enrolment.Status.REQUESTED, cohort__in=cohorts_visible_to(user).values("pk")
        ).values("student_id")
    )


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    if is_course_admin(user):
        return Enrolment.objects.all()
    return Enrolment.objects.filter(Q(student=user) | Q(cohort__in=cohorts_visible_to(user).values("pk")))


def submissions_visible_to(user) -> QuerySet[KpiSubmission]:
    """What a user may see in the review queue: admins everything, teachers their cohorts' submissions."""
    if is_course_admin(user):
        return KpiSubmission.objects.all()
    if has_role(user, Role.TEACHER):
        # A join rather than `IN (subquery)`: the planner then walks from the teacher's cohorts
        # through the enrolment index instead of joining every pending submission first.
        return KpiSubmission.objects.filter(enrolment__cohort__teachers=user)
    return KpiSubmission.objects.none()


def questions_visible_to(user) -> QuerySet[AdviceQuestion]:
    if is_course_admin(user):
        return AdviceQuestion.objects.all()
    return AdviceQuestion.objects.filter(
        Q(enrolment__student=user) | Q(enrolment__cohort__in=cohorts_visible_to(user).values("pk"))
    )


def get_submission_for_user(user, pk, *, write: bool = False) -> KpiSubmission:
    """Read: the student, the cohort's teachers, admins. Write (review): teachers and admins only."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    submission = (
        KpiSubmission.objects.select_related("enrolment__cohort", "enrolment__student", "requirement__level")
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404
    is_owner = submission.enrolment.student_id == user.pk
    is_teacher = teaches(user, submission.enrolment.cohort_id)
    if not (is_owner or is_teacher):
        raise Http404
    if write and not is_teacher:
        raise PermissionDenied
    return submission


def get_question_for_user(user, pk) -> AdviceQuestion:
    """The asking student, the cohort's teachers and admins may read and reply."""
    question = AdviceQuestion.objects.select_related("enrolment__cohort", "enrolment__student").filter(pk=pk).first()
    if question is None or not (
        question.enrolment.student_id == user.pk or teaches(user, question.enrolment.cohort_id)
    ):
        raise Http404
    return question


def enrolments_judged_by(user) -> QuerySet[Enrolment]:
    """The enrolments whose exam `user` judges: candidates of the exam sessions they sit on. The
    sessions live in accreditation, which builds on courses, so they are reached by relation name."""
    if not has_role(user, Role.EXAM_COMMITTEE):
        return Enrolment.objects.none()
    return Enrolment.objects.filter(exam_candidacies__session__members__user=user)


def judges_exam_of(user, enrolment_id: int) -> bool:
    """A member of the committee of an exam session where the enrolment is a candidate."""
    return enrolments_judged_by(user).filter(pk=enrolment_id).exists()


def presentations_visible_to(user) -> QuerySet[Presentation]:
    """Admins: all. Teachers: their cohorts' presentations. Exam committee: the exam presentations of
    the candidates of the sessions they sit on."""
    if is_course_admin(user):
        return Presentation.objects.all()
    scope = Q(enrolment__cohort__in=cohorts_visible_to(user).values("pk"))
    if has_role(user, Role.EXAM_COMMITTEE):
        scope |= Q(level__code=LevelCode.EXAM, enrolment__in=enrolments_judged_by(user).values("pk"))
    return Presentation.objects.filter(scope)


def subscribers_visible_to(user) -> QuerySet[Subscriber]:
    """The association-wide subscriber database is for association admins only."""
    return Subscriber.objects.all() if is_course_admin(user) else Subscriber.objects.none()


def get_presentation_for_user(user, pk, *, write: bool = False) -> Presentation:
    """Read: the presenter, active classmates of the cohort, its teachers, admins, and the committee of the
    presenter's exam session for exam presentations. Write (the presenter's own records): the presenter only."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    presentation = (
        Presentation.objects.select_related("enrolment__cohort__region", "presenter", "level").filter(pk=pk).first()
    )
    if presentation is None:
        raise Http404
    cohort_id = presentation.enrolment.cohort_id
    is_presenter = presentation.presenter_id == user.pk
    if not is_presenter:
        classmate = Enrolment.objects.filter(cohort_id=cohort_id, student=user, status=Enrolment.Status.ACTIVE).exists()
        examiner = presentation.level.code == LevelCode.EXAM and judges_exam_of(user, presentation.enrolment_id)
        if not (classmate or examiner or teaches(user, cohort_id)):
            raise Http404
    if write and not is_presenter:
        raise PermissionDenied
    return presentation


def sees_leads(user, presentation: Presentation) -> bool:
    """Subscribers' names, results and evidence: the presenter, the cohort's teachers, the committee of
    the presenter's exam session at the exam, admins; classmates see the counts only."""
    return (
        presentation.presenter_id == user.pk
        or teaches(user, presentation.enrolment.cohort_id)
        or (presentation.level.code == LevelCode.EXAM and judges_exam_of(user, presentation.enrolment_id))
    )
