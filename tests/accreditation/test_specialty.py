"""The certification center's specialty exam: three drawn tasks, pass/fail per task, certificate on three passes."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accreditation.exceptions import ScoringRefused, SpecialtyAttemptRefused
from accreditation.models import AttemptTask, Certificate, Document, SituationalTask, Specialty, SpecialtyAttempt
from accreditation.services.certificates import issue_completion_certificate, revoke_certificate
from accreditation.services.specialty import apply_for_specialty_exam, score_task
from coopportal.users.roles import Role
from coopportal.users.services import ensure_totp_secret
from tests.accreditation.factories import association_admin
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def graduate():
    holder = UserFactory(roles=[Role.STUDENT], full_name="Нұрлан Сейітов")
    issue_completion_certificate(holder=holder, course_title="Cooperative Entrepreneurship", issued_by=None)
    return holder


@pytest.fixture
def examiner():
    return UserFactory(roles=[Role.EXAM_COMMITTEE], full_name="Examiner One")


def test_four_specialties_each_with_at_least_three_tasks():
    counts = {s.code: s.tasks.filter(is_active=True).count() for s in Specialty.objects.all()}
    assert set(counts) == {"chairman", "agent", "accelerator", "supplier"}
    assert all(n >= 3 for n in counts.values())


def test_an_attempt_needs_a_valid_completion_certificate():
    stranger = UserFactory(roles=[Role.STUDENT])
    with pytest.raises(SpecialtyAttemptRefused, match="certificate of completion"):
        apply_for_specialty_exam(candidate=stranger, specialty=Specialty.objects.get(code="agent"))
    assert not SpecialtyAttempt.objects.exists()


def test_a_revoked_completion_certificate_does_not_qualify(graduate):
    revoke_certificate(
        certificate=Certificate.objects.get(holder=graduate), revoked_by=association_admin(), reason="Forged KPI"
    )
    with pytest.raises(SpecialtyAttemptRefused):
        apply_for_specialty_exam(candidate=graduate, specialty=Specialty.objects.get(code="agent"))


def test_an_attempt_draws_three_distinct_tasks_of_its_specialty(graduate):
    specialty = Specialty.objects.get(code="chairman")
    attempt = apply_for_specialty_exam(candidate=graduate, specialty=specialty)
    tasks = list(attempt.tasks.select_related("task"))
    assert len(tasks) == 3
    assert len({t.task_id for t in tasks}) == 3
    assert all(t.task.specialty_id == specialty.pk for t in tasks)


def test_one_open_attempt_per_specialty(graduate):
    specialty = Specialty.objects.get(code="agent")
    apply_for_specialty_exam(candidate=graduate, specialty=specialty)
    with pytest.raises(SpecialtyAttemptRefused, match="open attempt"):
        apply_for_specialty_exam(candidate=graduate, specialty=specialty)
    assert SpecialtyAttempt.objects.count() == 1


def test_three_passes_issue_the_specialty_certificate(graduate, examiner, django_capture_on_commit_callbacks):
    attempt = apply_for_specialty_exam(candidate=graduate, specialty=Specialty.objects.get(code="supplier"))
    with django_capture_on_commit_callbacks(execute=True):
        for item in attempt.tasks.all():
            score_task(attempt_task=item, examiner=examiner, result="pass", comment="Clear, lawful answer")
    attempt.refresh_from_db()
    assert attempt.state == SpecialtyAttempt.State.PASSED
    certificate = Certificate.objects.get(kind=Certificate.Kind.SPECIALTY)
    assert certificate.specialty.code == "supplier" and certificate.holder == graduate
    document = Document.objects.get(kind=Document.Kind.SPECIALTY_CERTIFICATE)
    with document.file.open("rb") as handle:
        text = PdfReader(handle).pages[0].extract_text()
    assert "Нұрлан Сейітов" in text and certificate.number in text and certificate.verification_code in text


def test_a_failed_task_fails_the_attempt_and_the_protocol_lists_it(
    graduate, examiner, django_capture_on_commit_callbacks
):
    attempt = apply_for_specialty_exam(candidate=graduate, specialty=Specialty.objects.get(code="agent"))
    first, second, third = attempt.tasks.select_related("task").order_by("position")
    with django_capture_on_commit_callbacks(execute=True):
        score_task(attempt_task=first, examiner=examiner, result="pass", comment="Good")
        score_task(attempt_task=second, examiner=examiner, result="fail", comment="Promised guaranteed returns")
        score_task(attempt_task=third, examiner=examiner, result="pass", comment="Good")
    attempt.refresh_from_db()
    assert attempt.state == SpecialtyAttempt.State.FAILED
    assert not Certificate.objects.filter(kind=Certificate.Kind.SPECIALTY).exists()
    document = Document.objects.get(kind=Document.Kind.SPECIALTY_PROTOCOL)
    with document.file.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    assert "Failed tasks" in text
    assert second.task.title in text and "Promised guaranteed returns" in text


def test_scoring_needs_a_verdict_and_a_comment_and_stops_once_decided(graduate, examiner):
    attempt = apply_for_specialty_exam(candidate=graduate, specialty=Specialty.objects.get(code="accelerator"))
    items = list(attempt.tasks.all())
    with pytest.raises(ScoringRefused):
        score_task(attempt_task=items[0], examiner=examiner, result="maybe", comment="x")
    with pytest.raises(ScoringRefused):
        score_task(attempt_task=items[0], examiner=examiner, result="pass", comment="  ")
    assert not AttemptTask.objects.exclude(result="").exists()
    for item in items:
        score_task(attempt_task=item, examiner=examiner, result="fail", comment="Incomplete")
    with pytest.raises(ScoringRefused, match="already decided"):
        score_task(attempt_task=items[0], examiner=examiner, result="pass", comment="Changed my mind")


def test_candidate_cannot_score_and_outsiders_cannot_see_the_attempt(client, graduate, examiner):
    attempt = apply_for_specialty_exam(candidate=graduate, specialty=Specialty.objects.get(code="agent"))
    item = attempt.tasks.first()
    url = reverse("accreditation:specialty_attempt", args=[attempt.pk])
    client.force_login(graduate)
    assert client.get(url).status_code == 200
    assert client.post(reverse("accreditation:specialty_score", args=[item.pk])).status_code == 403
    client.force_login(UserFactory(roles=[Role.STUDENT]))
    assert client.get(url).status_code == 404
    ensure_totp_secret(examiner)
    client.force_login(examiner)
    response = client.post(
        reverse("accreditation:specialty_score", args=[item.pk]),
        {f"t{item.pk}-result": "pass", f"t{item.pk}-comment": "Well argued"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.result == "pass" and item.scored_by == examiner


def test_applying_in_the_browser_without_a_certificate_shows_the_reason(client):
    client.force_login(UserFactory(roles=[Role.STUDENT]))
    specialty = Specialty.objects.get(code="chairman")
    response = client.post(reverse("accreditation:specialty"), {"specialty": specialty.pk})
    assert response.status_code == 200
    assert "needs a valid certificate of completion" in response.content.decode()


def test_task_texts_are_substantial():
    for task in SituationalTask.objects.all():
        assert len(task.situation) > 120 and len(task.assignment) > 60, task.code
