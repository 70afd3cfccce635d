"""Fill the translated columns added by 0015: the existing text becomes the English column (modeltranslation
does not copy it), and the reference data the code needs (the course, its seven levels and their KPI labels)
gets its Russian and Kazakh text. Lessons and quizzes get theirs from `load_course_content`."""

from django.db import migrations
from django.db.models import F

FIELDS = {
    "Course": ("title", "description"),
    "Level": ("name", "description"),
    "KpiRequirement": ("label", "guidance"),
    "Section": ("title", "summary"),
    "Lesson": ("title", "body"),
    "Quiz": ("title",),
    "QuizQuestion": ("text", "explanation"),
    "QuizChoice": ("text",),
}

COURSE = {
    "slug": "cooperative-entrepreneurship",
    "ru": {
        "title": "Кооперативное предпринимательство",
        "description": (
            "Краткосрочный курс подготовки специалистов к аккредитации в Центре сертификации национальной "
            "ассоциации кооперативов: теоретический модуль, затем семь практических уровней, закрываемых KPI."
        ),
    },
    "kk": {
        "title": "Кооперативтік кәсіпкерлік",
        "description": (
            "Мамандарды кооперативтердің ұлттық қауымдастығының Сертификаттау орталығында аккредиттеуге "
            "дайындайтын қысқа мерзімді курс: теориялық модуль, содан кейін KPI арқылы жабылатын жеті практикалық "
            "деңгей."
        ),
    },
}

# code: {language: (name, description)}
LEVELS = {
    "private": {
        "ru": (
            "Рядовой",
            "Самостоятельное повторение курса. Вы пишете вопросы преподавателям и получаете письменные "
            "консультации. Вы готовите три документа, на которых строится каждая следующая презентация.",
        ),
        "kk": (
            "Жеке",
            "Курсты өз бетінше қайталау. Сіз оқытушыларға сұрақ жазып, жазбаша кеңес аласыз. Кейінгі әр "
            "презентацияның негізі болатын үш құжатты дайындайсыз.",
        ),
    },
    "associates": {
        "ru": (
            "Соратники",
            "Пробные презентации перед однокурсниками. Уровень держится, пока каждый участник не выступит перед "
            "группой и не получит одобрение однокурсников.",
        ),
        "kk": (
            "Серіктестер",
            "Курстастар алдындағы сынақ презентациялары. Әр қатысушы топ алдында сөйлеп, курстастарының "
            "мақұлдауын алғанша деңгей жабылмайды.",
        ),
    },
    "close": {
        "ru": ("Близкие", "Пробные презентации перед близкими родственниками; сколько угодно."),
        "kk": ("Жақындар", "Жақын туыстар алдындағы сынақ презентациялары; қанша болса да."),
    },
    "familiar": {
        "ru": ("Знакомые", "Пробные презентации перед друзьями и соседями; сколько угодно."),
        "kk": ("Таныстар", "Достар мен көршілер алдындағы сынақ презентациялары; қанша болса да."),
    },
    "teamwork": {
        "ru": (
            "Командная работа",
            "Презентации перед людьми, приглашёнными по плану действий, подготовленные и проведённые вместе: "
            "приглашение (социальные сети, звонки, контакты), поддержка из зала, запись результатов. Уровень "
            "держится, пока каждый участник не выступит с группой поддержки из однокурсников.",
        ),
        "kk": (
            "Командалық жұмыс",
            "Іс-қимыл жоспары бойынша шақырылған адамдар алдындағы бірге дайындалып, бірге өткізілетін "
            "презентациялар: шақыру (әлеуметтік желілер, қоңыраулар, байланыстар), залдан қолдау, нәтижелерді "
            "тіркеу. Әр қатысушы курстастарынан құралған қолдау тобымен сөйлегенше деңгей жабылмайды.",
        ),
    },
    "publication": {
        "ru": (
            "Публичный",
            "Ваша собственная презентация перед людьми, которых вы пригласили по своему плану действий. "
            "Однокурсники могут присутствовать только как наблюдатели.",
        ),
        "kk": (
            "Жариялылық",
            "Өз іс-қимыл жоспарыңыз бойынша өзіңіз шақырған адамдар алдындағы жеке презентацияңыз. Курстастар "
            "тек бақылаушы ретінде қатыса алады.",
        ),
    },
    "exam": {
        "ru": (
            "Экзамен",
            "Презентация в прямом эфире в социальных сетях, которую дистанционно оценивает экзаменационная "
            "комиссия: она аккредитует, назначает повторный экзамен с перечнем ошибок или не аккредитует.",
        ),
        "kk": (
            "Емтихан",
            "Әлеуметтік желілерде тікелей эфирде көрсетілетін презентация, оны емтихан комиссиясы қашықтан "
            "бағалайды: аккредиттейді, қателерді көрсетіп қайта емтихан тағайындайды немесе аккредиттемейді.",
        ),
    },
}

