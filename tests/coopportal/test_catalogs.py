"""The message catalogs: every string of the code in Russian, Kazakh and Persian, none fuzzy or empty."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import allauth
import polib
import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("ru", "kk", "fa")
PLURAL_FORMS = {"ru": 4, "kk": 2, "fa": 2}


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.fixture(scope="module")
def msgids_in_the_code(tmp_path_factory) -> set[tuple[str, str]]:
    """(context, msgid) of every string the code marks, extracted afresh from a copy of the code
    without its catalogs (makemessages writes beside the code it reads)."""
    copy = tmp_path_factory.mktemp("code") / "portal"
    skipped = (".venv", ".git", "locale", "media", "staticfiles", "bench", "tests", "node_modules", "var")
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*skipped, "*.pyc", "__pycache__", "fonts"))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ru"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    extracted = polib.pofile(str(copy / "locale" / "ru" / "LC_MESSAGES" / "django.po"))
    return {(entry.msgctxt or "", entry.msgid) for entry in extracted}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_msgid_is_translated_and_none_is_fuzzy(language):
    po = catalog(language)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated in {language}: {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_entries_have_every_form_of_the_language(language):
    po = catalog(language)
    assert f"nplurals={PLURAL_FORMS[language]};" in po.metadata["Plural-Forms"]
    for entry in po:
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            assert len(forms) == PLURAL_FORMS[language] and all(forms.values()), entry.msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_holds_every_string_the_code_marks(language, msgids_in_the_code):
    in_catalog = {(entry.msgctxt or "", entry.msgid) for entry in catalog(language) if not entry.obsolete}
    missing = sorted(msgids_in_the_code - in_catalog)
    assert not missing, f"{len(missing)} strings of the code are not in {language}: {missing[:5]}"


# --- allauth's pages (sign-in, sign-up, password reset, email, two-factor) ----------------------
# allauth ships no Kazakh catalog; ours, locale/allauth/kk, holds every msgid of its Russian one.


def test_allauth_pages_have_a_complete_kazakh_catalog():
    installed = polib.pofile(str(Path(allauth.__file__).parent / "locale" / "ru" / "LC_MESSAGES" / "django.po"))
    ours = polib.pofile(str(ROOT / "locale" / "allauth" / "kk" / "LC_MESSAGES" / "django.po"))
    assert ours.metadata["Language"] == "kk"
    assert "nplurals=2;" in ours.metadata["Plural-Forms"]
    kazakh = {(entry.msgctxt or "", entry.msgid): entry for entry in ours if not entry.obsolete}
    missing, untranslated = [], []
    for entry in installed:
        if entry.obsolete:
            continue
        translated = kazakh.get((entry.msgctxt or "", entry.msgid))
        if translated is None:
            missing.append(entry.msgid)
        elif "fuzzy" in translated.flags or not (
            all(translated.msgstr_plural.values()) and len(translated.msgstr_plural) == 2
            if entry.msgid_plural
            else translated.msgstr
        ):
            untranslated.append(entry.msgid)
    assert not missing, f"{len(missing)} of allauth's msgids are not in locale/allauth/kk: {missing[:5]}"
    assert not untranslated, f"{len(untranslated)} untranslated or fuzzy in locale/allauth/kk: {untranslated[:5]}"


@pytest.mark.django_db
def test_allauth_sign_in_and_password_reset_pages_read_kazakh(client):
    client.post(reverse("set_language"), {"language": "kk", "next": "/"})
    login = client.get(reverse("account_login")).content.decode()
    assert "Құпиясөзді ұмыттыңыз ба?" in login
    assert "Мені есте сақтау" in login
    assert "Sign In" not in login and "Forgot your password?" not in login
    reset = client.get(reverse("account_reset_password")).content.decode()
    assert "Құпиясөзімді қалпына келтіру" in reset
    assert "Password Reset" not in reset and "Reset My Password" not in reset
