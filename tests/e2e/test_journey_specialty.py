"""Journey 4 in Chromium: a holder of a certificate of completion applies for the specialty exam, starts the
attempt and answers the three situational tasks (one with a file) with the time left shown; two examiners of
their exam session read the answers and score each task with a comment; the candidate then sees the
verdicts and comments, and the specialty certificate is issued."""

import pytest

from accreditation.models import Certificate, SpecialtyAttempt
from coopportal.users.services import ensure_totp_secret
from tests.accreditation import factories as f
from tests.e2e.conftest import assert_fits_phone_and_desktop, log_in, pdf_upload, screenshot
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ANSWERS = [
    "I would open the charter with the members and show that income is not shared out as dividends.",
    "I would explain that a cooperative that promises fixed returns for bringing new members is a pyramid.",
    "I would write the purchase offer, compare certified suppliers and record the vote of the meeting.",
]


def test_candidate_answers_three_tasks_and_two_examiners_score_them(live_server, new_page):
    candidate, members = f.session_graduate(full_name="Айгерім Сапарова")

    page = new_page()
    log_in(page, live_server.url, candidate.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/accreditation/specialty/")
    assert_fits_phone_and_desktop(page)
    page.locator("#id_specialty").select_option(label="Cooperative agent")
    page.get_by_role("button", name="Apply and draw my tasks").click()
    page.get_by_role("button", name="Start the attempt and show the tasks").click()
    page.get_by_text("Time left: 2").wait_for()
    attempt = SpecialtyAttempt.objects.get(candidate=candidate)
    items = list(attempt.tasks.order_by("position"))
    for item, text in zip(items, ANSWERS, strict=True):
        page.locator(f"#id_a{item.pk}-text").fill(text)
        if item.position == 1:
            page.locator(f"#id_a{item.pk}-file").set_input_files(pdf_upload("calculation"))
        page.locator(f"#task-{item.position}").get_by_role("button", name="Send the answer").click()
        page.get_by_text("Your answer is saved.").wait_for()
    assert page.get_by_role("link", name="Attached file").count() == 1
    page.get_by_text("The verdicts and the examiners' comments are shown once all three tasks are scored.").wait_for()
    screenshot(page, "specialty-01-answered")
    assert_fits_phone_and_desktop(page)

    for number, examiner in enumerate(members[1:3], start=1):
        judge = new_page()
        log_in(judge, live_server.url, examiner.email, TEST_PASSWORD, totp_secret=ensure_totp_secret(examiner))
        judge.get_by_role("link", name="Specialty exams").first.click()
        assert_fits_phone_and_desktop(judge)
        judge.get_by_role("link", name="Айгерім Сапарова").click()
        judge.get_by_text(ANSWERS[1]).wait_for()
        for item in items:
            task = judge.locator(f"#task-{item.position}")
            task.locator(f"input[name='t{item.pk}-result'][value='pass']").check()
            comment = f"Examiner {number}: lawful and clear on task {item.position}."
            task.locator(f"#id_t{item.pk}-comment").fill(comment)
            task.get_by_role("button", name="Record the verdict").click()
            judge.get_by_text("The verdict is recorded.").wait_for()
        screenshot(judge, f"specialty-0{number + 1}-scored")
        assert_fits_phone_and_desktop(judge)
        judge.close()

    page.reload()
    page.get_by_text("Examiner 2: lawful and clear on task 3.").wait_for()
    assert page.locator("span.badge.met", has_text="passed").count() == 1
    screenshot(page, "specialty-04-verdicts")
    assert_fits_phone_and_desktop(page)
    assert Certificate.objects.filter(holder=candidate, kind=Certificate.Kind.SPECIALTY).count() == 1
