"""Reference data from the ministry instruction (seed 002): funds, fiscal years, categories, the five
program types with norms, checklists and billable items, province profiles and split weights.
Province figures are plausible round numbers for the weighted split; HQ corrects them in the admin."""

import datetime

from django.db import migrations

FUNDS = [
    ("current-6-154000", "Current credits, row 6-154000", "اعتبارات جاری ردیف ۶-۱۵۴۰۰۰"),
    ("four-percent", "4 % credits", "اعتبارات ۴ درصد"),
]
YEARS = [
    ("1397", datetime.date(2018, 3, 21), datetime.date(2019, 3, 20)),
    ("1404", datetime.date(2025, 3, 21), datetime.date(2026, 3, 20)),
    ("1405", datetime.date(2026, 3, 21), datetime.date(2027, 3, 20)),
]
CATEGORIES = [("promotion", "Promotion", 70, 1), ("education", "Education", 20, 2), ("research", "Research", 10, 3)]

REPORT = "report"
SUBMISSION = "submission"
TYPES = [
    {
        "code": "tour",
        "name": "Educational-promotional tour to model cooperatives",
        "category": "promotion",
        "cost_norm": 8_000_000,
        "norm_basis": "person_day",
        "norm_audience": 12,
        "max_duration_days": 1,
        "documents": [
            ("participant-list", "Participant list with details, phone and signature", SUBMISSION),
            ("contracts", "Standard contracts", SUBMISSION),
            ("trainer-approval", "Trainer/guide approval by the director general and the deputy", SUBMISSION),
            ("executor-approval", "Executor approval (director general and deputy) with CV and record", SUBMISSION),
            ("executor-receipts", "Receipts of payments to executors (driver, tour leader)", REPORT),
            ("invoices", "Payment invoices", REPORT),
            ("illustrated-report", "Full illustrated report with assessment and evaluation", REPORT),
        ],
        "items": [
            "Tour programme design",
            "Coordination with the directorate on participants and host cooperatives",
            "Transport",
            "Trainer, guide or expert for the whole tour",
            "Light refreshments",
            "Brochures and training material",
            "Tour checklist and participant survey",
            "Evaluation",
            "Illustrated report",
        ],
    },
    {
        "code": "chair",
        "name": "University cooperative and entrepreneurship chair (unit)",
        "category": "education",
        "cost_norm": 80_000_000,
        "norm_basis": "unit_year",
        "norm_audience": 0,
        "max_duration_days": 366,
        "min_weekly_consultation_hours": 4,
        "min_seminars_per_year": 4,
        "documents": [
            ("visitor-list", "Participant/visitor list with details, phone and signature", SUBMISSION),
            ("contracts", "Standard contracts", SUBMISSION),
            ("speaker-contracts", "Speakers' contracts where applicable", SUBMISSION),
            ("advisor-approval", "Advisor/speaker approval (director general, deputy, university) or approved CV", SUBMISSION),
            ("executor-approval", "Executor approval (director general and deputy) with CV and record", SUBMISSION),
            ("advisor-receipts", "Receipts of payments to executors such as advisors", REPORT),
            ("invoices", "Invoices", REPORT),
            ("performance-report", "Full performance report with attendance times and visitors, assessment and evaluation", REPORT),
        ],
        "items": [
            "Coordination with the university",
            "Experts at set hours (4 hours a week of consultation)",
            "Part of the equipment (directorate asset, labelled)",
            "Seminars and tours for academics",
            "Training content",
            "Forming student and graduate cooperatives",
            "Consultations",
            "Performance reports",
        ],
    },
    {
        "code": "event",
        "name": "\"Cooperative Event\" seminar",
        "category": "promotion",
        "cost_norm": 40_000_000,
        "norm_basis": "program",
        "norm_audience": 50,
        "max_duration_days": 1,
        "documents": [
            ("participant-list", "Participant list with details, phone and signature", SUBMISSION),
            ("contracts", "Standard contracts", SUBMISSION),
            ("speaker-contracts", "Speakers' contracts", SUBMISSION),
            ("executor-approval", "Executor approval (director general and deputy) with CV and record", SUBMISSION),
            ("invoices", "Invoices", REPORT),
            ("illustrated-report", "Illustrated report with evaluation", REPORT),
        ],
        "items": [
            "Invitations (startups, entrepreneurs, investors, managers)",
            "Seminar and panels",
            "Side workshops",
            "Side exhibition",
            "Speakers' and lecturers' fees",
            "Brochures",
            "Evaluation",
            "Illustrated report",
        ],
    },
    {
        "code": "club",
        "name": "Cooperative and entrepreneurship club conference",
        "category": "promotion",
        "cost_norm": 50_000_000,
        "norm_basis": "program",
        "norm_audience": 50,
        "min_participants": 50,
        "max_duration_days": 1,
        "documents": [
            ("participant-list", "Participant list with details, phone and signature", SUBMISSION),
            ("contracts", "Standard contracts", SUBMISSION),
            ("executor-approval", "Executor approval (director general and deputy) with CV and record", SUBMISSION),
            ("invoices", "Invoices", REPORT),
            ("illustrated-report", "Performance report, proposals and illustrated report", REPORT),
        ],
        "items": [
            "Invitations",
            "Speakers",
            "Seminars and panels",
            "Social-network channels for the province's cooperators",
            "Brainstorming sessions and management meetups",
            "Dialogue with provincial and county officials",
            "Illustrated report",
        ],
    },
    {
        "code": "story",
        "name": "Success narrative of a successful cooperative",
        "category": "research",
        "cost_norm": 40_000_000,
        "norm_basis": "program",
        "norm_audience": 0,
        "max_duration_days": 366,
        "min_printed_copies": 3,
        "requires_electronic_copy": True,
        "requires_audio_video": True,
        "documents": [
            ("study-framework", "Standard study framework", SUBMISSION),
            ("contracts", "Standard contracts", SUBMISSION),
            ("executor-approval", "Executor approval (director general and deputy) with CV and record", SUBMISSION),
            ("products", "Scientific and promotional products (written, visual and audio)", REPORT),
            ("use-report", "Report on use of findings and effectiveness", REPORT),
            ("seminar-presentation", "Results presented in a seminar with entrepreneurs", REPORT),
            ("publication", "Publication of findings", REPORT),
            ("quality-review", "Quality, supervision and review", REPORT),
        ],
        "items": [
            "Library and field research",
            "Questionnaires and interviews",
            "Filming, audio, video and editing",
            "Documented content of every stage",
            "Printed copies",
            "Electronic copy",
        ],
    },
]

