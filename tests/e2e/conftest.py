"""Browser journeys: Playwright driving Debian's Chromium against a live server.

Run them alone with `make e2e`. Screenshots of key screens go to tests/e2e/screenshots/.
"""

import os
import shutil
import time
from pathlib import Path

import pyotp
import pytest
from django.db import connections

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.e2e


def pytest_collection_modifyitems(items):
    if shutil.which(CHROMIUM) is None:
        skip = pytest.mark.skip(reason=f"Chromium not installed at {CHROMIUM} (.ci/run installs it)")
        for item in items:
            if "tests/e2e/" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture
def browser():
    """Per test, not per session: Playwright must start after the database is restored for the test
    (a session fixture would start first, and its event loop hides that state from the ORM)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
        # ORM calls made while Playwright ran opened their own connection; close it with the test.
        connections.close_all()


@pytest.fixture
def new_page(browser):
    """Open pages in fresh browser contexts (separate cookies), desktop-sized unless told."""
    contexts = []

    def open_page(viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def horizontal_overflow(page) -> int:
    """How many CSS pixels the document is wider than the viewport (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


# The innermost elements whose right edge passes the viewport, outside scrolling boxes such as
# .table-wrap (which may scroll sideways): named in the failure message.
_WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => {
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 0.5 && !scrolls(el))
    .filter(el => ![...el.children].some(child => child.getBoundingClientRect().right > width + 0.5))
    .slice(0, 5)
    .map(el => `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') || ''}">`
      + ` ends at ${Math.round(el.getBoundingClientRect().right)}px`);
}"""


def assert_fits_phone_and_desktop(page) -> None:
    """The current page has no horizontal overflow at 375 px nor at 1280 px."""
    page.wait_for_load_state("load")
    original = page.viewport_size
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        overflow = horizontal_overflow(page)
        assert overflow <= 0, f"{page.url} overflows by {overflow}px at {viewport['width']}px: " + "; ".join(
            page.evaluate(_WIDEST)
        )
    page.set_viewport_size(original)


def totp_code(secret: str) -> str:
    """The current code of `secret`; in the last two seconds of a 30 s window it waits for the next
    one, because allauth accepts only the current window (no tolerance) and typing takes a moment."""
    totp = pyotp.TOTP(secret)
    remaining = totp.interval - time.time() % totp.interval
    if remaining < 2:
        time.sleep(remaining + 0.1)  # the clock, not the page: no wait_for fits here
    return totp.now()


def next_totp_code(secret: str) -> str:
    """The code of the next 30 s window: a step-up right after login needs a code not used yet."""
    totp = pyotp.TOTP(secret)
    time.sleep(totp.interval - time.time() % totp.interval + 0.1)  # the clock, not the page
    return totp.now()


def log_in(page, base_url: str, email: str, password: str, *, totp_secret: str | None = None) -> None:
    """Sign in through allauth's login page and, for privileged roles, its two-factor page."""
    page.goto(f"{base_url}/accounts/login/")
    assert_fits_phone_and_desktop(page)
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    if totp_secret is not None:
        page.get_by_role("heading", name="Two-Factor Authentication").wait_for()
        assert_fits_phone_and_desktop(page)
        page.locator("#id_code").fill(totp_code(totp_secret))
        page.get_by_role("button", name="Sign In").click()
    page.get_by_role("button", name="Log out").wait_for()


def pdf_upload(label: str) -> dict:
    """A small file that passes the upload checks (PDF magic bytes), for `set_input_files`."""
    return {"name": f"{label}.pdf", "mimeType": "application/pdf", "buffer": f"%PDF-1.4\n% {label}\n%%EOF\n".encode()}
