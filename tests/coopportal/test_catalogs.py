"""The message catalogs: every string of the code in Russian, Kazakh and Persian, none fuzzy or empty."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

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