# code: (counties, cooperatives, area km², development, border, last year's performance)
PROFILES = {
    "ir-alborz": (6, 3100, 5122, "developed", False, 60),
    "ir-ardabil": (10, 2600, 17800, "less", True, 55),
    "ir-bushehr": (10, 2100, 22743, "semi", True, 50),
    "ir-chaharmahal-bakhtiari": (10, 1900, 16332, "less", False, 45),
    "ir-east-azerbaijan": (21, 6200, 45650, "semi", True, 65),
    "ir-fars": (37, 8900, 122608, "semi", False, 70),
    "ir-gilan": (17, 4300, 14042, "semi", True, 60),
    "ir-golestan": (14, 3200, 20367, "less", True, 55),
    "ir-hamadan": (10, 3000, 19368, "semi", False, 50),
    "ir-hormozgan": (13, 2400, 70697, "less", True, 45),
    "ir-ilam": (12, 1500, 20133, "less", True, 50),
    "ir-isfahan": (24, 9800, 107029, "developed", False, 75),
    "ir-kerman": (23, 5600, 180726, "less", False, 55),
    "ir-kermanshah": (14, 3600, 24998, "less", True, 50),
    "ir-khuzestan": (30, 6900, 64055, "semi", True, 60),
    "ir-kohgiluyeh-boyer-ahmad": (9, 1400, 15504, "less", False, 40),
    "ir-kurdistan": (10, 2900, 29137, "less", True, 50),
    "ir-lorestan": (11, 2800, 28294, "less", False, 45),
    "ir-markazi": (12, 3300, 29127, "semi", False, 55),
    "ir-mazandaran": (22, 6300, 23842, "developed", True, 65),
    "ir-north-khorasan": (8, 1700, 28434, "less", True, 45),
    "ir-qazvin": (6, 2500, 15549, "semi", False, 55),
    "ir-qom": (1, 1800, 11526, "developed", False, 60),
    "ir-razavi-khorasan": (32, 10200, 118851, "semi", True, 70),
    "ir-semnan": (8, 1900, 97491, "semi", False, 55),
    "ir-sistan-baluchestan": (24, 3400, 181785, "less", True, 40),
    "ir-south-khorasan": (11, 1800, 151193, "less", True, 45),
    "ir-tehran": (16, 16500, 18814, "developed", False, 80),
    "ir-west-azerbaijan": (17, 5100, 37437, "semi", True, 60),
    "ir-yazd": (10, 2700, 129285, "developed", False, 65),
    "ir-zanjan": (8, 2000, 21773, "semi", False, 50),
}
WEIGHTS = {"counties": 2, "cooperatives": 3, "area": 1, "development": 2, "border": 1, "performance": 3}


