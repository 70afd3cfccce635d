"""Demo data for grant budgeting: fiscal year 1405, allocations for a few provinces and a program of
every type in Tehran at a different step, filed by the demo officer and signed by the demo seats.
Idempotent: a program whose title is already on file is left alone."""

import datetime

from django.core.files.base import ContentFile

from coopportal.identity import with_check_digit
from coopportal.users.demo import DEMO_PROVINCE, demo_user
from coopportal.users.models import Region
from coopportal.users.totp import unused_totp_code

from . import services
from .models import (
    Allocation,
    Category,
    Contractor,
    FiscalYear,
    Fund,
    NationalAmount,
    Program,
    ProgramType,
    RequiredDocument,
)

YEAR = "1405"
ALLOCATIONS = {
    "ir-tehran": (2_000_000_000, 600_000_000),
    "ir-isfahan": (1_500_000_000, 450_000_000),
    "ir-fars": (1_400_000_000, 400_000_000),
    "ir-razavi-khorasan": (1_600_000_000, 500_000_000),
}
SEATS = ("seat-deputy", "seat-director", "seat-comptroller")

# title, type, fund, start offset (days after 1 Farvardin), days, cost, headcount, extra fields, final state
PROGRAMS = [
    ("Tour to the Varamin rural success cooperative", "tour", "current-6-154000", 40, 1, 8_000_000, 12, {}, "reviewed"),
    (
        "Cooperative Event: startups meet top cooperatives",
        "event",
        "current-6-154000",
        60,
        1,
        38_000_000,
        50,
        {},
        "reported",
    ),
    ("Tehran cooperative and entrepreneurship club", "club", "current-6-154000", 75, 1, 48_000_000, 50, {}, "approved"),
    (
        "University of Tehran cooperative chair",
        "chair",
        "current-6-154000",
        30,
        365,
        80_000_000,
        0,
        {"units": 1, "weekly_consultation_hours": 4, "seminars_recorded": 4},
        "sign_off",
    ),
    (
        "Success narrative: a Shahriar dairy cooperative",
        "story",
        "current-6-154000",
        90,
        120,
        40_000_000,
        0,
        {"printed_copies": 2, "electronic_copy": True, "audio_video": True},
        "hq_permission",
    ),
    ("Two-day tour to Qazvin supply cooperatives", "tour", "current-6-154000", 120, 2, 15_000_000, 12, {}, "draft"),
    (
        "Tour to Damavand tourism cooperatives (4 % credits)",
        "tour",
        "four-percent",
        100,
        1,
        7_500_000,
        12,
        {},
        "approved",
    ),
]


def _pdf(label: str) -> ContentFile:
    return ContentFile(f"%PDF-1.4\n% Coop Portal demo: {label}\n%%EOF\n".encode(), name="demo.pdf")


