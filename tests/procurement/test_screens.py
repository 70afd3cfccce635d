"""Filing screens that explain themselves: what blocks Submit, errors next to their fields, the fields of
the chosen type, the current fiscal year preselected and a confirmation after every save."""

import datetime

import pytest
from django.urls import reverse

from procurement.forms import ProgramForm, current_fiscal_year
from procurement.models import FiscalYear
from tests.factories import region
from tests.procurement.factories import add_line, add_people, attach_documents, new_program, officer

pytestmark = pytest.mark.django_db


def test_submit_is_disabled_and_lists_exactly_what_is_missing(login):
    filer = officer()
    program = new_program(filer, headcount=12)
    add_people(filer, program, 11)
    page = login(filer).get(reverse("procurement:program", args=[program.pk]))
    html = page.content.decode()
    blockers = page.context["page"].submission_blockers
    missing = [r.name for r in program.program_type.required_documents.filter(stage="submission")]
    assert len(blockers) == len(missing) + 2  # and no expense line yet
    assert all(any(name in b for b in blockers) for name in missing)
    assert any("12 participants are claimed but 11" in b for b in blockers)
    assert 'disabled aria-describedby="submit-blockers"' in html


def test_no_expense_lines_is_a_submission_blocker_named_beside_submit(login):
    filer = officer()
    program = new_program(filer, headcount=2, cost=1_000_000)
    add_people(filer, program, 2)
    attach_documents(filer, program)
    client = login(filer)
    page = client.get(reverse("procurement:program", args=[program.pk]))
    blocker = "No expense lines: add at least one, with its invoice or receipt."
    assert page.context["page"].submission_blockers == [blocker]
    html = page.content.decode()
    blockers = html[html.index('<div id="submit-blockers">') :]
    assert "No expense lines" in blockers[: blockers.index("</div>")]
    add_line(filer, program)
    assert "submit-blockers" not in client.get(reverse("procurement:program", args=[program.pk])).content.decode()


def test_submit_is_enabled_when_nothing_is_missing(login):
    filer = officer()
    program = new_program(filer, headcount=2, cost=1_000_000)
    add_people(filer, program, 2)
    add_line(filer, program)
    attach_documents(filer, program)
    html = login(filer).get(reverse("procurement:program", args=[program.pk])).content.decode()
    assert "submit-blockers" not in html and "Everything needed for submission is on file." in html


def test_participant_error_is_shown_next_to_the_form_not_lost(login):
    filer = officer()
    program = new_program(filer)
    response = login(filer).post(
        reverse("procurement:participant_add", args=[program.pk]), {"full_name": "A", "national_id": "0012345678"}
    )
    assert response.status_code == 200
    form = response.context["participant_form"]
    assert "check digit" in " ".join(form.non_field_errors())
    assert "0012345678" in response.content.decode()  # the typed value is kept


def test_program_form_shows_type_fields_only_for_their_types(login):
    html = login(officer()).get(reverse("procurement:program_create")).content.decode()
    assert 'data-program-types="chair"' in html and 'data-program-types="story"' in html
    assert "data-type-codes" in html


def test_tour_form_drops_chair_figures():
    data = {
        "program_type": 1,
        "title": "T",
        "place": "P",
        "planned_cost": "1",
        "headcount": "1",
        "weekly_consultation_hours": "9",
    }
    from procurement.models import ProgramType

    tour = ProgramType.objects.get(code="tour")
    year = current_fiscal_year()
    start = year.start + datetime.timedelta(days=3)
    data.update(program_type=tour.pk, fund=1, year=year.pk, start_date=start, end_date=start)
    form = ProgramForm(data, region=region("ir-tehran"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["weekly_consultation_hours"] == 0 and form.cleaned_data["units"] == 1


def test_current_fiscal_year_is_preselected():
    today = datetime.date.today()
    FiscalYear.objects.create(
        label="9999", start=today - datetime.timedelta(days=1), end=today + datetime.timedelta(days=1)
    )
    form = ProgramForm(region=region("ir-tehran"))
    assert form.fields["year"].initial.label == "9999"


def test_saving_an_edit_confirms_it(login):
    filer = officer()
    program = new_program(filer)
    client = login(filer)
    form = client.get(reverse("procurement:program_edit", args=[program.pk])).context["form"]
    data = {name: form.initial.get(name) for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["place"] = "Karaj"
    data["planned_cost"] = str(program.planned_cost)
    response = client.post(reverse("procurement:program_edit", args=[program.pk]), data, follow=True)
    assert "Changes saved." in [str(m) for m in response.context["messages"]]


def test_hq_dashboard_counts_its_queues(login, django_assert_max_num_queries):
    from procurement import services
    from tests.procurement.factories import allocate, hq, submitted_program

    allocation = allocate(100_000_000)
    filer = officer()
    from procurement.models import Category

    promotion, education, research = Category.objects.order_by("order").values_list("pk", flat=True)
    services.save_category_plan(
        actor=filer, allocation=allocation, amounts={promotion: 77_000_000, education: 13_000_000, research: 10_000_000}
    )
    submitted_program(filer, cost=9_000_000)  # above the norm: awaits HQ permission
    client = login(hq())
    client.get(reverse("procurement:index"))
    with django_assert_max_num_queries(15):
        response = client.get(reverse("procurement:index"))
    queues = response.context["queues"]
    assert (queues.awaiting_permission, queues.plans_count, queues.awaiting_review) == (1, 1, 0)
    html = response.content.decode()
    assert "1 program awaits HQ permission" in html and "1 category plan awaits acceptance" in html


def test_audit_trail_in_plain_words_shown_once(login):
    from procurement import services

    filer = officer()
    program = new_program(filer, cost=8_000_000)
    services.update_program(actor=filer, program=program, planned_cost=9_000_000)
    html = login(filer).get(reverse("procurement:program", args=[program.pk])).content.decode()
    sentence = f"{filer} changed planned cost (rials) from 8,000,000 to 9,000,000."
    assert html.count(sentence) == 1
    assert "procurement.program_changed" not in html and "{&#x27;old&#x27;" not in html
