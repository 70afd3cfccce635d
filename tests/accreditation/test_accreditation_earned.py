""" "Accredited" only when the records earn it: the exam KPIs met from confirmed records and every
earlier level passed; otherwise the committee decides re-exam or not accredited and sees why."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accreditation.exceptions import DecisionInvalid
from accreditation.models import ExamProtocol
from accreditation.services import exams as exam_services
from courses.models import CohortLevelDeadline, Level, LevelProgress

from . import factories as f

pytestmark = pytest.mark.django_db


def candidate_of(enrolment):
    members = f.committee(3)
    session = f.session(cohort=enrolment.cohort, candidates=[enrolment], members=members)
    return session.candidates.get(), members


def accredit(candidate, member):
    return exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=member)


def test_accredited_is_recorded_when_the_records_earn_it():
    candidate, members = candidate_of(f.exam_enrolment(cohort=f.cohort()))
    assert exam_services.accreditation_blockers(enrolment=candidate.enrolment) == []
    assert accredit(candidate, members[0]).outcome == ExamProtocol.Outcome.ACCREDITED


def test_accredited_is_refused_without_an_exam_presentation_and_nothing_is_stored():
    enrolment = f.exam_enrolment(cohort=f.cohort(), earned=False)
    candidate, members = candidate_of(enrolment)
    with pytest.raises(DecisionInvalid, match="Accredited cannot be recorded"):
        accredit(candidate, members[0])
    assert not ExamProtocol.objects.filter(candidate=candidate).exists()


@pytest.mark.parametrize(
    ("attendance", "likes", "subscribers", "earned"),
    [
        (50, 100, 8, True),  # every threshold exactly met: 8 of 50 is 16 %
        (49, 100, 8, False),  # one attendee short
        (50, 99, 8, False),  # one like short
        (50, 100, 7, False),  # 7 of 50 is 14 %
    ],
)
def test_accredited_needs_50_attendees_100_likes_and_15_percent_subscribers_inclusive(
    attendance, likes, subscribers, earned
):
    enrolment = f.exam_enrolment(cohort=f.cohort(), earned=False)
    f.pass_earlier_levels(enrolment)
    f.earn_exam_kpis(enrolment, attendance=attendance, likes=likes, subscribers=subscribers)
    candidate, members = candidate_of(enrolment)
    if earned:
        assert accredit(candidate, members[0]).outcome == ExamProtocol.Outcome.ACCREDITED
    else:
        with pytest.raises(DecisionInvalid):
            accredit(candidate, members[0])


def test_accredited_is_refused_while_an_earlier_level_is_not_passed():
    enrolment = f.exam_enrolment(cohort=f.cohort())
    LevelProgress.objects.filter(enrolment=enrolment, level__code="publication").update(
        status=LevelProgress.Status.HELD_BACK, passed_at=None
    )
    candidate, members = candidate_of(enrolment)
    with pytest.raises(DecisionInvalid, match="Publication is not passed"):
        accredit(candidate, members[0])


def test_re_exam_and_not_accredited_stay_open_when_accredited_is_refused():
    candidate, members = candidate_of(f.exam_enrolment(cohort=f.cohort(), earned=False))
    protocol = exam_services.record_decision(
        candidate=candidate, outcome="re_exam", errors=["Likes under 100."], recorded_by=members[0]
    )
    assert protocol.outcome == ExamProtocol.Outcome.RE_EXAM


def test_a_not_accredited_decision_carries_the_missed_deadlines_among_its_reasons():
    enrolment = f.exam_enrolment(cohort=f.cohort(), earned=False)
    teamwork = Level.objects.get(course=enrolment.course, code="teamwork")
    CohortLevelDeadline.objects.create(
        cohort=enrolment.cohort, level=teamwork, due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    candidate, members = candidate_of(enrolment)
    protocol = exam_services.record_decision(
        candidate=candidate, outcome="not_accredited", reasons=["No support group."], recorded_by=members[0]
    )
    assert protocol.reasons_in("en")[0] == "No support group."
    assert any("Missed the deadline of the level Teamwork" in reason for reason in protocol.reasons_in("en"))


def test_the_candidate_page_says_why_accredited_is_unavailable(client):
    candidate, members = candidate_of(f.exam_enrolment(cohort=f.cohort(), earned=False))
    from coopportal.users.services import ensure_totp_secret

    ensure_totp_secret(members[0])
    client.force_login(members[0])
    page = client.get(reverse("accreditation:candidate_detail", args=[candidate.pk])).content.decode()
    assert "is not available: the records do not earn it yet" in page
    assert "no presentation recorded" in page
