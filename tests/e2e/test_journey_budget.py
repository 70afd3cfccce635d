"""Journey 4: a provincial officer files a tour with its documents, the three committee seats sign
(each logging in with a TOTP code), HQ finds it in the national report and downloads the XLSX."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from coopportal.identity import with_check_digit
from coopportal.users.models import CommitteeSeat, Region
from coopportal.users.roles import Role
from coopportal.users.services import assign_seat, ensure_totp_secret, ensure_user
from procurement import services
from procurement.models import FiscalYear, Fund, Program, ProgramType, RequiredDocument
from tests.e2e.conftest import assert_fits_phone_and_desktop, log_in, next_totp_code, pdf_upload, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Caspian-Cooperative-2026"
TITLE = "Tour to the Varamin dairy cooperative"


def person(key: str, name: str, *, roles=(), region=None):
    # The journey reads English (a Tehran account would otherwise default to Persian).
    user, _ = ensure_user(
        email=f"{key}@example.org", password=PASSWORD, full_name=name, roles=roles, region=region, language="en"
    )
    return user, ensure_totp_secret(user)


def section(page, heading: str):
    """The panel under an <h2>, so that forms with the same field names stay apart."""
    return page.locator("section.panel", has=page.get_by_role("heading", name=heading, exact=True))


def test_officer_files_a_tour_three_seats_sign_with_mfa_and_hq_downloads_the_xlsx(live_server, new_page):
    tehran = Region.objects.get(code="ir-tehran")
    year = FiscalYear.objects.get(label="1405")
    fund = Fund.objects.get(code="current-6-154000")
    tour = ProgramType.objects.get(code="tour")
    hq, hq_secret = person("hq-officer", "Navid Demo-HQ", roles=(Role.HQ_OFFICER,))
    services.confirm_allocations(
        actor=hq, fund=fund, year=year, amounts={tehran.pk: 500_000_000}, national_amount=10_000_000_000
    )
    officer, officer_secret = person(
        "tehran-officer", "Parisa Demo-Officer", roles=(Role.PROVINCIAL_OFFICER,), region=tehran
    )
    seats = []
    names = ("Sara Demo-Deputy", "Omid Demo-Director", "Leila Demo-Comptroller")
    for kind, name in zip(CommitteeSeat.Kind, names, strict=True):
        user, secret = person(f"seat-{kind.value}", name, region=tehran)
        assign_seat(user=user, region=tehran, kind=kind)
        seats.append((user, secret, kind))
    start = year.start + datetime.timedelta(days=45)

    # The officer files the tour: three participants on a one-day tour, within the norm.
    page = new_page()
    log_in(page, live_server.url, officer.email, PASSWORD, totp_secret=officer_secret)
    page.get_by_role("link", name="Grant programs").first.click()
    page.get_by_role("heading", name="Grant budgeting").wait_for()
    assert_fits_phone_and_desktop(page)
    page.get_by_role("link", name="New program").click()
    page.get_by_role("heading", name="New program").wait_for()
    assert_fits_phone_and_desktop(page)
    page.locator("#id_program_type").select_option(str(tour.pk))
    page.locator("#id_fund").select_option(str(fund.pk))
    page.locator("#id_year").select_option(str(year.pk))
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_start_date").fill(start.isoformat())
    page.locator("#id_end_date").fill(start.isoformat())
    page.locator("#id_place").fill("Varamin")
    page.locator("#id_planned_cost").fill("۲٬۰۰۰٬۰۰۰")  # Persian digits, as officers type them
    page.locator("#id_headcount").fill("3")
    screenshot(page, "budget-01-new-tour")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The program is saved as a draft.").wait_for()
    assert_fits_phone_and_desktop(page)

    participants = section(page, "Participants")
    for number, name in enumerate(("Hamid Demo-Member", "Zahra Demo-Member", "Ali Demo-Member"), 1):
        participants.locator("#id_full_name").fill(name)
        participants.locator("#id_national_id").fill(with_check_digit(f"00{number:07d}"))
        participants.locator("#id_signature").set_input_files(pdf_upload(f"signature-{number}"))
        participants.get_by_role("button", name="Add participant").click()
        page.get_by_text("Participant added.").wait_for()
        section(page, "Participants").get_by_role("cell", name=name).wait_for()
    hosts = section(page, "Host cooperatives")
    hosts.locator("#id_name").fill("Varamin Dairy Cooperative")
    hosts.locator("#id_registration_number").fill("881")
    hosts.get_by_role("button", name="Add host").click()
    page.get_by_text("Host cooperative added.").wait_for()

    lines = section(page, "Expense lines")
    lines.locator("#id_item").select_option(label=str(tour.service_items.get(code="item-3")))
    lines.locator("#id_amount").fill("1,500,000")
    lines.locator("#id_vendor").fill("Varamin Bus Cooperative")
    lines.locator("#id_invoice_number").fill("B-17")
    lines.locator("#id_invoice_date").fill(start.isoformat())
    lines.locator("#id_file").set_input_files(pdf_upload("invoice-b17"))
    lines.get_by_role("button", name="Add line").click()
    page.get_by_text("Expense line added.").wait_for()

    assert page.get_by_text("4 documents are missing before submission.").is_visible()
    for requirement in tour.required_documents.filter(stage=RequiredDocument.Stage.SUBMISSION):
        documents = section(page, "Required documents")
        documents.locator("#id_requirement").select_option(str(requirement.pk))
        documents.locator("#id_file").set_input_files(pdf_upload(requirement.code))
        documents.get_by_role("button", name="Upload").click()
        page.get_by_text("Document uploaded.").wait_for()
    assert page.get_by_text("missing before submission").count() == 0
    assert page.get_by_text("Within the norms of its type.").is_visible()
    screenshot(page, "budget-02-tour-ready-to-submit")
    assert_fits_phone_and_desktop(page)
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("The program is submitted.").wait_for()
    assert page.get_by_text("0 of 3 seats have signed.").is_visible()
    program = Program.objects.get(title=TITLE)
    assert program.state == Program.State.SIGN_OFF

    # Each seat logs in with its own TOTP code and signs from its sign-off list.
    for signed, (user, secret, kind) in enumerate(seats, 1):
        page = new_page()
        log_in(page, live_server.url, user.email, PASSWORD, totp_secret=secret)
        page.get_by_role("link", name="Sign-off").first.click()
        awaiting = section(page, "Awaiting your signature")
        assert_fits_phone_and_desktop(page)
        awaiting.get_by_role("link", name=TITLE).click()
        page.get_by_role("heading", name=TITLE).wait_for()
        # Step-up: a fresh code (the one typed at login is spent), so wait for the next 30 s window.
        page.get_by_label("Code from your authenticator app").fill(next_totp_code(secret))
        page.get_by_role("button", name=f"Sign as {kind.label}").click()
        page.get_by_text("Signed.", exact=True).wait_for()
        if signed < 3:
            assert page.get_by_text(f"{signed} of 3 seats have signed.").is_visible()
        screenshot(page, f"budget-03-signed-by-{kind.value}")
        assert_fits_phone_and_desktop(page)
    program.refresh_from_db()
    assert program.state == Program.State.APPROVED
    assert page.locator("h1 .badge").inner_text() == "Approved"

    # HQ finds the approved tour in the national report and downloads the programs table.
    page = new_page()
    log_in(page, live_server.url, hq.email, PASSWORD, totp_secret=hq_secret)
    page.get_by_role("link", name="National budget report").first.click()
    page.get_by_role("heading", name="National budget report").wait_for()
    page.locator("#f-year").select_option(label="1405")
    page.get_by_role("button", name="Show").click()
    latest = section(page, "Latest committed programs")
    latest.get_by_role("link", name=TITLE).wait_for()
    assert_fits_phone_and_desktop(page)
    screenshot(page, "budget-04-national-report")
    with page.expect_download() as download_info:
        latest.get_by_role("link", name="XLSX").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(download.path().read_bytes()))
    rows = list(workbook.active.iter_rows(values_only=True))
    exported = next(row for row in rows if TITLE in row)
    assert "Tehran" in exported and 2_000_000 in exported and "Approved" in exported

    # HQ switches the report to Persian in the header: right to left, Persian digits, still fits a phone.
    page.locator("#language-select").select_option("fa")
    page.get_by_role("button", name="Change", exact=True).click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "۲٬۰۰۰٬۰۰۰" in page.locator("main").inner_text()  # by place, not by heading: that is Persian now
    screenshot(page, "budget-05-national-report-persian")
    assert_fits_phone_and_desktop(page)
    hq.refresh_from_db()
    assert hq.language == "fa"  # the switcher also saved HQ's preference
