"""Rules 4, 7 and 8: provinces of Iran only, refusals that stay in the reader's scope, and bad input that
gets a message (never a 500). Personas: officer of this province, officer of another, seat, HQ."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from coopportal.users.roles import Role
from procurement import services
from procurement.exceptions import BudgetError, FundSeparationConflict
from procurement.forms import ProgramForm, ReviewForm, RialField
from procurement.models import Program
from tests.factories import UserFactory, region
from tests.procurement.factories import (
    FOUR_PERCENT,
    add_line,
    attach_documents,
    fund,
    hq,
    new_program,
    officer,
    pdf,
    ptype,
    seats,
    year,
)

pytestmark = pytest.mark.django_db

# Rule 7: a conflict with another province's program names only its fund and year.


def tehran_and_isfahan_share_a_participant():
    tehran, isfahan = officer("ir-tehran"), officer("ir-isfahan")
    theirs = new_program(tehran, headcount=1, cost=600_000)
    services.add_participant(actor=tehran, program=theirs, full_name="Ali Tehrani", national_id="0012345679")
    services.add_host(actor=tehran, program=theirs, name="Varamin Dairy", registration_number="881")
    mine = new_program(isfahan, fund_code=FOUR_PERCENT, headcount=1, cost=600_000)
    services.add_participant(actor=isfahan, program=mine, full_name="Ali", national_id="۰۰۱۲۳۴۵۶۷۹")
    services.add_host(actor=isfahan, program=mine, name="Dairy coop", registration_number="۸۸۱")
    add_line(isfahan, mine)
    attach_documents(isfahan, mine)
    return theirs, mine, isfahan


def test_isfahan_officer_refusal_names_nothing_of_tehran():
    theirs, mine, isfahan = tehran_and_isfahan_share_a_participant()
    with pytest.raises(FundSeparationConflict) as info:
        services.submit_program(actor=isfahan, program=mine)
    message = str(info.value)
    assert "conflicts with a program of another province" in message
    assert str(fund()) in message and "1405" in message
    for secret in (theirs.title, f"#{theirs.pk}", "Ali Tehrani", "Varamin", "Tehran"):
        assert secret not in message


def test_isfahan_program_page_names_nothing_of_tehran(login):
    theirs, mine, isfahan = tehran_and_isfahan_share_a_participant()
    page = login(isfahan).get(reverse("procurement:program", args=[mine.pk])).content.decode()
    assert "conflicts with a program of another province" in page
    assert theirs.title not in page and "Ali Tehrani" not in page and "Varamin" not in page


def test_hq_sees_the_conflicting_program_named():
    theirs, mine, _isfahan = tehran_and_isfahan_share_a_participant()
    from procurement.checks import separation_conflicts

    messages = separation_conflicts(mine, reader=hq())
    assert any(theirs.title in m and f"#{theirs.pk}" in m for m in messages)


def test_seat_of_isfahan_sees_only_fund_and_year_of_tehran():
    theirs, mine, _isfahan = tehran_and_isfahan_share_a_participant()
    from procurement.checks import separation_conflicts

    seat = seats("ir-isfahan")[0]
    messages = separation_conflicts(mine, reader=seat)
    assert messages and all(theirs.title not in m for m in messages)


# Rule 4: budget programs and allocations are for Iran's provinces.


def test_program_in_a_kazakh_region_is_refused():
    outsider = UserFactory(roles=[Role.PROVINCIAL_OFFICER], region=region("kz-almaty"))
    with pytest.raises(BudgetError, match="Iran"):
        new_program(outsider)
    assert not Program.objects.exists()


def test_program_form_of_a_kazakh_officer_is_a_form_error(login):
    outsider = UserFactory(roles=[Role.PROVINCIAL_OFFICER], region=region("kz-almaty"))
    response = login(outsider).post(reverse("procurement:program_create"), program_data())
    assert response.status_code == 200 and "Iran" in response.content.decode()
    assert not Program.objects.exists()


def test_split_form_lists_iranian_provinces_only(login):
    response = login(hq()).get(
        reverse("procurement:allocation_split"), {"fund": fund().pk, "year": year().pk, "national_amount": "1000"}
    )
    labels = {field.label for field in response.context["form"].fields.values()}
    assert "Tehran" in labels and "Almaty" not in labels


# Rule 8: bad input is a message, never a 500.


def program_data(**overrides):
    start = year().start + datetime.timedelta(days=30)
    data = {
        "program_type": ptype("tour").pk,
        "fund": fund().pk,
        "year": year().pk,
        "title": "Tour",
        "start_date": start.isoformat(),
        "end_date": start.isoformat(),
        "place": "Karaj",
        "planned_cost": "8,000,000",
        "headcount": "12",
        "units": "1",
        "weekly_consultation_hours": "0",
        "seminars_recorded": "0",
        "printed_copies": "0",
    }
    return {**data, **overrides}


@pytest.mark.parametrize("typed", ["8000000²", "①", "8,000,000³", "⑧000000", "½"])
def test_superscript_or_circled_digits_in_an_amount_are_a_form_error(typed):
    field = RialField()
    with pytest.raises(Exception) as info:
        field.clean(typed)
    assert info.type.__name__ == "ValidationError"


def test_fullwidth_digits_in_an_amount_read_as_digits():
    assert RialField().clean("８,０００,０００") == 8_000_000


@pytest.mark.parametrize("field", ["planned_cost", "headcount", "units"])
def test_unicode_digits_in_program_form_fields_are_form_errors(field, login):
    response = login(officer()).post(reverse("procurement:program_create"), program_data(**{field: "1²"}))
    assert response.status_code == 200 and response.context["form"].errors.get(field)
    assert not Program.objects.exists()


def test_form_counts_accept_persian_digits():
    form = ProgramForm(program_data(headcount="۱۲"), region=region("ir-tehran"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["headcount"] == 12


def test_form_counts_are_typed_in_a_numeric_text_box_and_shown_in_persian_digits():
    """A number input takes no Persian digits in the browser, so a count is a text box with a keypad."""
    form = ProgramForm(initial={"headcount": 120}, region=region("ir-tehran"))
    with translation.override("fa"):
        html = str(form["headcount"])
    assert 'type="text"' in html and 'inputmode="numeric"' in html
    assert 'value="۱۲۰"' in html
    with translation.override("en"):
        assert 'value="120"' in str(form["headcount"])


@pytest.mark.parametrize("value", ["²", "۳", "1e3", "-1", "9" * 40])
def test_year_filter_of_conflicts_is_ignored_when_not_an_id(value, login):
    response = login(hq()).get(reverse("procurement:conflicts"), {"year": value})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["²", "①", "9" * 40])
def test_cohort_filter_of_exam_sessions_is_ignored_when_not_an_id(value, login):
    member = UserFactory(roles=[Role.EXAM_COMMITTEE])
    response = login(member).get(reverse("accreditation:session_create"), {"cohort": value})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["²", "abc"])
def test_report_filters_are_ignored_when_not_ids(value, login):
    response = login(hq()).get(reverse("procurement:national"), {"year": value, "fund": value})
    assert response.status_code == 200


def test_nul_byte_in_the_review_note_is_refused_with_a_message(login):
    assert not ReviewForm({"reason": "fine\x00"}).is_valid()
    assert not ReviewForm({"reason": "bell\x07"}).is_valid()
    assert ReviewForm({"reason": "Line one\nline two"}).is_valid()
    program = new_program(officer())
    response = login(hq()).post(
        reverse("procurement:program_review", args=[program.pk]), {"reason": "ok\x00"}, follow=True
    )
    assert response.status_code == 200
    assert any("Null characters" in str(m) or "control" in str(m) for m in response.context["messages"])
    with pytest.raises(BudgetError, match="control characters"):
        services.review_program(actor=hq(), program=program, note="ok\x00")


def test_program_longer_than_five_years_is_refused():
    filer = officer()
    with pytest.raises(BudgetError, match="five years"):
        new_program(filer, type_code="chair", days=5 * 366 + 1, cost=1)


def test_invoice_dated_outside_the_year_with_margin_is_refused():
    filer = officer()
    program = new_program(filer)
    item = program.program_type.service_items.first()
    args = {"actor": filer, "program": program, "item": item, "amount": 1, "vendor": "Bus", "invoice_number": "X1"}
    with pytest.raises(BudgetError, match="invoice date"):
        services.add_expense_line(**args, invoice_date=datetime.date(1, 1, 1), file=pdf())
    with pytest.raises(BudgetError, match="invoice date"):
        services.add_expense_line(**args, invoice_date=year().end + datetime.timedelta(days=91), file=pdf())
    services.add_expense_line(**args, invoice_date=year().end + datetime.timedelta(days=90), file=pdf())


# Dates bounded to the fiscal year: a program starts within it (both ends inclusive), invoices within
# it or the program's dates give or take 90 days; a refusal is an error beside the date it concerns.


def program_form_data(start: datetime.date) -> dict:
    return {
        "program_type": ptype("tour").pk,
        "fund": fund().pk,
        "year": year().pk,
        "title": "A tour",
        "start_date": start.isoformat(),
        "end_date": start.isoformat(),
        "place": "Rey",
        "planned_cost": "8,000,000",
        "headcount": "12",
    }


@pytest.mark.parametrize("days", [-1, 1])
def test_program_starting_outside_its_fiscal_year_is_a_field_error(days, client, login):
    login(officer())
    start = year().start - datetime.timedelta(days=1) if days < 0 else year().end + datetime.timedelta(days=1)
    response = client.post(reverse("procurement:program_create"), program_form_data(start))
    assert response.status_code == 200
    assert "must start within fiscal year 1405" in " ".join(response.context["form"].errors["start_date"])
    assert not Program.objects.exists()


@pytest.mark.parametrize("edge", ["start", "end"])
def test_program_starting_on_either_end_of_its_fiscal_year_is_accepted(edge, client, login):
    login(officer())
    start = year().start if edge == "start" else year().end
    response = client.post(reverse("procurement:program_create"), program_form_data(start))
    assert response.status_code == 302 and Program.objects.get().start_date == start


def test_moving_a_program_out_of_its_fiscal_year_is_a_field_error(client, login):
    filer = officer()
    program = new_program(filer)
    client = login(filer)
    form = client.get(reverse("procurement:program_edit", args=[program.pk])).context["form"]
    data = {name: "" if form.initial.get(name) is None else form.initial[name] for name in form.fields}
    data["start_date"] = (year().end + datetime.timedelta(days=1)).isoformat()
    data["end_date"] = data["start_date"]
    data["planned_cost"] = str(program.planned_cost)
    response = client.post(reverse("procurement:program_edit", args=[program.pk]), data)
    assert response.context["form"].errors["start_date"]
    assert Program.objects.get(pk=program.pk).start_date == program.start_date


def test_invoice_dated_91_days_before_the_year_is_an_error_beside_its_date(client, login):
    filer = officer()
    program = new_program(filer)
    item = program.program_type.service_items.first()
    data = {
        "item": item.pk,
        "amount": "1,000",
        "vendor": "Bus",
        "invoice_number": "X1",
        "invoice_date": (year().start - datetime.timedelta(days=91)).isoformat(),
    }
    response = login(filer).post(
        reverse("procurement:line_add", args=[program.pk]), {**data, "file": upload("invoice")}
    )
    assert response.status_code == 200
    assert "give or take 90 days" in " ".join(response.context["line_form"].errors["invoice_date"])
    assert not program.lines.exists()


def upload(label: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("scan.pdf", f"%PDF-1.4\n% {label}\n%%EOF\n".encode(), content_type="application/pdf")


# Filters in URLs and in the admin: a value that is not one of theirs is ignored (or answered 400),
# never a 500.

BAD_VALUES = ["²", "①", "abc", "-1", "9" * 40, "\x00", "1\x00"]
FILTER_VALUES = [value for value in BAD_VALUES if "\x00" not in value]  # NUL: refused below


@pytest.mark.parametrize("value", FILTER_VALUES)
def test_program_list_state_and_page_filters_ignore_bad_values(value, login):
    client = login(officer())
    response = client.get(reverse("procurement:programs"), {"state": value, "page": value})
    assert response.status_code == 200


@pytest.mark.parametrize("value", FILTER_VALUES)
def test_province_report_and_export_filters_ignore_bad_values(value, login):
    client = login(officer())
    response = client.get(reverse("procurement:province", args=["ir-tehran"]), {"year": value, "fund": value})
    assert response.status_code == 200
    export = reverse("procurement:province_export", args=["ir-tehran", "programs", "csv"])
    assert client.get(export, {"year": value, "fund": value}).status_code == 200


@pytest.mark.parametrize("value", FILTER_VALUES)
def test_split_form_in_the_url_answers_bad_values_with_form_errors(value, login):
    response = login(hq()).get(
        reverse("procurement:allocation_split"), {"fund": value, "year": value, "national_amount": value}
    )
    assert response.status_code == 200 and response.context["split_form"].errors


@pytest.mark.parametrize(
    "name, args",
    [
        ("procurement:conflicts", []),
        ("procurement:programs", []),
        ("procurement:province", ["ir-tehran"]),
        ("procurement:province_export", ["ir-tehran", "programs", "csv"]),
        ("procurement:allocation_split", []),
    ],
)
@pytest.mark.parametrize("value", ["\x00", "1\x00"])
def test_a_nul_in_a_budget_page_address_is_refused_with_400(name, args, value, login):
    response = login(hq()).get(reverse(name, args=args), {"year": value, "fund": value, "state": value})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


ADMIN_FILTERS = ["state", "program_type__id__exact", "fund__id__exact", "year__id__exact", "q", "o", "p"]


@pytest.mark.parametrize("value", BAD_VALUES)
def test_admin_program_filters_ignore_bad_values_or_answer_400(value, login):
    new_program(officer())
    client = login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:procurement_program_changelist")
    assert client.get(url).status_code == 200  # the changelist itself, past the two-factor check
    for name in ADMIN_FILTERS:
        response = client.get(url, {name: value}, follow=True)
        assert response.status_code in (200, 400), (name, value, response.status_code)
    for model in ("allocation", "contractor", "programtype", "fiscalyear"):
        response = client.get(reverse(f"admin:procurement_{model}_changelist"), {"q": value, "o": value}, follow=True)
        assert response.status_code in (200, 400), (model, value, response.status_code)
