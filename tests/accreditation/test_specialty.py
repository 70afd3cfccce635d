"""The certification center's specialty exam: three drawn tasks answered in the portal within a time window,
each scored by at least two examiners of the candidate's exam session; the certificate on three passed tasks.

Personas: the candidate, examiners of the candidate's exam session, a committee member of another session,
an outsider."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accreditation.exceptions import AnswerRefused, ScoringRefused, SpecialtyAttemptRefused
from accreditation.models import (
    AttemptTask,
    Certificate,
    Document,
    SituationalTask,
    Specialty,
    SpecialtyAttempt,
    TaskScore,
)
from accreditation.services.certificates import revoke_certificate
from accreditation.services.specialty import (
    answer_task,
    apply_for_specialty_exam,
    score_task,
    start_attempt,
    task_verdict,
)
from coopportal.users.roles import Role
from coopportal.users.services import ensure_totp_secret
from tests.accreditation import factories as f
from tests.conftest import SESSION_QUERIES
from tests.courses.factories import PDF_BYTES, pdf_upload
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ANSWER = "I would show the members the charter: income is not shared out, and nobody promises returns."


@pytest.fixture
def exam():
    """A graduate of an exam session with its three examiners, and a committee member of another session."""
    graduate, examiners = f.session_graduate(full_name="Нұрлан Сейітов")
    other_cohort = f.cohort("Astana autumn cohort")
    other_members = f.committee()
    f.session(
        cohort=other_cohort, candidates=[f.exam_enrolment(cohort=other_cohort, earned=False)], members=other_members
    )
    for user in [*examiners, other_members[0]]:
        ensure_totp_secret(user)
    return {
        "candidate": graduate,
        "examiners": examiners,
        "member_of_another_session": other_members[0],
        "outsider": UserFactory(roles=[Role.STUDENT]),
    }


def open_attempt(candidate, code="agent", *, answered=True) -> SpecialtyAttempt:
    attempt = apply_for_specialty_exam(candidate=candidate, specialty=Specialty.objects.get(code=code))
    if answered:
        f.answer_every_task(attempt, text=ANSWER)
    return attempt


def tasks_of(attempt) -> list[AttemptTask]:
    return list(attempt.tasks.select_related("task").order_by("position"))


def move_start_back(attempt, minutes: int) -> None:
    SpecialtyAttempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )
    attempt.refresh_from_db()


# --- Applying ----------------------------------------------------------------------------------


def test_four_specialties_each_with_at_least_three_tasks():
    counts = {s.code: s.tasks.filter(is_active=True).count() for s in Specialty.objects.all()}
    assert set(counts) == {"chairman", "agent", "accelerator", "supplier"}
    assert all(n >= 3 for n in counts.values())


def test_an_attempt_needs_a_valid_completion_certificate():
    stranger = UserFactory(roles=[Role.STUDENT])
    with pytest.raises(SpecialtyAttemptRefused, match="certificate of completion"):
        apply_for_specialty_exam(candidate=stranger, specialty=Specialty.objects.get(code="agent"))
    assert not SpecialtyAttempt.objects.exists()


def test_a_revoked_completion_certificate_does_not_qualify(exam):
    revoke_certificate(
        certificate=Certificate.objects.get(holder=exam["candidate"]),
        revoked_by=f.association_admin(),
        reason="Forged KPI",
    )
    with pytest.raises(SpecialtyAttemptRefused):
        apply_for_specialty_exam(candidate=exam["candidate"], specialty=Specialty.objects.get(code="agent"))


def test_an_attempt_draws_three_distinct_tasks_of_its_specialty(exam):
    specialty = Specialty.objects.get(code="chairman")
    attempt = apply_for_specialty_exam(candidate=exam["candidate"], specialty=specialty)
    tasks = list(attempt.tasks.select_related("task"))
    assert len(tasks) == 3
    assert len({t.task_id for t in tasks}) == 3
    assert all(t.task.specialty_id == specialty.pk for t in tasks)


def test_one_open_attempt_per_specialty(exam):
    open_attempt(exam["candidate"], answered=False)
    with pytest.raises(SpecialtyAttemptRefused, match="open attempt"):
        open_attempt(exam["candidate"], answered=False)
    assert SpecialtyAttempt.objects.count() == 1


# --- Answering within the time window ----------------------------------------------------------


def test_the_tasks_show_only_once_the_candidate_starts_the_attempt(client, exam):
    attempt = open_attempt(exam["candidate"], answered=False)
    situation = tasks_of(attempt)[0].task.situation[:60]
    client.force_login(exam["candidate"])
    url = reverse("accreditation:specialty_attempt", args=[attempt.pk])
    page = client.get(url).content.decode()
    assert "Start the attempt and show the tasks" in page and situation not in page
    client.post(reverse("accreditation:specialty_start", args=[attempt.pk]))
    page = client.get(url).content.decode()
    assert situation in page and "Time left: 2" in page and page.count('name="a') >= 3


def test_the_time_window_defaults_to_three_hours_counted_from_the_start(exam):
    attempt = open_attempt(exam["candidate"], answered=False)
    assert attempt.answer_minutes == 180 and attempt.answers_due_at is None
    SpecialtyAttempt.objects.filter(pk=attempt.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    attempt = start_attempt(attempt=attempt, candidate=exam["candidate"])
    assert attempt.answers_due_at == attempt.started_at + datetime.timedelta(hours=3)
    answer_task(attempt_task=tasks_of(attempt)[0], candidate=exam["candidate"], text=ANSWER)


def test_the_time_window_is_configurable(settings, exam):
    settings.SPECIALTY_ANSWER_MINUTES = 30
    attempt = open_attempt(exam["candidate"], answered=False)
    attempt = start_attempt(attempt=attempt, candidate=exam["candidate"])
    assert attempt.answers_due_at == attempt.started_at + datetime.timedelta(minutes=30)


def test_an_answer_after_the_time_window_is_refused_with_a_clear_message(client, exam):
    attempt = open_attempt(exam["candidate"], answered=False)
    start_attempt(attempt=attempt, candidate=exam["candidate"])
    first, second, _third = tasks_of(attempt)
    move_start_back(attempt, 179)
    answer_task(attempt_task=first, candidate=exam["candidate"], text=ANSWER)
    move_start_back(attempt, 181)
    with pytest.raises(AnswerRefused, match="The time for answers ended at"):
        answer_task(attempt_task=second, candidate=exam["candidate"], text=ANSWER)
    client.force_login(exam["candidate"])
    response = client.post(reverse("accreditation:specialty_answer", args=[second.pk]), {f"a{second.pk}-text": ANSWER})
    assert response.status_code == 400
    assert "this answer was not saved" in response.content.decode()
    second.refresh_from_db()
    assert second.answered_at is None and second.answer_text == ""


def test_an_answer_before_the_attempt_starts_is_refused(exam):
    attempt = open_attempt(exam["candidate"], answered=False)
    with pytest.raises(AnswerRefused, match="Start the attempt first"):
        answer_task(attempt_task=tasks_of(attempt)[0], candidate=exam["candidate"], text=ANSWER)


def test_each_task_is_answered_with_text_and_an_optional_file(client, exam):
    attempt = open_attempt(exam["candidate"], answered=False)
    start_attempt(attempt=attempt, candidate=exam["candidate"])
    first, second, _third = tasks_of(attempt)
    client.force_login(exam["candidate"])
    response = client.post(
        reverse("accreditation:specialty_answer", args=[first.pk]),
        {f"a{first.pk}-text": ANSWER, f"a{first.pk}-file": pdf_upload("plan.pdf")},
    )
    assert response.status_code == 302
    answer_task(attempt_task=second, candidate=exam["candidate"], text="Text only is enough.")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.answer_text == ANSWER and first.answer_file.name.endswith(".pdf")
    assert second.answer_text == "Text only is enough." and not second.answer_file
    client.force_login(exam["examiners"][1])
    download = client.get(reverse("accreditation:specialty_answer_file", args=[first.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES
    assert "attachment" in download["Content-Disposition"]
    for persona in ("member_of_another_session", "outsider"):
        client.force_login(exam[persona])
        assert client.get(reverse("accreditation:specialty_answer_file", args=[first.pk])).status_code == 404


def test_an_answer_needs_text_and_a_file_of_an_accepted_type_and_size(client, settings, exam):
    attempt = open_attempt(exam["candidate"], answered=False)
    start_attempt(attempt=attempt, candidate=exam["candidate"])
    item = tasks_of(attempt)[0]
    client.force_login(exam["candidate"])
    url = reverse("accreditation:specialty_answer", args=[item.pk])
    exe = SimpleUploadedFile("answer.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    page = client.post(url, {f"a{item.pk}-text": ANSWER, f"a{item.pk}-file": exe}).content.decode()
    assert "This file is not an accepted type" in page and ANSWER in page
    settings.MAX_UPLOAD_BYTES = 10
    page = client.post(url, {f"a{item.pk}-text": ANSWER, f"a{item.pk}-file": pdf_upload()}).content.decode()
    assert "the limit is" in page
    page = client.post(url, {f"a{item.pk}-text": "   "}).content.decode()
    assert "This field is required." in page
    with pytest.raises(AnswerRefused, match="Write your answer"):
        answer_task(attempt_task=item, candidate=exam["candidate"], text="  ")
    item.refresh_from_db()
    assert item.answered_at is None and not item.answer_file


def test_an_answer_cannot_be_changed_once_sent(exam):
    attempt = open_attempt(exam["candidate"])
    with pytest.raises(AnswerRefused, match="already answered"):
        answer_task(attempt_task=tasks_of(attempt)[0], candidate=exam["candidate"], text="A better answer")
    assert tasks_of(attempt)[0].answer_text == ANSWER


def test_only_the_candidate_starts_and_answers_the_attempt(exam):
    attempt = open_attempt(exam["candidate"], answered=False)
    for persona in ("member_of_another_session", "outsider"):
        with pytest.raises(SpecialtyAttemptRefused):
            start_attempt(attempt=attempt, candidate=exam[persona])
    start_attempt(attempt=attempt, candidate=exam["candidate"])
    for user in (exam["examiners"][0], exam["outsider"]):
        with pytest.raises(AnswerRefused, match="Only the candidate"):
            answer_task(attempt_task=tasks_of(attempt)[0], candidate=user, text=ANSWER)
    assert not AttemptTask.objects.filter(answered_at__isnull=False).exists()


# --- Scoring by at least two examiners of the session ------------------------------------------


@pytest.mark.parametrize(
    ("results", "verdict"),
    [
        (["pass"], None),
        (["pass", "fail"], "fail"),
        (["pass", "pass"], "pass"),
        (["fail", "fail"], "fail"),
        (["pass", "fail", "pass"], "pass"),
        (["pass", "fail", "fail"], "fail"),
    ],
)
def test_a_task_passes_when_more_than_half_of_at_least_two_examiners_pass_it(results, verdict):
    assert task_verdict(results) == verdict


def test_one_examiner_alone_cannot_decide_an_attempt(exam):
    attempt = open_attempt(exam["candidate"])
    f.score_every_task(attempt, exam["examiners"][:1])
    attempt.refresh_from_db()
    assert attempt.state == SpecialtyAttempt.State.IN_PROGRESS
    assert not AttemptTask.objects.exclude(result="").exists()
    assert not Certificate.objects.filter(kind=Certificate.Kind.SPECIALTY).exists()


def test_one_pass_of_two_examiners_fails_the_task_and_the_attempt(exam):
    attempt = open_attempt(exam["candidate"])
    first, examiner_a, examiner_b = tasks_of(attempt)[0], *exam["examiners"][1:]
    f.score_every_task(attempt, [examiner_a])
    for item in tasks_of(attempt):
        score_task(
            attempt_task=item,
            examiner=examiner_b,
            result="fail" if item.pk == first.pk else "pass",
            comment="Promised guaranteed returns" if item.pk == first.pk else "Lawful",
        )
    attempt.refresh_from_db()
    assert attempt.state == SpecialtyAttempt.State.FAILED
    assert [item.result for item in tasks_of(attempt)] == ["fail", "pass", "pass"]
    assert not Certificate.objects.filter(kind=Certificate.Kind.SPECIALTY).exists()


def test_a_third_examiner_makes_two_of_three_a_pass(exam):
    attempt = open_attempt(exam["candidate"])
    first = tasks_of(attempt)[0]
    one, two, three = exam["examiners"]
    score_task(attempt_task=first, examiner=one, result="pass", comment="Lawful")
    score_task(attempt_task=first, examiner=two, result="fail", comment="Too short")
    score_task(attempt_task=first, examiner=three, result="pass", comment="Lawful")
    for item in tasks_of(attempt)[1:]:
        for examiner in (one, two):
            score_task(attempt_task=item, examiner=examiner, result="pass", comment="Lawful")
    attempt.refresh_from_db()
    assert attempt.state == SpecialtyAttempt.State.PASSED
    assert TaskScore.objects.filter(attempt_task=first).count() == 3


def test_an_examiner_scores_a_task_once(exam):
    attempt = open_attempt(exam["candidate"])
    item = tasks_of(attempt)[0]
    score_task(attempt_task=item, examiner=exam["examiners"][0], result="pass", comment="Lawful")
    with pytest.raises(ScoringRefused, match="already scored"):
        score_task(attempt_task=item, examiner=exam["examiners"][0], result="fail", comment="Changed my mind")
    assert TaskScore.objects.get(attempt_task=item).result == "pass"


def test_scoring_is_refused_to_the_candidate_a_member_of_another_session_and_an_outsider(exam):
    attempt = open_attempt(exam["candidate"])
    item = tasks_of(attempt)[0]
    committee_outsider = UserFactory(roles=[Role.EXAM_COMMITTEE])
    for user in (exam["candidate"], exam["member_of_another_session"], exam["outsider"], committee_outsider):
        with pytest.raises(ScoringRefused):
            score_task(attempt_task=item, examiner=user, result="pass", comment="Looks fine to me")
    assert not TaskScore.objects.exists()


def test_a_task_is_scored_once_answered_or_once_the_time_is_over(exam):
    attempt = open_attempt(exam["candidate"], answered=False)
    start_attempt(attempt=attempt, candidate=exam["candidate"])
    item = tasks_of(attempt)[0]
    with pytest.raises(ScoringRefused, match="not answered this task yet"):
        score_task(attempt_task=item, examiner=exam["examiners"][0], result="fail", comment="No answer")
    move_start_back(attempt, 181)
    score_task(attempt_task=item, examiner=exam["examiners"][0], result="fail", comment="No answer in time")
    assert TaskScore.objects.filter(attempt_task=item).count() == 1


def test_scoring_needs_a_verdict_and_a_comment_and_stops_once_decided(exam):
    attempt = open_attempt(exam["candidate"], code="accelerator")
    item = tasks_of(attempt)[0]
    with pytest.raises(ScoringRefused):
        score_task(attempt_task=item, examiner=exam["examiners"][0], result="maybe", comment="x")
    with pytest.raises(ScoringRefused):
        score_task(attempt_task=item, examiner=exam["examiners"][0], result="pass", comment="  ")
    assert not TaskScore.objects.exists()
    f.score_every_task(attempt, exam["examiners"][:2], result="fail", comment="Incomplete")
    with pytest.raises(ScoringRefused, match="already decided"):
        score_task(attempt_task=item, examiner=exam["examiners"][2], result="pass", comment="Changed my mind")


def test_three_passed_tasks_issue_the_specialty_certificate(exam, django_capture_on_commit_callbacks):
    attempt = open_attempt(exam["candidate"], code="supplier")
    with django_capture_on_commit_callbacks(execute=True):
        f.score_every_task(attempt, exam["examiners"][1:], comment="Clear, lawful answer")
    attempt.refresh_from_db()
    assert attempt.state == SpecialtyAttempt.State.PASSED
    certificate = Certificate.objects.get(kind=Certificate.Kind.SPECIALTY)
    assert certificate.specialty.code == "supplier" and certificate.holder == exam["candidate"]
    document = Document.objects.get(kind=Document.Kind.SPECIALTY_CERTIFICATE)
    with document.file.open("rb") as handle:
        text = PdfReader(handle).pages[0].extract_text()
    assert "Нұрлан Сейітов" in text and certificate.number in text and certificate.verification_code in text


def test_a_failed_task_fails_the_attempt_and_the_protocol_lists_it(exam, django_capture_on_commit_callbacks):
    attempt = open_attempt(exam["candidate"])
    _first, second, _third = tasks_of(attempt)
    with django_capture_on_commit_callbacks(execute=True):
        for examiner in exam["examiners"][:2]:
            for item in tasks_of(attempt):
                failed = item.pk == second.pk
                score_task(
                    attempt_task=item,
                    examiner=examiner,
                    result="fail" if failed else "pass",
                    comment="Promised guaranteed returns" if failed else "Good",
                )
    attempt.refresh_from_db()
    assert attempt.state == SpecialtyAttempt.State.FAILED
    assert not Certificate.objects.filter(kind=Certificate.Kind.SPECIALTY).exists()
    document = Document.objects.get(kind=Document.Kind.SPECIALTY_PROTOCOL)
    with document.file.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    assert "Failed tasks" in text
    assert second.task.title in text and "Promised guaranteed returns" in text


# --- Screens --------------------------------------------------------------------------------------


def test_the_candidate_sees_verdicts_and_comments_only_once_all_three_are_scored(client, exam):
    attempt = open_attempt(exam["candidate"])
    items = tasks_of(attempt)
    one, two, _three = exam["examiners"]
    url = reverse("accreditation:specialty_attempt", args=[attempt.pk])
    client.force_login(exam["candidate"])
    for item in items:
        score_task(attempt_task=item, examiner=one, result="pass", comment=f"Comment of one on {item.position}")
    for item in items[:2]:
        score_task(attempt_task=item, examiner=two, result="pass", comment=f"Comment of two on {item.position}")
    page = client.get(url).content.decode()
    assert "Comment of" not in page and 'class="badge met">pass' not in page
    assert "shown once all three tasks are scored" in page
    score_task(attempt_task=items[2], examiner=two, result="pass", comment="Comment of two on 3")
    page = client.get(url).content.decode()
    assert page.count("Comment of") == 6 and page.count('class="badge met">pass') >= 3


def test_the_examiner_page_lists_the_answers_to_score_with_a_comment_field(client, exam):
    attempt = open_attempt(exam["candidate"])
    another_attempt = open_attempt(f.session_graduate()[0])
    examiner = exam["examiners"][0]
    client.force_login(examiner)
    queue = client.get(reverse("accreditation:specialty_queue")).content.decode()
    assert reverse("accreditation:specialty_attempt", args=[attempt.pk]) in queue
    assert reverse("accreditation:specialty_attempt", args=[another_attempt.pk]) not in queue
    page = client.get(reverse("accreditation:specialty_attempt", args=[attempt.pk])).content.decode()
    assert page.count(ANSWER) == 3
    item = tasks_of(attempt)[0]
    assert f'name="t{item.pk}-comment"' in page and f'name="t{item.pk}-result"' in page
    response = client.post(
        reverse("accreditation:specialty_score", args=[item.pk]),
        {f"t{item.pk}-result": "pass", f"t{item.pk}-comment": "Well argued"},
    )
    assert response.status_code == 302
    page = client.get(reverse("accreditation:specialty_attempt", args=[attempt.pk])).content.decode()
    assert f'name="t{item.pk}-comment"' not in page and "your verdict" in page
    missing = client.post(
        reverse("accreditation:specialty_score", args=[tasks_of(attempt)[1].pk]),
        {f"t{tasks_of(attempt)[1].pk}-result": "pass"},
    )
    assert missing.status_code == 400 and "This field is required." in missing.content.decode()
    assert TaskScore.objects.filter(examiner=examiner).count() == 1


def test_the_attempt_is_closed_to_a_member_of_another_session_and_to_outsiders(client, exam):
    attempt = open_attempt(exam["candidate"])
    item = tasks_of(attempt)[0]
    url = reverse("accreditation:specialty_attempt", args=[attempt.pk])
    score = reverse("accreditation:specialty_score", args=[item.pk])
    data = {f"t{item.pk}-result": "pass", f"t{item.pk}-comment": "Fine"}
    for persona in ("member_of_another_session", "outsider"):
        client.force_login(exam[persona])
        assert client.get(url).status_code == 404, persona
        assert client.post(score, data).status_code == 404, persona
    client.force_login(exam["candidate"])
    assert client.get(url).status_code == 200
    assert client.post(score, data).status_code == 403
    assert not TaskScore.objects.exists()


def test_applying_in_the_browser_without_a_certificate_shows_the_reason(client):
    client.force_login(UserFactory(roles=[Role.STUDENT]))
    specialty = Specialty.objects.get(code="chairman")
    response = client.post(reverse("accreditation:specialty"), {"specialty": specialty.pk})
    assert response.status_code == 200
    assert "needs a valid certificate of completion" in response.content.decode()


def test_task_texts_are_substantial():
    for task in SituationalTask.objects.all():
        assert len(task.situation) > 120 and len(task.assignment) > 60, task.code


# --- Queries --------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["candidate", "examiner"])
def test_the_attempt_page_runs_the_same_queries_with_no_and_six_scores(
    client, exam, persona, django_assert_max_num_queries
):
    attempt = open_attempt(exam["candidate"])
    url = reverse("accreditation:specialty_attempt", args=[attempt.pk])
    client.force_login(exam["candidate"] if persona == "candidate" else exam["examiners"][0])
    # Queries: the session; the user with their roles; the attempt with its candidate, specialty and
    # certificate; for a committee member, their seat on the attempt's session; the tasks; their scores
    # with the examiners — 4 for the candidate, 5 for the examiner.
    with django_assert_max_num_queries(5 + SESSION_QUERIES) as none:
        assert client.get(url).status_code == 200
    f.score_every_task(attempt, exam["examiners"][1:])
    with django_assert_max_num_queries(5 + SESSION_QUERIES) as six:
        assert client.get(url).status_code == 200
    assert len(six.captured_queries) == len(none.captured_queries)


def test_the_examiner_queue_runs_the_same_queries_with_one_and_eight_attempts(
    client, exam, django_assert_max_num_queries
):
    open_attempt(exam["candidate"])
    examiner = exam["examiners"][0]
    client.force_login(examiner)
    url = reverse("accreditation:specialty_queue")
    # Queries: the session; the user with their roles; the attempts with their counts.
    with django_assert_max_num_queries(2 + SESSION_QUERIES) as one:
        assert client.get(url).status_code == 200
    for code in ("chairman", "accelerator", "supplier"):
        open_attempt(exam["candidate"], code=code)
    for _ in range(4):
        open_attempt(f.session_graduate(members=exam["examiners"])[0])
    with django_assert_max_num_queries(2 + SESSION_QUERIES) as eight:
        page = client.get(url)
    assert page.content.decode().count("/ 3</td>") == 16
    assert len(eight.captured_queries) == len(one.captured_queries)
