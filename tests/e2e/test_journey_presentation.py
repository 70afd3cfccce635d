"""Journey 2 in Chromium: a presenter records a presentation and puts its QR code on the projector; an
attendee's phone opens the link the QR code holds, subscribes and confirms by the code sent by SMS; the
projector's live counter and the subscriber/attendee ratio change on the same page, without a reload
(htmx polling, nothing inline under the CSP)."""

import datetime
import re

import pytest
import segno
from django.utils import timezone
from playwright.sync_api import expect

from coopportal import sms
from tests.courses.factories import CohortFactory, student_at, teacher
from tests.e2e.conftest import PHONE, assert_fits_phone_and_desktop, log_in, pdf_upload, screenshot
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TOPIC = "A consumer cooperative for our district"

# The QR image as the browser has it, drawn on a canvas at a whole multiple of its own size (module edges stay
# on pixel edges) and read back one module at a time: the dark pixels' bounding box is the symbol (the quiet
# zone is light), the top-left finder pattern is 7 modules wide, and a symbol is 17 + 4 * version modules wide.
_QR_MODULES = """async img => {
  await img.decode();
  const size = img.naturalWidth * Math.ceil(1000 / img.naturalWidth);
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, size, size);
  context.drawImage(img, 0, 0, size, size);
  const pixels = context.getImageData(0, 0, size, size).data;
  const dark = (x, y) => pixels[4 * (Math.floor(y) * size + Math.floor(x))] < 128;
  let top = size, left = size, right = -1;
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    if (dark(x, y)) { top = Math.min(top, y); left = Math.min(left, x); right = Math.max(right, x); }
  }
  let finder = 0;
  while (left + finder < size && dark(left + finder, top)) finder++;
  if (finder < 7) throw new Error('no QR finder pattern in the image');
  const width = right - left + 1;
  const count = 17 + 4 * Math.round((width / (finder / 7) - 17) / 4);
  const module = width / count;
  const rows = [];
  for (let row = 0; row < count; row++) {
    let bits = '';
    for (let col = 0; col < count; col++) {
      bits += dark(left + (col + .5) * module, top + (row + .5) * module) ? '1' : '0';
    }
    rows.push(bits);
  }
  return rows;
}"""


def qr_modules(image) -> list[str]:
    """The modules of the QR code `image` (a locator of an <img>) shows, one '0'/'1' string per row."""
    return image.evaluate(_QR_MODULES)


def is_qr_code_of(modules: list[str], text: str) -> bool:
    """Whether `modules` are the QR code of `text` at one of the four error correction levels."""
    for error in "LMQH":
        matrix = segno.make(text, error=error, boost_error=False).matrix
        if modules == ["".join(str(bit) for bit in row) for row in matrix]:
            return True
    return False


