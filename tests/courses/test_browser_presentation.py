"""In Chromium: the presenter shows the QR code, a phone in the room subscribes on the public page, and
the presenter's live counter goes up without a page reload (htmx polling, nothing inline under the CSP)."""

import pytest

from tests.courses.factories import CohortFactory, held_presentation, student_at, teacher
from tests.e2e.conftest import PHONE, assert_fits_phone_and_desktop, screenshot
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_phone_subscribes_and_the_presenters_live_counter_rises_without_reload(live_server, new_page):
    enrolment = student_at(CohortFactory(teachers=[teacher()], name="Almaty presentation cohort"), "publication")
    presentation = held_presentation(enrolment, topic="A consumer cooperative for our district")

    presenter = new_page()
    csp_errors = []
    presenter.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    presenter.goto(f"{live_server.url}/accounts/login/")
    presenter.locator("#id_login").fill(enrolment.student.email)
    presenter.locator("#id_password").fill(TEST_PASSWORD)
    presenter.get_by_role("button", name="Sign In").click()
    presenter.goto(f"{live_server.url}/learn/presentations/{presentation.pk}/projector/")
    counter = presenter.locator("#live-count .stat").first
    assert counter.inner_text() == "0"
    screenshot(presenter, "presentations-01-projector")

    phone = new_page(viewport=PHONE)
    phone.goto(f"{live_server.url}/learn/s/{presentation.subscribe_token}/")
    assert_fits_phone_and_desktop(phone)
    phone.set_viewport_size(PHONE)
    screenshot(phone, "presentations-02-subscribe-phone")
    phone.locator("#id_name").fill("Aruzhan Demo-Guest")
    phone.locator("#id_phone").fill("8 701 765 43 21")
    phone.locator("#id_consent").check()
    phone.get_by_role("button", name="Subscribe").click()
    phone.get_by_role("heading", name="Thank you, you are subscribed").wait_for()
    screenshot(phone, "presentations-03-subscribed")

    # The projector page polls every 3 s; the same page (no navigation) shows the new subscriber.
    url_before = presenter.url
    presenter.locator("#live-count .stat", has_text="1").first.wait_for(timeout=10_000)
    assert presenter.url == url_before
    assert csp_errors == []