def load(apps, schema_editor):
    Fund = apps.get_model("procurement", "Fund")
    FiscalYear = apps.get_model("procurement", "FiscalYear")
    Category = apps.get_model("procurement", "Category")
    ProgramType = apps.get_model("procurement", "ProgramType")
    RequiredDocument = apps.get_model("procurement", "RequiredDocument")
    ServiceItem = apps.get_model("procurement", "ServiceItem")
    ProvinceProfile = apps.get_model("procurement", "ProvinceProfile")
    SplitWeight = apps.get_model("procurement", "SplitWeight")
    Region = apps.get_model("users", "Region")

    for code, name, native in FUNDS:
        Fund.objects.update_or_create(code=code, defaults={"name": name, "native_name": native})
    for label, start, end in YEARS:
        FiscalYear.objects.update_or_create(label=label, defaults={"start": start, "end": end})
    categories = {}
    for code, name, target, order in CATEGORIES:
        categories[code], _ = Category.objects.update_or_create(
            code=code, defaults={"name": name, "target_percent": target, "tolerance_percent": 5, "order": order}
        )
    for order, spec in enumerate(TYPES, start=1):
        spec = dict(spec)
        documents = spec.pop("documents")
        items = spec.pop("items")
        code = spec.pop("code")
        spec["category"] = categories[spec["category"]]
        ptype, _ = ProgramType.objects.update_or_create(code=code, defaults={**spec, "order": order})
        for doc_order, (doc_code, doc_name, stage) in enumerate(documents, start=1):
            RequiredDocument.objects.update_or_create(
                program_type=ptype, code=doc_code, defaults={"name": doc_name, "stage": stage, "order": doc_order}
            )
        for item_order, item_name in enumerate(items, start=1):
            ServiceItem.objects.update_or_create(
                program_type=ptype, code=f"item-{item_order}", defaults={"name": item_name, "order": item_order}
            )
    regions = {r.code: r for r in Region.objects.filter(country="IR")}
    for code, (counties, coops, area, development, border, performance) in PROFILES.items():
        if code in regions:
            ProvinceProfile.objects.update_or_create(
                region=regions[code],
                defaults={
                    "counties": counties,
                    "cooperatives": coops,
                    "area_km2": area,
                    "development": development,
                    "border": border,
                    "last_year_performance": performance,
                },
            )
    for index, weight in WEIGHTS.items():
        SplitWeight.objects.update_or_create(index=index, defaults={"weight": weight})


class Migration(migrations.Migration):
    dependencies = [("procurement", "0001_initial"), ("users", "0002_roles_and_regions")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