def test_presenter_shows_the_qr_code_a_phone_subscribes_and_the_live_ratio_rises_without_reload(
    live_server, new_page, settings
):
    enrolment = student_at(CohortFactory(teachers=[teacher()], name="Almaty presentation cohort"), "publication")
    started = timezone.localtime() - datetime.timedelta(minutes=30)

    # The presenter records the presentation on the level page and lands on the presentation's page.
    presenter = new_page()
    csp_errors = []
    presenter.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(presenter, live_server.url, enrolment.student.email, TEST_PASSWORD)
    presenter.goto(f"{live_server.url}/learn/levels/publication/")
    assert_fits_phone_and_desktop(presenter)
    presenter.locator("#id_held_at").fill(started.strftime("%Y-%m-%dT%H:%M"))
    presenter.locator("#id_topic").fill(TOPIC)
    presenter.locator("#id_place").fill("District community hall")
    presenter.get_by_role("button", name="Record the presentation").click()
    presenter.get_by_text("Presentation recorded. Show the QR code").wait_for()
    assert_fits_phone_and_desktop(presenter)
    subscribe_link = presenter.get_by_role("link", name="/learn/s/")
    subscribe_url = subscribe_link.get_attribute("href")
    assert subscribe_link.inner_text() == subscribe_url
    assert subscribe_url.startswith(f"{live_server.url}/learn/s/")
    assert is_qr_code_of(qr_modules(presenter.get_by_role("img", name="QR code of the subscribe page")), subscribe_url)

    # People came: the presenter reports 20 attendees with the sign-in sheet; the ratio is shown from now on.
    presenter.get_by_label("How many people were present?").fill("20")
    presenter.get_by_label("Photo of the room or the sign-in sheet").set_input_files(pdf_upload("sign-in-sheet"))
    presenter.get_by_role("button", name="Report", exact=True).click()
    presenter.get_by_text("Reported; it counts once it is confirmed.").wait_for()
    expect(presenter.locator("#live-count")).to_contain_text("0 subscribers")
    expect(presenter.locator("#live-count")).to_contain_text("0.0 % of 20 attendees (reported, not confirmed yet)")
    screenshot(presenter, "presentations-01-presenter-page")
    assert_fits_phone_and_desktop(presenter)

    # On the projector: the QR code, the link under it and the live figures.
    presenter.get_by_role("link", name="Show full screen on the projector").click()
    presenter.get_by_role("heading", name="Subscribe to information on cooperative projects").wait_for()
    projector_qr = presenter.get_by_role("img", name="QR code of the subscribe page")
    assert projector_qr.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(presenter.locator(".projector-link")).to_have_text(subscribe_url)
    assert is_qr_code_of(qr_modules(projector_qr), subscribe_url)
    live_subscribers = presenter.locator("#live-count .stat").nth(0)
    live_ratio = presenter.locator("#live-count .stat").nth(1)
    expect(live_subscribers).to_have_text("0")
    expect(live_ratio).to_have_text("0.0 %")
    expect(presenter.locator("#live-count")).to_contain_text("of 20 attendees")
    screenshot(presenter, "presentations-02-projector")
    assert_fits_phone_and_desktop(presenter)
    # A page load would drop this; the htmx swap keeps it.
    presenter.evaluate("window.projectorNotReloaded = true")
    projector_url = presenter.url

    # An attendee's phone opens the link the QR code holds and subscribes.
    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto(subscribe_url)
    phone.get_by_role("heading", name="Information on cooperative projects").wait_for()
    assert phone.get_by_text(TOPIC).is_visible()
    screenshot(phone, "presentations-03-subscribe-on-a-phone")
    assert_fits_phone_and_desktop(phone)
    phone.locator("#id_name").fill("Demo Attendee")
    phone.locator("#id_phone").fill("8 701 765 43 21")
    phone.locator("#id_consent").check()
    phone.get_by_role("button", name="Subscribe").click()

    # The phone receives a code by SMS; until it is typed the sign-up does not count.
    phone.get_by_role("heading", name="Enter the code").wait_for()
    assert phone.get_by_text("+77017654321").is_visible()
    screenshot(phone, "presentations-04a-enter-the-sms-code")
    assert_fits_phone_and_desktop(phone)
    expect(live_subscribers).to_have_text("0")
    [message] = sms.outbox
    assert message.to == "+77017654321"
    code = re.search(r"\b(\d{6})\b", message.body).group(1)
    phone.get_by_label("Code from the SMS").fill(code)
    phone.get_by_role("button", name="Confirm").click()
    phone.get_by_role("heading", name="Thank you, you are subscribed").wait_for()
    # The unsubscribe link went to the confirmed phone, not onto the page.
    assert phone.get_by_role("link", name="unsubscribe").count() == 0
    assert "/learn/unsubscribe/" in sms.outbox[-1].body and sms.outbox[-1].to == "+77017654321"
    screenshot(phone, "presentations-04-subscribed-on-a-phone")
    assert_fits_phone_and_desktop(phone)

    # The projector polls every 3 s: the same page, not reloaded, now shows 1 subscriber, 5 % of 20.
    expect(live_subscribers).to_have_text("1", timeout=15_000)
    expect(live_ratio).to_have_text("5.0 %")
    expect(presenter.locator("#live-count")).to_contain_text("1 subscriber ")
    assert presenter.evaluate("window.projectorNotReloaded") is True
    assert presenter.url == projector_url
    screenshot(presenter, "presentations-05-projector-after-subscribe")
    assert_fits_phone_and_desktop(presenter)
    assert csp_errors == []