def seed(*, password: str, out) -> None:
    hq = demo_user("hq")
    officer = demo_user("officer")
    seats = [demo_user(key) for key in SEATS]
    year = FiscalYear.objects.get(label=YEAR)
    funds = {f.code: f for f in Fund.objects.all()}
    regions = {r.code: r for r in Region.objects.filter(code__in=ALLOCATIONS)}
    for fund_code, column in (("current-6-154000", 0), ("four-percent", 1)):
        wanted = {regions[code].pk: amounts[column] for code, amounts in ALLOCATIONS.items()}
        have = dict(Allocation.objects.filter(fund=funds[fund_code], year=year).values_list("region_id", "amount"))
        missing = {region_id: amount for region_id, amount in wanted.items() if region_id not in have}
        if missing:
            national = NationalAmount.objects.filter(fund=funds[fund_code], year=year).first()
            services.confirm_allocations(
                actor=hq,
                fund=funds[fund_code],
                year=year,
                amounts=missing,
                national_amount=None if national else sum(wanted.values()),
            )

    # Tehran plans both funds on target (no plan, no approval); Isfahan's plan leans to promotion, so HQ
    # sees a deviation to accept.
    categories = {c.code: c.pk for c in Category.objects.all()}
    for code, fund_code, actor, percents in (
        (DEMO_PROVINCE, "current-6-154000", officer, (70, 20, 10)),
        (DEMO_PROVINCE, "four-percent", officer, (70, 20, 10)),
        ("ir-isfahan", "current-6-154000", hq, (80, 15, 5)),
    ):
        allocation = Allocation.objects.get(region=regions[code], fund=funds[fund_code], year=year)
        if not allocation.plans.exists():
            amounts = {
                categories[c]: allocation.amount * p // 100
                for c, p in zip(("promotion", "education", "research"), percents, strict=True)
            }
            services.save_category_plan(actor=actor, allocation=allocation, amounts=amounts)

    tehran = Region.objects.get(code=DEMO_PROVINCE)
    contractor = Contractor.objects.filter(region=tehran, registration_key="10101").first()
    if contractor is None:
        contractor = services.create_contractor(
            actor=officer, region=tehran, name="Farda Cooperative Training Services", registration_number="10101"
        )
        services.add_contractor_document(
            actor=officer, contractor=contractor, title="Registration", file=_pdf("registration")
        )

    created = 0
    for number, (title, type_code, fund_code, offset, days, cost, headcount, extra, target) in enumerate(PROGRAMS, 1):
        if Program.objects.filter(region=tehran, year=year, title=title).exists():
            continue
        _file_program(
            number=number,
            officer=officer,
            hq=hq,
            seats=seats,
            region=tehran,
            year=year,
            fund=funds[fund_code],
            ptype=ProgramType.objects.get(code=type_code),
            title=title,
            start=year.start + datetime.timedelta(days=offset),
            days=days,
            cost=cost,
            headcount=headcount,
            extra=extra,
            target=target,
            contractor=contractor,
        )
        created += 1
    out.write(f"Grant budgeting: fiscal year {YEAR}, {created} demo programs added in {tehran}.")


def _file_program(
    *,
    number,
    officer,
    hq,
    seats,
    region,
    year,
    fund,
    ptype,
    title,
    start,
    days,
    cost,
    headcount,
    extra,
    target,
    contractor,
):
    program = services.create_program(
        actor=officer,
        region=region,
        program_type=ptype,
        fund=fund,
        year=year,
        title=title,
        start_date=start,
        end_date=start + datetime.timedelta(days=days - 1),
        place="Tehran",
        planned_cost=cost,
        headcount=headcount,
        executor=contractor,
        **extra,
    )
    for i in range(headcount):
        services.add_participant(
            actor=officer,
            program=program,
            full_name=f"Demo Participant {number}-{i + 1}",
            national_id=with_check_digit(f"{number:03d}{i + 1:06d}"),
            phone=f"0912{number:03d}{i + 1:04d}",
        )
    if ptype.code in ("tour", "story"):
        services.add_host(
            actor=officer, program=program, name=f"Demo Host Cooperative {number}", registration_number=f"{number}-5050"
        )
    item = ptype.service_items.first()
    services.add_expense_line(
        actor=officer,
        program=program,
        item=item,
        amount=cost // 2,
        vendor="Farda Cooperative Training Services",
        invoice_number=f"DEMO-{number}-1",
        invoice_date=start,
        file=_pdf(f"invoice {number}"),
    )
    if target == "draft":
        return
    for requirement in ptype.required_documents.filter(stage=RequiredDocument.Stage.SUBMISSION):
        services.upload_document(
            actor=officer, program=program, requirement=requirement, file=_pdf(f"{number} {requirement.code}")
        )
    program = services.submit_program(actor=officer, program=program)
    if target == "hq_permission":
        return
    if program.state == Program.State.HQ_PERMISSION:
        services.grant_hq_permission(actor=hq, program=program, reason="Demo: coordinated with HQ.")
    signers = seats[:2] if target == "sign_off" else seats
    for seat in signers:
        with unused_totp_code(seat) as code:
            services.sign_program(actor=seat, program=program, code=code)
    if target in ("sign_off", "approved"):
        return
    services.record_execution(actor=officer, program=program, actual_cost=cost - cost // 10)
    for requirement in ptype.required_documents.filter(stage=RequiredDocument.Stage.REPORT):
        services.upload_document(
            actor=officer, program=program, requirement=requirement, file=_pdf(f"{number} {requirement.code}")
        )
    services.submit_report(actor=officer, program=program)
    if target == "reviewed":
        services.review_program(actor=hq, program=program, note="Demo review.")