ABSTRACT_RU = "Тезисы презентации о вовлечении населения в кооперативное предпринимательство"
ABSTRACT_KK = "Халықты кооперативтік кәсіпкерлікке тарту туралы презентация тезистері"
PLAN_RU, PLAN_KK = (
    "План действий по приглашению людей на презентацию",
    "Адамдарды презентацияға шақыру жөніндегі іс-қимыл жоспары",
)
FAQ_RU, FAQ_KK = "Ожидаемые вопросы и ответы (FAQ)", "Күтілетін сұрақтар мен жауаптар (FAQ)"
COHORT_RU, COHORT_KK = (
    "Все активные слушатели группы прошли уровень",
    "Топтың барлық белсенді тыңдаушылары деңгейден өтті",
)
ADJ_FAQ_RU, ADJ_FAQ_KK = "Скорректированные ожидаемые вопросы и ответы", "Түзетілген күтілетін сұрақтар мен жауаптар"
ADJ_GROUP_RU = "Корректировки групповых тезисов и плана приглашений"
ADJ_GROUP_KK = "Топтық тезистер мен шақыру жоспарына түзетулер"
INVITEES_RU = "Список людей, приглашённых на презентацию следующего уровня"
INVITEES_KK = "Келесі деңгейдің презентациясына шақырылған адамдар тізімі"
ATTENDANCE_RU, ATTENDANCE_KK = "Присутствуют не менее 50 человек", "Кемінде 50 адам қатысты"
RATIO_RU = "Новые подписчики — не менее 15 % присутствующих"
RATIO_KK = "Жаңа жазылушылар — қатысушылардың кемінде 15 %"

TRIAL_GUIDANCE_RU = "Запишите пробную презентацию; каждый присутствовавший однокурсник подтверждает это и голосует."
TRIAL_GUIDANCE_KK = "Сынақ презентацияңызды тіркеңіз; қатысқан әр курстас мұны растап, дауыс береді."
# The trial attendance KPI of 0014, by its kind.
TRIAL_ATTENDANCE = {
    "ru": (
        "Собственная презентация перед однокурсниками, на которой присутствовало более половины других активных "
        "слушателей группы",
        TRIAL_GUIDANCE_RU,
    ),
    "kk": (
        "Топтың басқа белсенді тыңдаушыларының жартысынан астамы қатысқан, курстастар алдындағы өз презентацияңыз",
        TRIAL_GUIDANCE_KK,
    ),
}

