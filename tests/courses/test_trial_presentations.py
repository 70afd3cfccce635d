"""Trial presentation before classmates (issue 15, item 4): each classmate confirms their own
attendance; the level needs attendance by more than half of the cohort's other active students and
approval by more than half of those present; the gate is judged again on every confirmation and vote."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses import selectors, services
from courses.exceptions import InvalidSubmission, NotAllowed, PresentationError
from courses.models import KpiKind, LevelProgress, Presentation, PresentationAttendee
from tests.courses.factories import (
    CohortFactory,
    approve_documents,
    at_level,
    enrolled_student,
    level,
    student,
    teacher,
    trial,
)
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(email=user.email, password=TEST_PASSWORD)


def kpi(enrolment, kind):
    report = selectors.level_report(enrolment=enrolment, level_code="associates")
    return next(k for k in report.kpis if k.kind == kind)


@pytest.fixture
def cohort_of_five():
    """The candidate at the associates level and four active classmates (one still at level 1)."""
    cohort = CohortFactory(teachers=[teacher()])
    candidate = at_level(cohort, "associates")
    classmates = [at_level(cohort, "associates") for _ in range(3)] + [enrolled_student(cohort)]
    return candidate, classmates


def test_trial_needs_attendance_by_more_than_half_of_the_cohorts_other_active_students(cohort_of_five):
    candidate, classmates = cohort_of_five
    presentation = trial(candidate, attended_by=classmates[:2], vote="approve")
    assert not kpi(candidate, KpiKind.TRIAL_ATTENDANCE).met  # 2 of 4: exactly half
    assert kpi(candidate, KpiKind.PEER_APPROVAL).met
    services.confirm_trial_attendance(presentation=presentation, classmate=classmates[3].student)
    assert kpi(candidate, KpiKind.TRIAL_ATTENDANCE).met  # 3 of 4


def test_withdrawn_students_do_not_count_among_the_other_active_students(cohort_of_five):
    candidate, classmates = cohort_of_five
    trial(candidate, attended_by=classmates[:2], vote="approve")
    classmates[3].status = classmates[3].Status.WITHDRAWN
    classmates[3].save(update_fields=["status"])
    assert kpi(candidate, KpiKind.TRIAL_ATTENDANCE).met  # 2 of 3


def test_trial_attendance_share_is_data_on_the_requirement(cohort_of_five):
    candidate, classmates = cohort_of_five
    level("associates").requirements.filter(kind=KpiKind.TRIAL_ATTENDANCE).update(threshold=75)
    trial(candidate, attended_by=classmates[:3], vote="approve")
    assert not kpi(candidate, KpiKind.TRIAL_ATTENDANCE).met  # 3 of 4 is 75 %, not more
    level("associates").requirements.filter(kind=KpiKind.TRIAL_ATTENDANCE).update(threshold=70)
    assert kpi(candidate, KpiKind.TRIAL_ATTENDANCE).met


def test_approval_needs_more_than_half_of_the_classmates_present(cohort_of_five):
    candidate, classmates = cohort_of_five
    presentation = trial(candidate, attended_by=classmates)
    for classmate, vote in zip(classmates, ["approve", "approve", "rework", "rework"], strict=True):
        services.cast_peer_vote(presentation=presentation, voter=classmate.student, vote=vote)
    assert not kpi(candidate, KpiKind.PEER_APPROVAL).met  # 2 of 4 present
    services.cast_peer_vote(presentation=presentation, voter=classmates[2].student, vote="approve")
    assert kpi(candidate, KpiKind.PEER_APPROVAL).met  # 3 of 4


def test_a_classmate_present_who_has_not_voted_counts_against_approval(cohort_of_five):
    candidate, classmates = cohort_of_five
    presentation = trial(candidate, attended_by=classmates)
    for classmate in classmates[:2]:
        services.cast_peer_vote(presentation=presentation, voter=classmate.student, vote="approve")
    assert not kpi(candidate, KpiKind.PEER_APPROVAL).met


def test_the_gate_is_judged_again_on_every_confirmation_and_vote():
    cohort = CohortFactory(teachers=[teacher()])
    candidate, first, second = (at_level(cohort, "associates") for _ in range(3))
    approve_documents(candidate, "associates")
    presentation = trial(candidate)
    progress = candidate.progress.get(level=level("associates"))

    def status():
        progress.refresh_from_db()
        return progress.status

    services.confirm_trial_attendance(presentation=presentation, classmate=first.student)
    services.cast_peer_vote(presentation=presentation, voter=first.student, vote="approve")
    assert status() == LevelProgress.Status.OPEN  # 1 of 2 classmates attended
    services.confirm_trial_attendance(presentation=presentation, classmate=second.student)
    assert status() == LevelProgress.Status.OPEN  # 1 approval of 2 present
    services.cast_peer_vote(presentation=presentation, voter=second.student, vote="approve")
    assert status() == LevelProgress.Status.AWAITING_COHORT
    services.cast_peer_vote(presentation=presentation, voter=second.student, vote="rework")
    assert status() == LevelProgress.Status.AWAITING_COHORT  # a level once met is not taken back


def test_the_presenter_cannot_confirm_attendance_at_their_own_trial(cohort_of_five):
    candidate, _classmates = cohort_of_five
    presentation = trial(candidate)
    with pytest.raises(NotAllowed):
        services.confirm_trial_attendance(presentation=presentation, classmate=candidate.student)
    assert not presentation.attendees.exists()


def test_a_classmate_confirms_their_attendance_once(cohort_of_five):
    candidate, classmates = cohort_of_five
    presentation = trial(candidate, attended_by=classmates[:1])
    with pytest.raises(PresentationError):
        services.confirm_trial_attendance(presentation=presentation, classmate=classmates[0].student)
    assert presentation.attendees.count() == 1


def test_a_student_of_another_cohort_cannot_confirm_attendance(cohort_of_five):
    candidate, _classmates = cohort_of_five
    other_cohort_student = at_level(CohortFactory(teachers=[teacher()]), "associates")
    presentation = trial(candidate)
    with pytest.raises(NotAllowed):
        services.confirm_trial_attendance(presentation=presentation, classmate=other_cohort_student.student)
    assert not presentation.attendees.exists()


def test_an_outsider_and_the_cohorts_teacher_cannot_confirm_attendance(cohort_of_five):
    candidate, _classmates = cohort_of_five
    presentation = trial(candidate)
    for actor in (student(), candidate.cohort.teachers.first()):
        with pytest.raises(NotAllowed):
            services.confirm_trial_attendance(presentation=presentation, classmate=actor)
    assert not PresentationAttendee.objects.exists()


def test_attendance_is_confirmed_at_trials_only():
    from tests.courses.factories import held_presentation, student_at

    cohort = CohortFactory(teachers=[teacher()])
    presenter, classmate = student_at(cohort, "close"), student_at(cohort, "close")
    presentation = held_presentation(presenter)
    with pytest.raises(PresentationError):
        services.confirm_trial_attendance(presentation=presentation, classmate=classmate.student)


def test_a_classmate_confirms_attending_on_the_trial_page(client, cohort_of_five):
    candidate, classmates = cohort_of_five
    presentation = trial(candidate)
    login(client, classmates[0].student)
    url = reverse("courses:presentation", args=[presentation.pk])
    assert "I attended this presentation" in client.get(url).content.decode()
    assert client.post(url, {"attended": "1"}).status_code == 302
    page = client.get(url).content.decode()
    assert "I attended this presentation" not in page
    assert 'name="vote"' in page
    assert presentation.attendees.filter(classmate=classmates[0].student).exists()


@pytest.mark.parametrize(
    "held_at",
    [
        datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
        timezone.now() - datetime.timedelta(days=61),
        timezone.now() + datetime.timedelta(days=1),
    ],
    ids=["year-1", "61-days-ago", "tomorrow"],
)
def test_a_trial_date_out_of_bounds_is_refused_beside_the_field_and_nothing_stored(client, held_at):
    cohort = CohortFactory(teachers=[teacher()])
    candidate = at_level(cohort, "associates")
    with pytest.raises(InvalidSubmission) as refusal:
        services.record_trial_presentation(enrolment=candidate, presenter=candidate.student, held_at=held_at)
    assert refusal.value.field == "held_at"
    login(client, candidate.student)
    local = timezone.localtime(held_at) if held_at.year > 1 else held_at
    response = client.post(
        reverse("courses:record_trial", args=["associates"]), {"held_at": local.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 400
    assert response.context["trial_form"].errors["held_at"]
    assert not Presentation.objects.exists()
