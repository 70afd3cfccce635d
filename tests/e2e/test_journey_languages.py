"""The journeys in their users' languages: a student in Kazakh and in Russian through the theory, and the
budget journey in Persian, right to left, on a phone (375 px) and a desktop (1280 px)."""

import datetime

import pytest
from django.utils import translation
from django.utils.translation import gettext

from coopportal.users.models import User
from coopportal.users.roles import Role
from coopportal.users.services import ensure_totp_secret
from courses import services as course_services
from courses.models import Lesson, Quiz
from procurement.models import Program
from tests.courses.factories import CohortFactory, teacher
from tests.e2e.conftest import DESKTOP, PHONE, assert_fits_phone_and_desktop, screenshot, totp_code
from tests.factories import TEST_PASSWORD, UserFactory
from tests.procurement.factories import allocate, hq, new_program, officer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_in(page, base_url: str, user, *, totp_secret: str | None = None) -> None:
    """allauth's login by its fields (the button's words depend on the page's language)."""
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.locator("#id_password").press("Enter")
    if totp_secret is not None:
        page.locator("#id_code").fill(totp_code(totp_secret))
        page.locator("#id_code").press("Enter")
    page.locator("form[action$='/accounts/logout/'] button").wait_for()


def words(language: str, *msgids: str) -> list[str]:
    with translation.override(language):
        translated = [gettext(msgid) for msgid in msgids]
    assert all(t != m for t, m in zip(translated, msgids, strict=True)), translated  # the catalog has them
    return translated


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_student_reads_the_theory_and_asks_to_join_in_their_language(live_server, new_page, language):
    CohortFactory(teachers=[teacher()], open_for_requests=True)
    student = UserFactory(roles=[Role.STUDENT], language=language)
    theory, done, submit, ask, log_out = words(
        language, "Theoretical module", "Done — next lesson", "Submit answers", "Ask to join", "Log out"
    )

    page = new_page()
    sign_in(page, live_server.url, student)
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("button", name=log_out).is_visible()
    page.goto(f"{live_server.url}/learn/theory/")
    page.get_by_role("heading", name=theory, level=1).wait_for()
    assert_fits_phone_and_desktop(page)
    page.goto(f"{live_server.url}/learn/lessons/{Lesson.objects.order_by('section__order', 'order').first().slug}/")
    page.get_by_role("button", name=done).click()
    page.wait_for_load_state("load")
    screenshot(page, f"languages-{language}-01-lesson")
    assert_fits_phone_and_desktop(page)

    quiz = Quiz.objects.order_by("section__order").prefetch_related("questions__choices").first()
    # The quiz opens once its section is read: the other lessons through the service, to keep this short.
    for lesson in Lesson.objects.filter(section=quiz.section):
        course_services.mark_lesson_done(student=student, lesson=lesson)
    page.goto(f"{live_server.url}/learn/quizzes/{quiz.pk}/")
    for question in quiz.questions.all():
        for choice in question.choices.all():
            if choice.is_correct:
                page.locator(f"input[name=q_{question.pk}][value='{choice.pk}']").check()
    page.get_by_role("button", name=submit).click()
    page.locator("p.alert.success").wait_for()
    screenshot(page, f"languages-{language}-02-quiz-passed")
    assert_fits_phone_and_desktop(page)

    page.goto(f"{live_server.url}/learn/cohorts/")
    assert page.get_by_role("button", name=ask).is_visible()
    assert_fits_phone_and_desktop(page)


# Right to left, an overflow runs off the left edge: the innermost elements that start before it.
_PAST_THE_LEFT_EDGE = """() => {
  const scrolls = el => {
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().left < -0.5 && !scrolls(el))
    .filter(el => ![...el.children].some(child => child.getBoundingClientRect().left < -0.5))
    .slice(0, 5)
    .map(el => `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') || ''}">`
      + ` starts at ${Math.round(el.getBoundingClientRect().left)}px`);
}"""


def assert_persian_screen(page, name: str) -> None:
    """Right to left, no sideways scrolling, and the page's heading in the first screen, at both widths."""
    page.wait_for_load_state("load")
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("html").get_attribute("lang") == "fa"
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] == width[1], f"{page.url} is {width[0]} px wide in {width[1]} px: " + "; ".join(
            page.evaluate(_PAST_THE_LEFT_EDGE)
        )
        heading = page.locator("main h1").first
        box = heading.bounding_box()
        assert heading.is_visible() and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
        screenshot(page, f"{name}-{viewport['width']}")


def test_the_budget_journey_in_persian_fits_a_phone_and_a_desktop_right_to_left(live_server, new_page):
    allocate(500_000_000)
    filer = officer()
    User.objects.filter(pk=filer.pk).update(language="fa")
    program = new_program(filer, start=datetime.date(2026, 4, 20), cost=8_000_000)
    save, saved, new = words(
        "fa", "Save", "The program is saved as a draft. Add its people, costs and documents.", "New program"
    )

    page = new_page(viewport=PHONE)
    sign_in(page, live_server.url, filer, totp_secret=ensure_totp_secret(filer))
    page.goto(f"{live_server.url}/budget/")
    assert_persian_screen(page, "languages-fa-01-budget")
    page.goto(f"{live_server.url}/budget/programs/")
    assert_persian_screen(page, "languages-fa-02-programs")
    page.goto(f"{live_server.url}/budget/programs/{program.pk}/")
    assert "۱۴۰۵/۰۱/۳۱" in page.locator("main").inner_text()  # solar hijri, Persian digits
    assert "۸٬۰۰۰٬۰۰۰" in page.locator("main").inner_text()
    assert_persian_screen(page, "languages-fa-03-program")

    # The officer files a second program through the Persian form, typing Persian digits.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/budget/programs/new/")
    page.get_by_role("heading", name=new, level=1).wait_for()
    assert_persian_screen(page, "languages-fa-04-new-program")
    page.locator("#id_program_type").select_option(str(program.program_type_id))
    page.locator("#id_fund").select_option(str(program.fund_id))
    page.locator("#id_year").select_option(str(program.year_id))
    page.locator("#id_title").fill("تور تعاونی‌های ورامین")
    page.locator("#id_start_date").fill("2026-04-21")
    page.locator("#id_end_date").fill("2026-04-21")
    page.locator("#id_place").fill("ورامین")
    page.locator("#id_planned_cost").fill("۲٬۰۰۰٬۰۰۰")
    page.locator("#id_headcount").fill("۳")  # counts are typed in Persian digits too
    page.get_by_role("button", name=save).click()
    page.get_by_text(saved).wait_for()
    filed = Program.objects.get(title="تور تعاونی‌های ورامین")
    assert (filed.planned_cost, filed.headcount) == (2_000_000, 3)
    assert_persian_screen(page, "languages-fa-05-saved")

    reader = hq()
    User.objects.filter(pk=reader.pk).update(language="fa")
    page = new_page(viewport=PHONE)
    sign_in(page, live_server.url, reader, totp_secret=ensure_totp_secret(reader))
    page.goto(f"{live_server.url}/budget/reports/national/")
    assert_persian_screen(page, "languages-fa-06-national-report")
