"""The exam level's figures arrive in any order: "Accredited" becomes available exactly when the last
one is confirmed, and the committee's final protocol then passes the level."""

import itertools

import pytest

from accreditation.services import exams as exam_services
from courses import services as course_services
from courses.models import LevelProgress
from tests.conftest import sms_code_sent_to
from tests.courses.factories import add_subscribers, held_presentation, png_upload

from . import factories as f

pytestmark = pytest.mark.django_db

EVENTS = ("attendance confirmed", "likes confirmed", "subscriber confirmed")
PHONE = "+77015550008"


def _exam_broadcast_short_of_its_figures(enrolment):
    """Attendance 50 and likes 100 reported but not confirmed; 7 of the 8 subscribers needed (15 % of 50)."""
    presentation = held_presentation(enrolment, broadcast_url="https://www.instagram.com/live/coop-exam")
    student = enrolment.student
    course_services.report_attendance(
        presentation=presentation, presenter=student, attendance=50, evidence=png_upload()
    )
    course_services.report_likes(
        presentation=presentation,
        presenter=student,
        likes=100,
        url="https://www.instagram.com/p/coop-exam",
        screenshot=png_upload("likes.png"),
    )
    add_subscribers(presentation, 7, start=enrolment.pk * 1000)
    return presentation


@pytest.mark.parametrize("order", list(itertools.permutations(EVENTS)), ids=" → ".join)
def test_accredited_opens_exactly_when_the_last_exam_figure_arrives_in_any_order(order):
    enrolment = f.exam_enrolment(cohort=f.cohort(), earned=False)
    f.pass_earlier_levels(enrolment)
    presentation = _exam_broadcast_short_of_its_figures(enrolment)
    members = f.committee(3)
    candidate = f.session(cohort=enrolment.cohort, candidates=[enrolment], members=members).candidates.get()
    eighth = course_services.subscribe(
        presentation=presentation, name="Guest", phone=PHONE, email="", consent=True, ip="10.1.1.1"
    )
    examiner = members[1]  # a member of the candidate's session
    events = {
        "attendance confirmed": lambda: course_services.confirm_attendance(
            presentation=presentation, actor=examiner, attendance=50
        ),
        "likes confirmed": lambda: course_services.confirm_likes(presentation=presentation, actor=examiner, likes=100),
        "subscriber confirmed": lambda: course_services.confirm_by_code(
            token=eighth.token, code=sms_code_sent_to(PHONE)
        ),
    }
    for n, event in enumerate(order, start=1):
        events[event]()
        blockers = exam_services.accreditation_blockers(enrolment=enrolment)
        assert (blockers == []) == (n == len(order)), f"after {event}: {blockers}"

    protocol = exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=members[0])
    assert LevelProgress.objects.get(enrolment=enrolment, level__code="exam").status == LevelProgress.Status.OPEN
    f.finalised(protocol, members)
    assert LevelProgress.objects.get(enrolment=enrolment, level__code="exam").status == LevelProgress.Status.PASSED
