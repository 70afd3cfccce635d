"""Journey 4: a provincial officer files a tour with its documents, importing its participants from an
XLSX file while the list of what Submit still needs shrinks; the three committee seats sign (each
logging in with a TOTP code and confirming the signature with a fresh one), HQ finds the tour in the
national report and downloads the XLSX."""

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from coopportal.identity import with_check_digit
from coopportal.users.models import CommitteeSeat, Region
from coopportal.users.roles import Role
from coopportal.users.services import assign_seat, ensure_totp_secret, ensure_user
from procurement import services
from procurement.models import Category, FiscalYear, Fund, Program, ProgramType, RequiredDocument
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


PARTICIPANTS = ("Hamid Demo-Member", "Zahra Demo-Member", "Ali Demo-Member")


def participants_xlsx() -> dict:
    """The tour's participant list as an officer keeps it: a spreadsheet, national IDs as text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Full name", "National ID", "Phone"])
    for number, name in enumerate(PARTICIPANTS, 1):
        sheet.append([name, with_check_digit(f"00{number:07d}"), f"0912000000{number}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return {
        "name": "participants.xlsx",
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": buffer.getvalue(),
    }


def blockers(page) -> list[str]:
    """What the list beside the disabled Submit says is still missing."""
    return page.locator("#submit-blockers li").all_inner_texts()


def test_officer_files_a_tour_three_seats_sign_with_mfa_and_hq_downloads_the_xlsx(live_server, new_page):
    tehran = Region.objects.get(code="ir-tehran")
    year = FiscalYear.objects.get(label="1405")
    fund = Fund.objects.get(code="current-6-154000")
    tour = ProgramType.objects.get(code="tour")
    hq, hq_secret = person("hq-officer", "Navid Demo-HQ", roles=(Role.HQ_OFFICER,))
    [allocation] = services.confirm_allocations(
        actor=hq, fund=fund, year=year, amounts={tehran.pk: 500_000_000}, national_amount=10_000_000_000
    )
    shares = {"promotion": 70, "education": 20, "research": 10}  # without a plan nothing is approved
    services.save_category_plan(
        actor=hq,
        allocation=allocation,
        amounts={c.pk: allocation.amount * shares[c.code] // 100 for c in Category.objects.all()},
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

    # Submit is disabled and says what is missing: the documents, the expense lines, the participants.
    submission = section(page, "Next step")
    assert submission.get_by_role("button", name="Submit").is_disabled()
    missing = blockers(page)
    documents = tour.required_documents.filter(stage=RequiredDocument.Stage.SUBMISSION)
    assert len(missing) == documents.count() + 2
    assert "No expense lines: add at least one, with its invoice or receipt." in missing
    assert any("3 participants are claimed but 0" in blocker for blocker in missing)
    screenshot(page, "budget-02-submit-needs-first")

    # The participant list comes from a spreadsheet; the headcount blocker goes.
    participants = section(page, "Participants")
    participants.locator("#import-file").set_input_files(participants_xlsx())
    participants.get_by_role("button", name="Import the list").click()
    page.get_by_text("3 participants imported.").wait_for()
    for name in PARTICIPANTS:
        section(page, "Participants").get_by_role("cell", name=name).wait_for()
    after_import = blockers(page)
    assert len(after_import) == len(missing) - 1
    assert not any("participants are claimed" in blocker for blocker in after_import)

    hosts = section(page, "Host cooperatives")
    hosts.locator("#host-name").fill("Varamin Dairy Cooperative")
    hosts.locator("#host-registration_number").fill("881")
    hosts.get_by_role("button", name="Add host").click()
    page.get_by_text("Host cooperative added.").wait_for()

    lines = section(page, "Expense lines")
    lines.locator("#line-item").select_option(label=str(tour.service_items.get(code="item-3")))
    lines.locator("#line-amount").fill("1,500,000")
    lines.locator("#line-vendor").fill("Varamin Bus Cooperative")
    lines.locator("#line-invoice_number").fill("B-17")
    lines.locator("#line-invoice_date").fill(start.isoformat())
    lines.locator("#line-file").set_input_files(pdf_upload("invoice-b17"))
    lines.get_by_role("button", name="Add line").click()
    page.get_by_text("Expense line added.").wait_for()
    after_line = blockers(page)
    assert len(after_line) == len(after_import) - 1 and not any("expense lines" in b for b in after_line)

    assert page.get_by_text("4 documents are missing before submission.").is_visible()
    for left, requirement in enumerate(documents):
        section(page, "Required documents").locator("#document-requirement").select_option(str(requirement.pk))
        section(page, "Required documents").locator("#document-file").set_input_files(pdf_upload(requirement.code))
        section(page, "Required documents").get_by_role("button", name="Upload").click()
        page.get_by_text("Document uploaded.").wait_for()
        assert len(blockers(page)) == len(after_line) - left - 1
    assert page.locator("#submit-blockers").count() == 0
    assert page.get_by_text("Everything needed for submission is on file.").is_visible()
    assert page.get_by_text("missing before submission").count() == 0
    assert page.get_by_text("Within the norms of its type.").is_visible()
    screenshot(page, "budget-03-tour-ready-to-submit")
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
        screenshot(page, f"budget-04-signed-by-{kind.value}")
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
    screenshot(page, "budget-05-national-report")
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
    screenshot(page, "budget-06-national-report-persian")
    assert_fits_phone_and_desktop(page)
    hq.refresh_from_db()
    assert hq.language == "fa"  # the switcher also saved HQ's preference
