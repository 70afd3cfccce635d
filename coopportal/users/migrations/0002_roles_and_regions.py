from django.db import migrations

ROLES = [
    "student",
    "teacher",
    "exam_committee",
    "provincial_officer",
    "provincial_committee",
    "hq_officer",
    "association_admin",
]

KAZAKHSTAN = [
    ("kz-abai", "Abai Region", "Абай облысы"),
    ("kz-akmola", "Akmola Region", "Ақмола облысы"),
    ("kz-aktobe", "Aktobe Region", "Ақтөбе облысы"),
    ("kz-almaty-region", "Almaty Region", "Алматы облысы"),
    ("kz-atyrau", "Atyrau Region", "Атырау облысы"),
    ("kz-east", "East Kazakhstan Region", "Шығыс Қазақстан облысы"),
    ("kz-jambyl", "Jambyl Region", "Жамбыл облысы"),
    ("kz-jetisu", "Jetisu Region", "Жетісу облысы"),
    ("kz-karaganda", "Karaganda Region", "Қарағанды облысы"),
    ("kz-kostanay", "Kostanay Region", "Қостанай облысы"),
    ("kz-kyzylorda", "Kyzylorda Region", "Қызылорда облысы"),
    ("kz-mangystau", "Mangystau Region", "Маңғыстау облысы"),
    ("kz-north", "North Kazakhstan Region", "Солтүстік Қазақстан облысы"),
    ("kz-pavlodar", "Pavlodar Region", "Павлодар облысы"),
    ("kz-turkistan", "Turkistan Region", "Түркістан облысы"),
    ("kz-ulytau", "Ulytau Region", "Ұлытау облысы"),
    ("kz-west", "West Kazakhstan Region", "Батыс Қазақстан облысы"),
    ("kz-astana", "Astana", "Астана"),
    ("kz-almaty", "Almaty", "Алматы"),
    ("kz-shymkent", "Shymkent", "Шымкент"),
]

IRAN = [
    ("ir-alborz", "Alborz", "البرز"),
    ("ir-ardabil", "Ardabil", "اردبیل"),
    ("ir-bushehr", "Bushehr", "بوشهر"),
    ("ir-chaharmahal-bakhtiari", "Chaharmahal and Bakhtiari", "چهارمحال و بختیاری"),
    ("ir-east-azerbaijan", "East Azerbaijan", "آذربایجان شرقی"),
    ("ir-fars", "Fars", "فارس"),
    ("ir-gilan", "Gilan", "گیلان"),
    ("ir-golestan", "Golestan", "گلستان"),
    ("ir-hamadan", "Hamadan", "همدان"),
    ("ir-hormozgan", "Hormozgan", "هرمزگان"),
    ("ir-ilam", "Ilam", "ایلام"),
    ("ir-isfahan", "Isfahan", "اصفهان"),
    ("ir-kerman", "Kerman", "کرمان"),
    ("ir-kermanshah", "Kermanshah", "کرمانشاه"),
    ("ir-khuzestan", "Khuzestan", "خوزستان"),
    ("ir-kohgiluyeh-boyer-ahmad", "Kohgiluyeh and Boyer-Ahmad", "کهگیلویه و بویراحمد"),
    ("ir-kurdistan", "Kurdistan", "کردستان"),
    ("ir-lorestan", "Lorestan", "لرستان"),
    ("ir-markazi", "Markazi", "مرکزی"),
    ("ir-mazandaran", "Mazandaran", "مازندران"),
    ("ir-north-khorasan", "North Khorasan", "خراسان شمالی"),
    ("ir-qazvin", "Qazvin", "قزوین"),
    ("ir-qom", "Qom", "قم"),
    ("ir-razavi-khorasan", "Razavi Khorasan", "خراسان رضوی"),
    ("ir-semnan", "Semnan", "سمنان"),
    ("ir-sistan-baluchestan", "Sistan and Baluchestan", "سیستان و بلوچستان"),
    ("ir-south-khorasan", "South Khorasan", "خراسان جنوبی"),
    ("ir-tehran", "Tehran", "تهران"),
    ("ir-west-azerbaijan", "West Azerbaijan", "آذربایجان غربی"),
    ("ir-yazd", "Yazd", "یزد"),
    ("ir-zanjan", "Zanjan", "زنجان"),
]


def load(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Region = apps.get_model("users", "Region")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    for country, rows in (("KZ", KAZAKHSTAN), ("IR", IRAN)):
        for code, name, native_name in rows:
            Region.objects.update_or_create(
                code=code, defaults={"name": name, "native_name": native_name, "country": country}
            )


def unload(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()
    apps.get_model("users", "Region").objects.filter(code__in=[c for c, _, _ in KAZAKHSTAN + IRAN]).delete()


class Migration(migrations.Migration):
    dependencies = [("users", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(load, unload)]
