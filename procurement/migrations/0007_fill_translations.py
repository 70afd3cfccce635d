"""Fill the translated columns added by 0006: the existing text becomes the English column, a fund's
Persian name moves from `native_name` to `name_fa`, and the reference data of the ministry instruction
(categories, program types, their checklists and service items) gets its Persian text, worded as in the
instruction itself (seed 002). A row already translated (in the admin) keeps its own."""

from django.db import migrations
from django.db.models import F, Q

# Translation columns are nullable: an untranslated value is NULL (or an empty string once edited).
UNTRANSLATED = Q(name_fa__isnull=True) | Q(name_fa="")

MODELS = ("Fund", "Category", "ProgramType", "RequiredDocument", "ServiceItem")

CATEGORIES = {"promotion": "ترویج", "education": "آموزش", "research": "تحقیقات"}

PROGRAM_TYPES = {
    "tour": "تور آموزشی ترویجی بازدید از تعاونی‌های نمونه",
    "chair": "کرسی (واحد) تعاون و کارآفرینی در دانشگاه",
    "event": "سمینار «تعاون ایونت» (رویداد تعاون)",
    "club": "همایش باشگاه تعاون و کارآفرینی",
    "story": "روایت موفقیت تعاونی موفق",
}

PARTICIPANTS = "لیست شرکت‌کنندگان با مشخصات، تلفن و امضا"
CONTRACTS = "قراردادهای متعارف کاری"
EXECUTOR = "تأییدیه مجری (با تأیید مدیرکل و معاون امور تعاون استان) و ارائه رزومه و سوابق"
INVOICES = "فاکتورهای پرداخت وجوه"
# (program type, document code): Persian name
DOCUMENTS = {
    ("tour", "participant-list"): PARTICIPANTS,
    ("tour", "contracts"): CONTRACTS,
    ("tour", "trainer-approval"): "تأییدیه مربی و راهنما (با تأیید مدیرکل و معاون امور تعاون استان)",
    ("tour", "executor-approval"): EXECUTOR,
    ("tour", "executor-receipts"): "رسیدهای دریافت وجه توسط مجریان مانند راننده و لیدر تور",
    ("tour", "invoices"): INVOICES,
    ("tour", "illustrated-report"): "گزارش کامل عملکردها به صورت مصور شامل بخش ارزیابی و ارزشیابی",
    ("chair", "visitor-list"): "لیست شرکت‌کنندگان / مراجعه‌کنندگان با مشخصات، تلفن و امضا",
    ("chair", "contracts"): CONTRACTS,
    ("chair", "speaker-contracts"): "قرارداد سخنران‌ها حسب مورد",
    ("chair", "advisor-approval"): (
        "تأییدیه مشاور / سخنران (با تأیید مدیرکل، معاون امور تعاون استان و مسئول دانشگاهی) یا رزومه تأییدشده"
    ),
    ("chair", "executor-approval"): EXECUTOR,
    ("chair", "advisor-receipts"): "رسیدهای دریافت وجه توسط مجریان مانند مشاور",
    ("chair", "invoices"): INVOICES,
    ("chair", "performance-report"): ("گزارش کامل عملکردها شامل زمان حضور و لیست مراجعین، با بخش ارزیابی و ارزشیابی"),
    ("event", "participant-list"): PARTICIPANTS,
    ("event", "contracts"): CONTRACTS,
    ("event", "speaker-contracts"): "قرارداد سخنران‌ها",
    ("event", "executor-approval"): EXECUTOR,
    ("event", "invoices"): INVOICES,
    ("event", "illustrated-report"): "گزارش مصور همراه با ارزشیابی",
    ("club", "participant-list"): PARTICIPANTS,
    ("club", "contracts"): CONTRACTS,
    ("club", "executor-approval"): EXECUTOR,
    ("club", "invoices"): INVOICES,
    ("club", "illustrated-report"): "گزارش عملکرد، طرح‌های پیشنهادی و گزارش مصور",
    ("story", "study-framework"): "چارچوب استاندارد مطالعاتی",
    ("story", "contracts"): CONTRACTS,
    ("story", "executor-approval"): EXECUTOR,
    ("story", "products"): "محصولات علمی و ترویجی (نوشتاری، دیداری و شنیداری)",
    ("story", "use-report"): "گزارش بهره‌گیری از نتایج یافته‌ها و اثربخشی",
    ("story", "seminar-presentation"): "ارائه نتایج در سمینار با حضور کارآفرینان",
    ("story", "publication"): "انتشار یافته‌ها",
    ("story", "quality-review"): "رعایت کیفیت، نظارت و داوری",
}