# (level code, position among the level's KPIs as 0002 created them): {language: (label, guidance)}; an
# empty guidance stays empty.
REQUIREMENTS = {
    ("private", 1): {
        "ru": (
            ABSTRACT_RU,
            "Тезисы вашей презентации: проблема, что предлагает кооператив, как вступить, почему это законно.",
        ),
        "kk": (
            ABSTRACT_KK,
            "Презентацияңыздың тезистері: мәселе, кооператив не ұсынады, қалай мүше болуға болады, неге бұл заңды.",
        ),
    },
    ("private", 2): {
        "ru": (PLAN_RU, "Кого вы пригласите, по каким каналам и к каким датам."),
        "kk": (PLAN_KK, "Кімді, қандай арналар арқылы және қай күнге дейін шақырасыз."),
    },
    ("private", 3): {
        "ru": (
            FAQ_RU,
            "Вопросы, которые задаст ваша аудитория, и ваши ответы, в том числе чем кооператив отличается от пирамиды.",
        ),
        "kk": (
            FAQ_KK,
            "Аудиторияңыз қоятын сұрақтар мен сіздің жауаптарыңыз, соның ішінде кооперативтің пирамидадан "
            "айырмашылығы.",
        ),
    },
    ("associates", 1): {
        "ru": (
            "Собственная презентация перед однокурсниками, одобренная более чем половиной присутствовавших "
            "однокурсников",
            TRIAL_GUIDANCE_RU,
        ),
        "kk": (
            "Қатысқан курстастардың жартысынан астамы мақұлдаған, курстастар алдындағы өз презентацияңыз",
            TRIAL_GUIDANCE_KK,
        ),
    },
    ("associates", 2): {
        "ru": (
            "Групповые тезисы презентации, адаптированные к региону",
            "Тезисы, подготовленные группой и адаптированные к вашему региону.",
        ),
        "kk": (
            "Өңірге бейімделген топтық презентация тезистері",
            "Топ дайындаған, сіздің өңіріңізге бейімделген тезистер.",
        ),
    },
    ("associates", 3): {
        "ru": ("План действий по приглашению людей на презентацию (групповой вариант)", ""),
        "kk": ("Адамдарды презентацияға шақыру жөніндегі іс-қимыл жоспары (топтық нұсқа)", ""),
    },
    ("associates", 4): {
        "ru": ("Ожидаемые вопросы и ответы, адаптированные к региону", ""),
        "kk": ("Өңірге бейімделген күтілетін сұрақтар мен жауаптар", ""),
    },
    ("associates", 5): {"ru": (COHORT_RU, ""), "kk": (COHORT_KK, "")},
    ("close", 1): {
        "ru": ("Записана хотя бы одна презентация перед родственниками", ""),
        "kk": ("Туыстар алдындағы кемінде бір презентация тіркелді", ""),
    },
    ("close", 2): {
        "ru": ("Корректировки презентации и групповых тезисов", ""),
        "kk": ("Презентация мен топтық тезистерге түзетулер", ""),
    },
    ("close", 3): {
        "ru": ("Скорректированный план действий по приглашению людей", ""),
        "kk": ("Адамдарды шақыру жөніндегі түзетілген іс-қимыл жоспары", ""),
    },
    ("close", 4): {"ru": (ADJ_FAQ_RU, ""), "kk": (ADJ_FAQ_KK, "")},
    ("familiar", 1): {
        "ru": ("Записана хотя бы одна презентация перед друзьями или соседями", ""),
        "kk": ("Достар немесе көршілер алдындағы кемінде бір презентация тіркелді", ""),
    },
    ("familiar", 2): {"ru": (ADJ_GROUP_RU, ""), "kk": (ADJ_GROUP_KK, "")},
    ("familiar", 3): {"ru": (ADJ_FAQ_RU, ""), "kk": (ADJ_FAQ_KK, "")},
    ("familiar", 4): {"ru": (INVITEES_RU, ""), "kk": (INVITEES_KK, "")},
    ("teamwork", 1): {
        "ru": ("Собственная презентация, где хотя бы один однокурсник подтверждён в группе поддержки", ""),
        "kk": ("Қолдау тобында кемінде бір курстас расталған өз презентацияңыз", ""),
    },
    ("teamwork", 2): {
        "ru": ("Приглашения отправлены (социальные сети, звонки, контакты)", ""),
        "kk": ("Шақырулар жіберілді (әлеуметтік желілер, қоңыраулар, байланыстар)", ""),
    },
    ("teamwork", 3): {
        "ru": ("Результаты презентации записаны (подписчик, покупатель пая, рекомендация)", ""),
        "kk": ("Презентация нәтижелері тіркелді (жазылушы, пай сатып алушы, ұсыным)", ""),
    },
    ("teamwork", 4): {"ru": (ADJ_GROUP_RU, ""), "kk": (ADJ_GROUP_KK, "")},
    ("teamwork", 5): {"ru": (ADJ_FAQ_RU, ""), "kk": (ADJ_FAQ_KK, "")},
    ("teamwork", 6): {"ru": (INVITEES_RU, ""), "kk": (INVITEES_KK, "")},
    ("teamwork", 7): {"ru": (COHORT_RU, ""), "kk": (COHORT_KK, "")},
    ("publication", 1): {
        "ru": ("Однокурсники присутствовали только как наблюдатели", ""),
        "kk": ("Курстастар тек бақылаушы ретінде қатысты", ""),
    },
    ("publication", 2): {"ru": (ATTENDANCE_RU, ""), "kk": (ATTENDANCE_KK, "")},
    ("publication", 3): {"ru": (RATIO_RU, ""), "kk": (RATIO_KK, "")},
    ("exam", 1): {"ru": (ATTENDANCE_RU, ""), "kk": (ATTENDANCE_KK, "")},
    ("exam", 2): {
        "ru": ("Не менее 100 лайков в социальных сетях", ""),
        "kk": ("Әлеуметтік желілерде кемінде 100 лайк", ""),
    },
    ("exam", 3): {"ru": (RATIO_RU, ""), "kk": (RATIO_KK, "")},
    ("exam", 4): {
        "ru": ("Решение экзаменационной комиссии", ""),
        "kk": ("Емтихан комиссиясының шешімі", ""),
    },
}


