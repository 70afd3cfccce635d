"""Rules 4, 7 and 8: provinces of Iran only, refusals that stay in the reader's scope, and bad input that
gets a message (never a 500). Personas: officer of this province, officer of another, seat, HQ."""

import datetime

import pytest
from django.urls import reverse

from coopportal.users.roles import Role
from procurement import services
from procurement.exceptions import BudgetError, FundSeparationConflict
from procurement.forms import ProgramForm, ReviewForm, RialField
from procurement.models import Program
from tests.factories import UserFactory, region
from tests.procurement.factories import (
    FOUR_PERCENT,
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


@pytest.mark.parametrize("value", ["²", "۳", "1e3", "-1", "9" * 40, "\x00"])
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