ILLUSTRATED = "گزارش مصور"
EVALUATION = "ارزشیابی"
BROCHURES = "بروشور و مکتوبات آموزشی"
# program type: Persian names of its service items in order (codes item-1, item-2, ...)
SERVICE_ITEMS = {
    "tour": [
        "طراحی برنامه تور",
        "هماهنگی با اداره کل در تأمین مخاطبان و تعاونی‌های مقصد",
        "ایاب و ذهاب",
        "مربی، راهنما یا کارشناس در طول تور",
        "پذیرایی مختصر (میان‌وعده)",
        BROCHURES,
        "چک‌لیست تور و نظرسنجی از مخاطبین",
        EVALUATION,
        ILLUSTRATED,
    ],
    "chair": [
        "هماهنگی با دانشگاه",
        "کارشناسان در زمان‌های معین (هفته‌ای ۴ ساعت مشاوره)",
        "بخشی از تجهیزات (اموال اداره کل، با برچسب)",
        "سمینارها و تورهای ویژه دانشگاهیان",
        "محتوای آموزشی",
        "تشکیل تعاونی‌های دانشجویی و فارغ‌التحصیلان",
        "مشاوره‌ها",
        "گزارشات عملکرد",
    ],
    "event": [
        "دعوت (استارت‌آپ‌ها، کارآفرینان، سرمایه‌گذاران، مدیران)",
        "سمینار و پانل‌ها",
        "کارگاه‌های آموزشی جنبی",
        "نمایشگاه جنبی",
        "حق‌الزحمه سخنرانان و اساتید",
        "بروشورها",
        EVALUATION,
        ILLUSTRATED,
    ],
    "club": [
        "دعوت",
        "سخنرانان",
        "سمینارها و پانل‌ها",
        "سامانه‌های ارتباطی تعاونگران استان در شبکه‌های اجتماعی",
        "نشست‌های هم‌اندیشی و میت‌آپ‌های مدیریتی",
        "گفت‌وگو با مقامات استان و شهرستان",
        ILLUSTRATED,
    ],
    "story": [
        "بررسی‌های کتابخانه‌ای و میدانی",
        "پرسشنامه و مصاحبه",
        "تصویربرداری، ضبط صدا و تصویر و مونتاژ",
        "محتوای مستند از تمام مراحل کار",
        "نسخه‌های چاپی",
        "نسخه الکترونیکی",
    ],
}


def copy_to_english(apps, schema_editor):
    for model_name in MODELS:
        apps.get_model("procurement", model_name).objects.update(name_en=F("name"))
    apps.get_model("procurement", "Fund").objects.exclude(native_name="").update(name_fa=F("native_name"))


def translate_reference_data(apps, schema_editor):
    Category = apps.get_model("procurement", "Category")
    ProgramType = apps.get_model("procurement", "ProgramType")
    RequiredDocument = apps.get_model("procurement", "RequiredDocument")
    ServiceItem = apps.get_model("procurement", "ServiceItem")
    for code, name in CATEGORIES.items():
        Category.objects.filter(UNTRANSLATED, code=code).update(name_fa=name)
    for code, name in PROGRAM_TYPES.items():
        ProgramType.objects.filter(UNTRANSLATED, code=code).update(name_fa=name)
    for document in RequiredDocument.objects.filter(UNTRANSLATED).select_related("program_type"):
        name = DOCUMENTS.get((document.program_type.code, document.code))
        if name:
            document.name_fa = name
            document.save(update_fields=["name_fa"])
    for item in ServiceItem.objects.filter(UNTRANSLATED).select_related("program_type"):
        names = SERVICE_ITEMS.get(item.program_type.code, [])
        number = item.code.removeprefix("item-")
        if number.isdigit() and 1 <= int(number) <= len(names):
            item.name_fa = names[int(number) - 1]
            item.save(update_fields=["name_fa"])


class Migration(migrations.Migration):
    dependencies = [("procurement", "0006_translated_reference_data")]

    operations = [
        migrations.RunPython(copy_to_english, migrations.RunPython.noop),
        migrations.RunPython(translate_reference_data, migrations.RunPython.noop),
    ]
