"""Bad input (issue 15): an exam session's date is bounded — at most a year back, two years ahead.
A date out of bounds is refused beside the field and nothing is stored."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accreditation.exceptions import SessionInvalid
from accreditation.models import CommitteeMember, ExamCandidate, ExamSession
from accreditation.services import exams as exam_services
from coopportal.users.services import ensure_totp_secret

from . import factories as f

pytestmark = pytest.mark.django_db

YEAR_ONE = datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)


def _create(starts_at):
    cohort = f.cohort()
    members = f.committee()
    return exam_services.create_session(
        cohort=cohort,
        starts_at=starts_at,
        broadcast_url="https://www.instagram.com/live/coop-exam",
        committee=members,
        chair=members[0],
        candidates=[f.exam_enrolment(cohort=cohort)],
        created_by=members[0],
    )


@pytest.mark.parametrize(
    "days", [-(exam_services.SESSION_DAYS_BEFORE + 1), exam_services.SESSION_DAYS_AHEAD + 1], ids=["past", "future"]
)
def test_a_session_date_beyond_the_bounds_is_refused_and_nothing_stored(days):
    with pytest.raises(SessionInvalid) as refusal:
        _create(timezone.now() + datetime.timedelta(days=days))
    assert refusal.value.field == "starts_at"
    assert not ExamSession.objects.exists()
    assert not CommitteeMember.objects.exists() and not ExamCandidate.objects.exists()


def test_a_session_dated_year_one_is_refused():
    with pytest.raises(SessionInvalid, match="must be between"):
        _create(YEAR_ONE)
    assert not ExamSession.objects.exists()


@pytest.mark.parametrize("days", [-exam_services.SESSION_DAYS_BEFORE + 1, 0, exam_services.SESSION_DAYS_AHEAD - 1])
def test_a_session_date_within_the_bounds_is_taken(days):
    assert _create(timezone.now() + datetime.timedelta(days=days)).pk


def test_the_session_form_shows_the_date_refusal_beside_the_date(client):
    cohort = f.cohort()
    enrolment = f.exam_enrolment(cohort=cohort)
    members = f.committee()
    ensure_totp_secret(members[0])
    client.force_login(members[0])
    response = client.post(
        reverse("accreditation:session_create"),
        {
            "cohort": cohort.pk,
            "starts_at": "0001-01-01T00:00",
            "broadcast_url": "https://www.instagram.com/live/exam",
            "chair": members[0].pk,
            "committee": [m.pk for m in members],
            "max_attempts": 2,
            "candidates": [enrolment.pk],
        },
    )
    assert response.status_code == 200
    assert "must be between" in " ".join(response.context["form"].errors["starts_at"])
    assert not ExamSession.objects.exists()
