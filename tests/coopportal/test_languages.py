"""Who reads which language: the switcher, preferences, fallbacks, emails, right-to-left layout."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from coopportal import formatting
from coopportal.mail.models import OutboundEmail
from coopportal.users.languages import NATIVE_NAMES, preferred_language
from coopportal.users.models import Region, User
from coopportal.users.roles import Role
from coopportal.users.services import ensure_user
from courses import notifications
from courses.services.advice import ask_question
from tests.conftest import SESSION_QUERIES
from tests.courses.factories import CohortFactory, enrolled_student
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CSS = Path(settings.BASE_DIR) / "static" / "css" / "portal.css"


def _html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


# --- The switcher -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["en", "ru", "kk", "fa"])
def test_an_anonymous_visitor_switches_language_and_returns_to_the_page(client, code):
    response = client.post(reverse("set_language"), {"language": code, "next": "/verify/"})
    assert response.status_code == 302
    assert response["Location"] == "/verify/"  # back to the page, not to the login page
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == code
    page = client.get(reverse("home")).content.decode()
    assert f'lang="{code}"' in _html_tag(page)


@pytest.mark.parametrize("code", ["xx", "", "<script>", "a" * 500])
def test_an_unknown_language_code_chooses_the_default_language(client, code):
    response = client.post(reverse("set_language"), {"language": code, "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == settings.LANGUAGE_CODE


def test_a_regional_variant_chooses_its_language(client):
    response = client.post(reverse("set_language"), {"language": "fa-IR", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fa"


def test_the_switcher_returns_only_to_this_site(client):
    response = client.post(reverse("set_language"), {"language": "ru", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_switcher_only_changes_on_post(client):
    assert client.get(reverse("set_language"), {"language": "fa"}).status_code == 405


@pytest.mark.parametrize("header", ["xx-YY", "zz;q=abc, ;;;", "fa-IR;q=0.9,en;q=0.8", "*"])
def test_any_accept_language_header_gets_a_page(client, header):
    response = client.get(reverse("home"), headers={"accept-language": header})
    assert response.status_code == 200
    expected = "fa" if header.startswith("fa") else settings.LANGUAGE_CODE
    assert f'lang="{expected}"' in _html_tag(response.content.decode())


@pytest.mark.parametrize("page_language", ["en", "fa"])
def test_the_switcher_sits_in_the_header_and_names_each_language_in_itself(client, page_language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = page_language
    page = client.get(reverse("home")).content.decode()
    header = page[page.index("<header") : page.index("</header>")]
    for code, name in (("en", "English"), ("ru", "Русский"), ("kk", "Қазақша"), ("fa", "فارسی")):
        assert re.search(rf'<option value="{code}" lang="{code}"[^>]*>{name}</option>', header)
    assert re.search(rf'<option value="{page_language}"[^>]* selected>', header)
    assert NATIVE_NAMES == {"en": "English", "ru": "Русский", "kk": "Қазақша", "fa": "فارسی"}


# --- Right to left -------------------------------------------------------------------------------


def test_a_persian_page_is_right_to_left(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    page = client.get(reverse("verify_lookup")).content.decode()
    assert _html_tag(page) == '<html lang="fa" dir="rtl">'
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    assert _html_tag(client.get(reverse("verify_lookup")).content.decode()) == '<html lang="kk" dir="ltr">'


def _css_rules() -> str:
    return re.sub(r"/\*.*?\*/", "", CSS.read_text(), flags=re.S)


def test_the_stylesheet_lays_out_with_logical_properties_only():
    css = _css_rules()
    physical = re.findall(r"[\w-]*\b(?:left|right)\b[\w-]*\s*:[^;}]*|:\s*(?:left|right)\b", css)
    assert physical == []
    # Four-value margins and paddings name the left and right sides too; asymmetric ones would not mirror.
    for prop, values in re.findall(r"\b(margin|padding|inset)\s*:\s*([^;}]+)", css):
        parts = values.split()
        assert len(parts) < 4 or parts[1] == parts[3], f"{prop}: {values}"


def test_table_cells_keep_their_words_whole():
    css = _css_rules()
    body = re.search(r"\bbody\s*\{([^}]*)\}", css).group(1)
    assert "anywhere" not in body  # inherited by every cell, it broke them one letter a line
    cells = re.search(r"th, td, th \*, td \*\s*\{([^}]*)\}", css).group(1)
    assert "overflow-wrap: normal" in cells and "word-break: normal" in cells
    assert re.search(r"\.table-wrap\s*\{[^}]*overflow-x:\s*auto", css)


# --- Preferred language ---------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "language"), [("kz-almaty", "ru"), ("ir-tehran", "fa"), (None, "en")])
def test_a_new_accounts_language_defaults_to_its_regions(code, language):
    region = Region.objects.get(code=code) if code else None
    user, _ = ensure_user(email=f"new-{language}@example.org", password=TEST_PASSWORD, region=region)
    assert user.language == language


def test_a_user_who_chose_no_language_is_written_to_in_their_regions():
    kazakh = UserFactory(language="", region=Region.objects.get(code="kz-almaty"))
    iranian = UserFactory(language="", region=Region.objects.get(code="ir-tehran"))
    nowhere = UserFactory(language="")
    chose = UserFactory(language="kk", region=Region.objects.get(code="ir-tehran"))
    assert [preferred_language(u) for u in (kazakh, iranian, nowhere, chose)] == ["ru", "fa", "en", "kk"]


def test_a_signed_in_user_reads_their_preferred_language_whatever_the_cookie(client):
    user = UserFactory(language="fa")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    page = client.get(reverse("dashboard")).content.decode()
    assert _html_tag(page) == '<html lang="fa" dir="rtl">'
    assert response_language(client) == "fa"


def response_language(client) -> str:
    return client.get(reverse("dashboard"))["Content-Language"]


def test_the_switcher_updates_a_signed_in_users_preference(client):
    user = UserFactory(language="en")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "kk", "next": "/dashboard/"})
    user.refresh_from_db()
    assert user.language == "kk"
    assert response_language(client) == "kk"


def test_the_account_page_saves_the_preferred_language(client):
    user = UserFactory(language="en")
    client.force_login(user)
    page = client.get(reverse("account_language")).content.decode()
    assert "Қазақша" in page and "فارسی" in page
    response = client.post(reverse("account_language"), {"language": "ru"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"  # still Russian after signing out
    user.refresh_from_db()
    assert user.language == "ru"
    assert response_language(client) == "ru"


def test_the_account_page_refuses_an_unknown_language_with_a_form_error(client):
    user = UserFactory(language="en")
    client.force_login(user)
    response = client.post(reverse("account_language"), {"language": "xx"})
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    user.refresh_from_db()
    assert user.language == "en"


def _sign_up(client, **extra):
    data = {
        "full_name": "Dana Seitova",
        "email": "new.student@example.org",
        "password1": "Steppe-Cooperative-2026",
        "password2": "Steppe-Cooperative-2026",
        **extra,
    }
    with TestCase.captureOnCommitCallbacks(execute=True):  # the outbox sends the confirmation after commit
        return client.post(reverse("account_signup"), data)


def test_sign_up_records_the_chosen_language_and_confirms_in_it(client, mailoutbox):
    assert _sign_up(client, language="ru").status_code == 302
    assert User.objects.get(email="new.student@example.org").language == "ru"
    with translation.override("ru"):
        # allauth's own Russian catalog: the confirmation email is written in Russian.
        subject_in_russian = gettext("Please Confirm Your Email Address")
    assert subject_in_russian != "Please Confirm Your Email Address"
    assert subject_in_russian in mailoutbox[0].subject


def test_sign_up_without_a_choice_takes_the_pages_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    _sign_up(client)
    assert User.objects.get(email="new.student@example.org").language == "kk"


def test_sign_up_refuses_an_unknown_language(client):
    response = _sign_up(client, language="xx")
    assert response.status_code == 200 and response.context["form"].errors["language"]
    assert not User.objects.filter(email="new.student@example.org").exists()


# --- Emails in the recipient's language ---------------------------------------------------------


def test_an_outbox_email_is_written_in_each_recipients_language(monkeypatch):
    def teacher(**fields):
        return UserFactory(roles=[Role.TEACHER], is_staff=True, **fields)

    russian = teacher(language="ru")
    russian_by_region = teacher(language="", region=Region.objects.get(code="kz-almaty"))
    persian = teacher(language="fa")
    cohort = CohortFactory(teachers=[russian, russian_by_region, persian])
    enrolment = enrolled_student(cohort)
    written_in = []

    def recording_gettext(message):
        written_in.append(translation.get_language())
        return gettext(message)

    monkeypatch.setattr(notifications, "_", recording_gettext)
    with translation.override("en"):
        ask_question(enrolment=enrolment, student=enrolment.student, subject="Charter", body="Who signs it?")
    emails = {tuple(sorted(e.recipients)) for e in OutboundEmail.objects.all()}
    assert emails == {tuple(sorted([russian.email, russian_by_region.email])), (persian.email,)}
    assert sorted(set(written_in)) == ["fa", "ru"]


# --- Dates and numbers ----------------------------------------------------------------------------


def test_persian_dates_are_solar_hijri_with_persian_digits():
    with translation.override("fa"):
        assert formatting.format_date(datetime.date(2026, 12, 2)) == "۱۴۰۵/۰۹/۱۱"
        moment = datetime.datetime(2026, 12, 2, 9, 5, tzinfo=datetime.UTC)  # 14:05 in Almaty
        assert formatting.format_datetime(moment) == "۱۴۰۵/۰۹/۱۱ ۱۴:۰۵"
        assert formatting.format_date("2026-03-21") == "۱۴۰۵/۰۱/۰۱"  # a date kept as text in a snapshot


def test_persian_numbers_have_persian_digits_and_separators():
    with translation.override("fa"):
        assert formatting.format_number(1_000_000) == "۱٬۰۰۰٬۰۰۰"
        assert formatting.format_number(Decimal("1234.5")) == "۱٬۲۳۴٫۵"
        assert formatting.format_percent(Decimal("83.333")) == "۸۳٫۳٪"
        assert formatting.localize_digits("1405") == "۱۴۰۵"


def test_other_languages_use_their_own_date_and_number_style():
    day, amount = datetime.date(2026, 12, 2), 1_000_000
    with translation.override("en"):
        assert (formatting.format_date(day), formatting.format_number(amount)) == ("Dec. 2, 2026", "1,000,000")
    with translation.override("ru"):
        assert (formatting.format_date(day), formatting.format_number(amount)) == (
            "2 декабря 2026 г.",
            "1\xa0000\xa0000",
        )
    with translation.override("kk"):
        assert (formatting.format_date(day), formatting.format_number(amount)) == ("02.12.2026", "1\xa0000\xa0000")


def test_the_template_filters_write_for_the_active_language():
    template = Template("{{ day|local_date }} {{ n|num }} {{ p|percent:0 }} {{ year|digits }}")
    context = {"day": datetime.date(2026, 12, 2), "n": 1_000_000, "p": 70, "year": "1405"}
    with translation.override("fa"):
        assert template.render(Context(context)) == "۱۴۰۵/۰۹/۱۱ ۱٬۰۰۰٬۰۰۰ ۷۰٪ ۱۴۰۵"
    with translation.override("en"):
        assert template.render(Context(context)) == "Dec. 2, 2026 1,000,000 70\u00a0% 1405"


def test_the_account_language_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    client.force_login(UserFactory(language="en"))
    client.get(reverse("account_language"))
    # The session, and the user with their language (the preference costs no query), their role names
    # and whether they have an authenticator (MFA middleware).
    with django_assert_num_queries(SESSION_QUERIES + 1):
        assert client.get(reverse("account_language")).status_code == 200
