"""Rule 15: people and host cooperatives of one fund stay out of the other fund's programs in the same year."""

import pytest

from procurement import services
from procurement.conflicts import all_conflicts
from procurement.exceptions import FundSeparationConflict
from procurement.models import Program
from tests.procurement.factories import (
    FOUR_PERCENT,
    add_line,
    add_people,
    attach_documents,
    new_program,
    officer,
    refresh,
    year,
)

pytestmark = pytest.mark.django_db


def prepared(filer, *, fund_code, people, hosts=(), start=None):
    program = new_program(filer, fund_code=fund_code, headcount=len(people), start=start, cost=600_000 * len(people))
    for name, national_id, phone in people:
        services.add_participant(actor=filer, program=program, full_name=name, national_id=national_id, phone=phone)
    for name, registration in hosts:
        services.add_host(actor=filer, program=program, name=name, registration_number=registration)
    add_line(filer, program)
    attach_documents(filer, program)
    return program


def test_same_participant_by_national_id_in_the_other_fund_is_blocked_naming_the_program():
    filer = officer()
    first = prepared(filer, fund_code="current-6-154000", people=[("Ali", "0012345679", "")])
    services.submit_program(actor=filer, program=first)
    second = prepared(filer, fund_code=FOUR_PERCENT, people=[("Ali R.", "۰۰۱-۲۳۴۵۶۷۹", "")])
    with pytest.raises(FundSeparationConflict) as info:
        services.submit_program(actor=filer, program=second)
    assert first.title in str(info.value) and f"#{first.pk}" in str(info.value)
    assert refresh(second).state == Program.State.DRAFT


def test_same_participant_by_phone_in_the_other_fund_is_blocked():
    filer = officer()
    prepared(filer, fund_code="current-6-154000", people=[("Sara", "", "0912 123 4567")])
    second = prepared(filer, fund_code=FOUR_PERCENT, people=[("Sara K.", "", "+98 (912) 123-45-67")])
    with pytest.raises(FundSeparationConflict, match="Sara"):
        services.submit_program(actor=filer, program=second)


def test_same_host_cooperative_in_the_other_fund_is_blocked():
    filer = officer()
    prepared(filer, fund_code="current-6-154000", people=[("A", "1111111121", "")], hosts=[("تعاوني يك", "۱۲/۳۴۵")])
    second = prepared(filer, fund_code=FOUR_PERCENT, people=[("B", "2222222230", "")], hosts=[("تعاونی یک", "12-345")])
    with pytest.raises(FundSeparationConflict, match="Host cooperative"):
        services.submit_program(actor=filer, program=second)


def test_same_participant_in_the_same_fund_is_allowed():
    filer = officer()
    prepared(filer, fund_code="current-6-154000", people=[("Ali", "0012345679", "")])
    second = prepared(filer, fund_code="current-6-154000", people=[("Ali", "0012345679", "")])
    assert services.submit_program(actor=filer, program=second).state == Program.State.SIGN_OFF


def test_other_fund_in_another_fiscal_year_is_allowed():
    from procurement.models import FiscalYear

    filer = officer()
    earlier = FiscalYear.objects.get(label="1404")
    first = new_program(filer, headcount=1, cost=600_000, year_label="1404", start=earlier.start)
    services.add_participant(actor=filer, program=first, full_name="Ali", national_id="0012345679")
    second = prepared(filer, fund_code=FOUR_PERCENT, people=[("Ali", "0012345679", "")])
    assert services.submit_program(actor=filer, program=second).state == Program.State.SIGN_OFF


def test_hq_sees_every_conflict_across_provinces():
    tehran, isfahan = officer("ir-tehran"), officer("ir-isfahan")
    a = prepared(tehran, fund_code="current-6-154000", people=[("Ali", "0012345679", "09121234567")])
    b = prepared(isfahan, fund_code=FOUR_PERCENT, people=[("Ali", "0012345679", "")], hosts=[("Coop", "77")])
    prepared(tehran, fund_code="current-6-154000", people=[("Zed", "3333333341", "")], hosts=[("Coop", "77")])
    add_people(tehran, new_program(tehran, headcount=1), 1)  # unrelated
    conflicts = all_conflicts(year_id=year().pk)
    kinds = {(c.kind, c.key) for c in conflicts}
    assert ("participant by national ID", "0012345679") in kinds
    assert ("host cooperative", "77") in kinds
    ali = next(c for c in conflicts if c.key == "0012345679")
    assert {program.pk for program, _ in ali.entries} == {a.pk, b.pk}
