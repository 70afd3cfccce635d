"""Fill the translated region names added by 0004: the English name stays, each region of Kazakhstan
gets its official Kazakh and Russian name, each province of Iran its Persian one (from `native_name`,
which 0006 then drops), and every region a name in the other portal languages as their press writes it.
A name already translated (in the admin) keeps its own."""

from django.db import migrations

# code: (Russian, Kazakh, Persian); None: the name comes from `native_name`.
NAMES = {
    "kz-abai": ("область Абай", None, "استان آبای"),
    "kz-akmola": ("Акмолинская область", None, "استان آقمولا"),
    "kz-aktobe": ("Актюбинская область", None, "استان آقتوبه"),
    "kz-almaty-region": ("Алматинская область", None, "استان آلماتی"),
    "kz-atyrau": ("Атырауская область", None, "استان آتیراو"),
    "kz-east": ("Восточно-Казахстанская область", None, "استان قزاقستان شرقی"),
    "kz-jambyl": ("Жамбылская область", None, "استان جامبیل"),
    "kz-jetisu": ("область Жетісу", None, "استان جتیسو"),
    "kz-karaganda": ("Карагандинская область", None, "استان قاراغاندی"),
    "kz-kostanay": ("Костанайская область", None, "استان قوستانای"),
    "kz-kyzylorda": ("Кызылординская область", None, "استان قیزیل‌اوردا"),
    "kz-mangystau": ("Мангистауская область", None, "استان مانگیستائو"),
    "kz-north": ("Северо-Казахстанская область", None, "استان قزاقستان شمالی"),
    "kz-pavlodar": ("Павлодарская область", None, "استان پاولودار"),
    "kz-turkistan": ("Туркестанская область", None, "استان ترکستان"),
    "kz-ulytau": ("область Ұлытау", None, "استان اولیتائو"),
    "kz-west": ("Западно-Казахстанская область", None, "استان قزاقستان غربی"),
    "kz-astana": ("Астана", None, "آستانه"),
    "kz-almaty": ("Алматы", None, "آلماتی"),
    "kz-shymkent": ("Шымкент", None, "شیمکنت"),
    "ir-alborz": ("Альборз", "Әлборз", None),
    "ir-ardabil": ("Ардебиль", "Ардебиль", None),
    "ir-bushehr": ("Бушир", "Бушир", None),
    "ir-chaharmahal-bakhtiari": ("Чехармехаль и Бахтиария", "Чехармехаль және Бахтиария", None),
    "ir-east-azerbaijan": ("Восточный Азербайджан", "Шығыс Әзірбайжан", None),
    "ir-fars": ("Фарс", "Фарс", None),
    "ir-gilan": ("Гилян", "Гилян", None),
    "ir-golestan": ("Голестан", "Голестан", None),
    "ir-hamadan": ("Хамадан", "Хамадан", None),
    "ir-hormozgan": ("Хормозган", "Хормозган", None),
    "ir-ilam": ("Илам", "Илам", None),
    "ir-isfahan": ("Исфахан", "Исфахан", None),
    "ir-kerman": ("Керман", "Керман", None),
    "ir-kermanshah": ("Керманшах", "Керманшах", None),
    "ir-khuzestan": ("Хузестан", "Хузестан", None),
    "ir-kohgiluyeh-boyer-ahmad": ("Кохгилуйе и Бойерахмед", "Кохгилуйе және Бойерахмед", None),
    "ir-kurdistan": ("Курдистан", "Күрдістан", None),
    "ir-lorestan": ("Лурестан", "Лурестан", None),
    "ir-markazi": ("Меркези", "Меркези", None),
    "ir-mazandaran": ("Мазендеран", "Мазендеран", None),
    "ir-north-khorasan": ("Северный Хорасан", "Солтүстік Хорасан", None),
    "ir-qazvin": ("Казвин", "Казвин", None),
    "ir-qom": ("Кум", "Кум", None),
    "ir-razavi-khorasan": ("Хорасан-Резави", "Хорасан-Резави", None),
    "ir-semnan": ("Семнан", "Семнан", None),
    "ir-sistan-baluchestan": ("Систан и Белуджистан", "Систан және Белуджистан", None),
    "ir-south-khorasan": ("Южный Хорасан", "Оңтүстік Хорасан", None),
    "ir-tehran": ("Тегеран", "Тегеран", None),
    "ir-west-azerbaijan": ("Западный Азербайджан", "Батыс Әзірбайжан", None),
    "ir-yazd": ("Йезд", "Йезд", None),
    "ir-zanjan": ("Зенджан", "Зенджан", None),
}


def fill(apps, schema_editor):
    Region = apps.get_model("users", "Region")
    for region in Region.objects.all():
        russian, kazakh, persian = NAMES.get(region.code, (None, None, None))
        values = {"name_en": region.name, "name_ru": russian, "name_kk": kazakh, "name_fa": persian}
        native = "name_kk" if region.country == "KZ" else "name_fa"
        values[native] = region.native_name or values[native]
        for field, value in values.items():
            if value and not getattr(region, field):
                setattr(region, field, value)
        region.save()


class Migration(migrations.Migration):
    dependencies = [("users", "0004_translated_region_names")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
