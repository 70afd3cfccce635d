"""Filing screens as markup: every form control has an id of its own (its label points at it), and
checkboxes and radio buttons sit in a fieldset whose legend names the group. Each screen is parsed in
the states and for the roles that show its forms."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from procurement import services
from tests.procurement.factories import (
    allocate,
    attach_documents,
    hq,
    new_program,
    officer,
    seats,
    sign,
    submitted_program,
)

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Markup(HTMLParser):
    """The page's ids, its form controls and, for each control, the fieldsets it sits in."""

    def __init__(self, html: str):
        super().__init__()
        self.open = []  # [tag, fieldset record or None]
        self.ids = []
        self.controls = []  # (tag, attributes, fieldsets around it)
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        fieldsets = [record for _tag, record in self.open if record is not None]
        if tag == "legend" and fieldsets:
            fieldsets[-1]["legend"] = True
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.controls.append((tag, attrs, fieldsets))
        if tag not in VOID:
            self.open.append([tag, {"legend": False} if tag == "fieldset" else None])

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break


def check_markup(html: str) -> Markup:
    markup = Markup(html)
    assert markup.controls, "no form controls on the page"
    missing = [(tag, attrs.get("name")) for tag, attrs, _f in markup.controls if not attrs.get("id")]
    assert not missing, f"controls without an id: {missing}"
    repeated = sorted({i for i in markup.ids if markup.ids.count(i) > 1})
    assert not repeated, f"ids used more than once: {repeated}"
    for _tag, attrs, fieldsets in markup.controls:
        if attrs.get("type") in ("checkbox", "radio"):
            assert fieldsets and fieldsets[-1]["legend"], f"{attrs.get('name')} is not in a fieldset with a legend"
    return markup


def page(client, name: str, *args) -> str:
    response = client.get(reverse(f"procurement:{name}", args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_program_form_controls_have_unique_ids_and_checkboxes_a_fieldset(login):
    filer = officer()
    client = login(filer)
    markup = check_markup(page(client, "program_create"))
    checkboxes = [attrs["name"] for _t, attrs, _f in markup.controls if attrs.get("type") == "checkbox"]
    assert checkboxes == ["electronic_copy", "audio_video"]  # a story's deliverables, grouped
    story = new_program(filer, type_code="story", headcount=0, days=30, cost=40_000_000)
    check_markup(page(client, "program_edit", story.pk))


def test_draft_program_page_controls_have_unique_ids(login):
    filer = officer()
    program = new_program(filer)
    markup = check_markup(page(login(filer), "program", program.pk))
    names = {attrs.get("name") for _t, attrs, _f in markup.controls}
    # The participant, import, host, line and document forms are all there, each with its own ids.
    assert {"full_name", "registration_number", "invoice_number", "requirement", "file"} <= names
    assert len([a for _t, a, _f in markup.controls if a.get("name") == "file"]) == 3


def test_hq_program_page_controls_have_unique_ids_in_every_state(login):
    allocate(100_000_000)
    filer, boss = officer(), hq()
    waiting = submitted_program(filer, cost=9_000_000)  # above the norm: grant and refuse forms
    html = page(login(boss), "program", waiting.pk)
    assert check_markup(html) and "grant-reason" in html and "refuse-reason" in html
    approved = submitted_program(filer)
    for seat in seats():
        sign(seat, approved)
    check_markup(page(login(boss), "program", approved.pk))  # reopen
    check_markup(page(login(filer), "program", approved.pk))  # execution
    services.record_execution(actor=filer, program=approved, actual_cost=7_000_000)
    attach_documents(filer, approved, stage="report")
    services.submit_report(actor=filer, program=approved)
    check_markup(page(login(boss), "program", approved.pk))  # review


def test_seat_program_page_controls_have_unique_ids(login):
    program = submitted_program(officer())
    check_markup(page(login(seats()[0]), "program", program.pk))


def test_contractor_and_plan_screens_controls_have_unique_ids(login):
    filer = officer()
    client = login(filer)
    check_markup(page(client, "contractors"))
    contractor = services.create_contractor(actor=filer, region=filer.region, name="Farda", registration_number="1")
    check_markup(page(client, "contractor", contractor.pk))
    allocation = allocate(100_000_000)
    check_markup(page(client, "allocation", allocation.pk))


def test_the_markup_check_catches_a_repeated_id_and_a_loose_checkbox():
    with pytest.raises(AssertionError, match="more than once"):
        check_markup('<input id="a"><select id="a"></select>')
    with pytest.raises(AssertionError, match="fieldset with a legend"):
        check_markup('<fieldset><input type="checkbox" id="b" name="b"></fieldset>')
    check_markup('<fieldset><legend>Group</legend><input type="checkbox" id="c" name="c"></fieldset>')
