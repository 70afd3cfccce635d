"""Budget test data, built through the services so audit rows and checks are real."""

import datetime
import itertools

from django.core.files.base import ContentFile

from coopportal.identity import with_check_digit
from coopportal.users.models import CommitteeSeat
from coopportal.users.roles import Role
from coopportal.users.services import assign_seat, ensure_totp_secret
from coopportal.users.totp import unused_totp_code
from procurement import services
from procurement.models import (
    Allocation,
    Category,
    FiscalYear,
    Fund,
    NationalAmount,
    Program,
    ProgramType,
    RequiredDocument,
    Signature,
)
from tests.factories import UserFactory, region

_counter = itertools.count(1)
CURRENT = "current-6-154000"
FOUR_PERCENT = "four-percent"


def pdf(label: str = "") -> ContentFile:
    """A small PDF (by magic bytes) whose content, and so hash, is unique."""
    return ContentFile(f"%PDF-1.4\n% test {label} {next(_counter)}\n%%EOF\n".encode(), name="file.pdf")


def year(label: str = "1405") -> FiscalYear:
    return FiscalYear.objects.get(label=label)


def fund(code: str = CURRENT) -> Fund:
    return Fund.objects.get(code=code)


def ptype(code: str) -> ProgramType:
    return ProgramType.objects.get(code=code)


def officer(code: str = "ir-tehran"):
    return UserFactory(roles=[Role.PROVINCIAL_OFFICER], region=region(code))


def hq():
    return UserFactory(roles=[Role.HQ_OFFICER])


def seats(code: str = "ir-tehran") -> list:
    """The province's three seats, each with its authenticator app set up (seats must use two factors)."""
    people = []
    for kind in CommitteeSeat.Kind.values:
        person = UserFactory(region=region(code))
        assign_seat(user=person, region=region(code), kind=kind)
        ensure_totp_secret(person)
        people.append(person)
    return people


NATIONAL = 10**12


def national(amount: int = NATIONAL, *, fund_code: str = CURRENT, by=None):
    return services.set_national_amount(actor=by or hq(), fund=fund(fund_code), year=year(), amount=amount)


SHARES = {"promotion": 70, "education": 20, "research": 10}


def plan_shares(allocation: Allocation, percents: dict[str, int] = SHARES, *, actor=None) -> None:
    """The province's category plan: each category's percentage of the allocation."""
    amounts = {c.pk: allocation.amount * percents[c.code] // 100 for c in Category.objects.all()}
    services.save_category_plan(actor=actor or hq(), allocation=allocation, amounts=amounts)


def allocate(
    amount: int, *, code: str = "ir-tehran", fund_code: str = CURRENT, by=None, planned: bool = True
) -> Allocation:
    """A confirmed allocation, planned 70/20/10 unless `planned=False` (no plan blocks approval)."""
    by = by or hq()
    if not NationalAmount.objects.filter(fund=fund(fund_code), year=year()).exists():
        national(fund_code=fund_code, by=by)
    services.confirm_allocations(actor=by, fund=fund(fund_code), year=year(), amounts={region(code).pk: amount})
    allocation = Allocation.objects.get(region=region(code), fund=fund(fund_code), year=year())
    if planned:
        plan_shares(allocation, actor=by)
    return allocation


def new_program(
    filer,
    *,
    type_code: str = "tour",
    fund_code: str = CURRENT,
    cost: int = 8_000_000,
    headcount: int = 12,
    days: int = 1,
    start: datetime.date | None = None,
    year_label: str = "1405",
    **extra,
) -> Program:
    fiscal_year = year(year_label)
    start = start or fiscal_year.start + datetime.timedelta(days=30)
    return services.create_program(
        actor=filer,
        region=filer.region,
        program_type=ptype(type_code),
        fund=fund(fund_code),
        year=fiscal_year,
        title=f"Program {next(_counter)}",
        start_date=start,
        end_date=start + datetime.timedelta(days=days - 1),
        place="Tehran",
        planned_cost=cost,
        headcount=headcount,
        **extra,
    )


def add_people(filer, program: Program, count: int, *, id_base: int = 0) -> None:
    base = id_base or next(_counter) * 1000
    for i in range(count):
        services.add_participant(
            actor=filer,
            program=program,
            full_name=f"Participant {base + i}",
            national_id=with_check_digit(f"{base + i:09d}"),
        )


def attach_documents(filer, program: Program, stage: str = RequiredDocument.Stage.SUBMISSION) -> None:
    for requirement in program.program_type.required_documents.filter(stage=stage):
        services.upload_document(actor=filer, program=program, requirement=requirement, file=pdf(requirement.code))


def add_line(filer, program: Program, amount: int | None = None):
    """One expense line with its invoice (by default a million rials, at most the planned cost)."""
    return services.add_expense_line(
        actor=filer,
        program=program,
        item=program.program_type.service_items.first(),
        amount=min(program.planned_cost, 1_000_000) if amount is None else amount,
        vendor="Transport cooperative",
        invoice_number=f"INV-{next(_counter)}",
        invoice_date=program.start_date,
        file=pdf("invoice"),
    )


def ready_program(filer, **kwargs) -> Program:
    """A program with its people, an expense line and its submission documents, ready to submit."""
    program = new_program(filer, **kwargs)
    add_people(filer, program, program.headcount)
    add_line(filer, program)
    attach_documents(filer, program)
    return program


def submitted_program(filer, **kwargs) -> Program:
    program = ready_program(filer, **kwargs)
    return services.submit_program(actor=filer, program=program)


def sign(seat, program: Program) -> Signature:
    """The seat signs, confirming with a code from its authenticator that it has not used yet."""
    with unused_totp_code(seat) as code:
        return services.sign_program(actor=seat, program=program, code=code)


def approved_program(filer, signers, **kwargs) -> Program:
    """A program submitted by `filer` and signed by every seat of `signers`."""
    program = submitted_program(filer, **kwargs)
    for seat in signers:
        sign(seat, program)
    return program


def refresh(program: Program) -> Program:
    return Program.objects.get(pk=program.pk)
