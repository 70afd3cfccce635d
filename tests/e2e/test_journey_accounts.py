import re

import pytest
from django.core import mail

from coopportal.users.models import User
from tests.e2e.conftest import PHONE, assert_fits_phone_and_desktop, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_new_student_signs_up_confirms_the_email_and_reaches_the_dashboard(live_server, new_page):
    page = new_page()
    page.goto(live_server.url)
    assert_fits_phone_and_desktop(page)
    page.get_by_role("link", name="Join the course").click()
    assert_fits_phone_and_desktop(page)

    page.locator("#id_full_name").fill("Dana Seitova")
    page.locator("#id_email").fill("dana.student@example.org")
    page.locator("#id_password1").fill("Steppe-Cooperative-2026")
    page.locator("#id_password2").fill("Steppe-Cooperative-2026")
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    screenshot(page, "accounts-01-verification-sent")
    assert_fits_phone_and_desktop(page)

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert_fits_phone_and_desktop(page)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Hello, Dana").wait_for()
    screenshot(page, "accounts-02-dashboard")
    assert_fits_phone_and_desktop(page)
    assert User.objects.get(email="dana.student@example.org").emailaddress_set.get().verified


def test_wrong_password_shows_a_message_on_a_phone(live_server, new_page):
    page = new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_login").fill("nobody@example.org")
    page.locator("#id_password").fill("not-the-password")
    page.get_by_role("button", name="Sign In").click()
    assert page.get_by_text("The email address and/or password you specified are not correct.").is_visible()
    screenshot(page, "accounts-03-login-error-phone")
    assert_fits_phone_and_desktop(page)


def test_an_anonymous_phone_switches_to_persian_and_gets_a_right_to_left_page_that_fits(live_server, new_page):
    page = new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/specialists/")
    page.locator("#language-select").select_option("fa")
    page.get_by_role("button", name="Change", exact=True).click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/specialists/")  # back on the page, not on the login page
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "fa"
    screenshot(page, "accounts-04-registry-persian-phone")
    assert_fits_phone_and_desktop(page)  # the skip link once made this page 999 px too wide
    # Table cells keep their words whole: the table scrolls in its wrapper instead.
    styles = page.eval_on_selector_all(
        "th, td", "cells => cells.map(c => getComputedStyle(c).overflowWrap + ' ' + getComputedStyle(c).wordBreak)"
    )
    assert styles and set(styles) == {"normal normal"}