def copy_to_english(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("courses", model_name)
        model.objects.update(**{f"{name}_en": F(name) for name in fields})


def translate_reference_data(apps, schema_editor):
    Course = apps.get_model("courses", "Course")
    Level = apps.get_model("courses", "Level")
    KpiRequirement = apps.get_model("courses", "KpiRequirement")
    for course in Course.objects.filter(slug=COURSE["slug"]):
        for language in ("ru", "kk"):
            if not getattr(course, f"title_{language}"):
                for name, text in COURSE[language].items():
                    setattr(course, f"{name}_{language}", text)
        course.save()
    for level in Level.objects.filter(course__slug=COURSE["slug"], code__in=LEVELS):
        for language, (name, description) in LEVELS[level.code].items():
            # A level renamed in the admin keeps its own text.
            if not getattr(level, f"name_{language}"):
                setattr(level, f"name_{language}", name)
                setattr(level, f"description_{language}", description)
        level.save()
    requirements = (
        KpiRequirement.objects.filter(level__course__slug=COURSE["slug"])
        .select_related("level")
        .order_by("level__order", "order", "id")
    )
    positions = {}
    for requirement in requirements:
        if requirement.kind == "trial_attendance":  # added by 0014 before the vote, shifting the orders
            texts = TRIAL_ATTENDANCE
        else:
            position = positions[requirement.level_id] = positions.get(requirement.level_id, 0) + 1
            texts = REQUIREMENTS.get((requirement.level.code, position))
        if texts is None:
            continue
        for language, (label, guidance) in texts.items():
            if not getattr(requirement, f"label_{language}"):
                setattr(requirement, f"label_{language}", label)
                setattr(requirement, f"guidance_{language}", guidance if requirement.guidance_en else "")
        requirement.save()


class Migration(migrations.Migration):
    dependencies = [("courses", "0015_translated_content")]

    operations = [
        migrations.RunPython(copy_to_english, migrations.RunPython.noop),
        migrations.RunPython(translate_reference_data, migrations.RunPython.noop),
    ]
