"""Rules in the services (issue 15, item 7): each course service that changes state takes the acting
user and refuses one outside its scope itself, with nothing stored. Personas: the student, a classmate,
a teacher of the cohort, a teacher of another cohort, a committee member of another session, an
outsider and an anonymous visitor."""

import pytest
from django.contrib.auth.models import AnonymousUser

from coopportal.audit.models import AuditEntry
from coopportal.users.roles import Role
from courses import services
from courses.exceptions import NotAllowed
from courses.models import CohortLevelClosure, Enrolment, KpiSubmission, LevelProgress, PresentationAttendee
from tests.accreditation import factories as exam_factories
from tests.courses.factories import (
    CohortFactory,
    at_level,
    document_requirements,
    held_presentation,
    level,
    png_upload,
    student,
    student_at,
    teacher,
    trial,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return CohortFactory(teachers=[teacher()], open_for_requests=True)


def outsiders(cohort):
    """Everyone but the cohort's teachers and admins."""
    other_members = exam_factories.committee()
    other_cohort = exam_factories.cohort("Astana autumn cohort")
    exam_factories.session(
        cohort=other_cohort, candidates=[exam_factories.exam_enrolment(cohort=other_cohort)], members=other_members
    )
    return {
        "teacher of another cohort": CohortFactory(teachers=[teacher()]).teachers.get(),
        "committee member of another session": other_members[0],
        "classmate": at_level(cohort, "private").student,
        "outsider": student(),
        "anonymous": AnonymousUser(),
    }


def test_only_a_teacher_of_the_cohort_closes_its_level(cohort):
    waiting = at_level(cohort, "associates")
    for persona, user in outsiders(cohort).items():
        with pytest.raises(NotAllowed):
            services.close_cohort_level(
                cohort=cohort, level=level("associates"), actor=user, held_back={waiting.pk: "Not yet presented"}
            )
        assert not CohortLevelClosure.objects.exists(), persona
        assert waiting.progress.get(level=level("associates")).status == LevelProgress.Status.OPEN, persona
    services.close_cohort_level(
        cohort=cohort, level=level("associates"), actor=cohort.teachers.get(), held_back={waiting.pk: "Not yet"}
    )
    assert CohortLevelClosure.objects.filter(cohort=cohort).exists()


def test_only_a_teacher_of_the_cohort_accepts_or_declines_a_join_request(cohort):
    request = services.request_to_join(cohort=cohort, student=student())
    for persona, user in outsiders(cohort).items():
        with pytest.raises(NotAllowed):
            services.accept_join_request(enrolment=request, actor=user)
        with pytest.raises(NotAllowed):
            services.decline_join_request(enrolment=request, actor=user)
        request.refresh_from_db()
        assert request.status == Enrolment.Status.REQUESTED, persona
    services.accept_join_request(enrolment=request, actor=cohort.teachers.get())
    request.refresh_from_db()
    assert request.status == Enrolment.Status.ACTIVE


def test_only_a_teacher_of_the_cohort_enrols_a_student(cohort):
    newcomer = student()
    for persona, user in outsiders(cohort).items():
        with pytest.raises(NotAllowed):
            services.enrol_student(cohort=cohort, student=newcomer, actor=user)
        assert not Enrolment.objects.filter(student=newcomer).exists(), persona


def test_only_a_teacher_of_the_cohort_reviews_a_submission(cohort):
    enrolment = at_level(cohort, "private")
    submission = services.submit_kpi_document(
        enrolment=enrolment,
        requirement=document_requirements("private")[0],
        student=enrolment.student,
        text="My abstract.",
    )
    for persona, user in {**outsiders(cohort), "the student": enrolment.student}.items():
        with pytest.raises(NotAllowed):
            services.review_submission(submission=submission, reviewer=user, approve=True)
        submission.refresh_from_db()
        assert submission.status == KpiSubmission.Status.PENDING, persona
    assert not AuditEntry.objects.filter(action="courses.review_submission").exists()


def test_only_a_teacher_of_the_cohort_confirms_attendance_below_the_exam(cohort):
    enrolment = student_at(cohort, "close")
    presentation = held_presentation(enrolment)
    services.report_attendance(
        presentation=presentation, presenter=enrolment.student, attendance=12, evidence=png_upload()
    )
    for persona, user in {**outsiders(cohort), "the presenter": enrolment.student}.items():
        with pytest.raises(NotAllowed):
            services.confirm_attendance(presentation=presentation, actor=user, attendance=12)
        presentation.refresh_from_db()
        assert presentation.attendance_confirmed is None, persona
    services.confirm_attendance(presentation=presentation, actor=cohort.teachers.get(), attendance=12)
    presentation.refresh_from_db()
    assert presentation.attendance_confirmed == 12


@pytest.fixture
def exam_broadcast():
    """A candidate's exam broadcast with attendance and likes reported, in a session of three members."""
    cohort = exam_factories.cohort()
    cohort.teachers.add(teacher())
    enrolment = exam_factories.exam_enrolment(cohort=cohort, earned=False)
    presentation = held_presentation(enrolment, broadcast_url="https://www.instagram.com/live/coop-exam")
    services.report_attendance(
        presentation=presentation, presenter=enrolment.student, attendance=60, evidence=png_upload()
    )
    services.report_likes(
        presentation=presentation,
        presenter=enrolment.student,
        likes=120,
        url="https://www.instagram.com/p/coop-exam",
        screenshot=png_upload("likes.png"),
    )
    members = exam_factories.committee()
    exam_factories.session(cohort=cohort, candidates=[enrolment], members=members)
    return presentation, members


def test_only_the_committee_of_the_candidates_session_confirms_the_exam_attendance_and_likes(exam_broadcast):
    presentation, members = exam_broadcast
    cohort = presentation.enrolment.cohort
    personas = {
        **outsiders(cohort),
        "teacher of the cohort": cohort.teachers.get(),
        "examiner on no session": UserFactory(roles=[Role.EXAM_COMMITTEE]),
        "the candidate": presentation.presenter,
    }
    for persona, user in personas.items():
        with pytest.raises(NotAllowed):
            services.confirm_attendance(presentation=presentation, actor=user, attendance=60)
        with pytest.raises(NotAllowed):
            services.confirm_likes(presentation=presentation, actor=user, likes=120)
        presentation.refresh_from_db()
        assert presentation.attendance_confirmed is None and presentation.likes_confirmed is None, persona
    services.confirm_attendance(presentation=presentation, actor=members[1], attendance=60)
    services.confirm_likes(presentation=presentation, actor=members[1], likes=120)
    presentation.refresh_from_db()
    assert (presentation.attendance_confirmed, presentation.likes_confirmed) == (60, 120)


def test_only_a_classmate_who_confirmed_attending_votes_on_a_trial(cohort):
    presenter, classmate = at_level(cohort, "associates"), at_level(cohort, "associates")
    presentation = trial(presenter, attended_by=[classmate])
    for persona, user in {**outsiders(cohort), "teacher of the cohort": cohort.teachers.get()}.items():
        with pytest.raises(NotAllowed):
            services.cast_peer_vote(presentation=presentation, voter=user, vote="approve")
        assert not PresentationAttendee.objects.exclude(vote="pending").exists(), persona
