"""Every page the navigation reaches, as every demo role, in Russian, Kazakh and Persian: no visible text
is left in English where the catalog has a translation, and Persian pages write their figures in
Persian digits."""

import io
import re
from collections import Counter, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import polib
import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from modeltranslation.translator import translator

from accreditation.models import ExamProtocol
from coopportal.users.demo import DEMO_ACCOUNTS
from coopportal.users.models import User
from coopportal.users.services import ensure_totp_secret
from courses.models import (
    KpiSubmission,
    PresentationResult,
    Subscriber,
)
from procurement.models import (
    Contractor,
    HostCooperative,
    Participant,
    Program,
)

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[2] / "locale"
LANGUAGES = ("ru", "kk", "fa")
# Bounds: pages of one shape (`/budget/programs/<id>/`) a role reads, and pages a role reads in all.
PAGES_PER_SHAPE = 2
PAGES_PER_ROLE = 30

# Not pages to read: actions, files; of the admin only its index, the navigation's entry.
SKIPPED_PATHS = re.compile(
    r"^/(accounts/logout|i18n/|media/|static/|admin/.+)|\.(pdf|xlsx|csv|jwt|png|svg)$|/(download|evidence)/"
)
# Pages that are the same for every role (the account's settings, the public registry): read once a language.
SHARED_PAGES = re.compile(r"^/(accounts|specialists|verify)/")

# Text that is the same in every language: the languages' own names, abbreviations.
ALLOWED = {"English", "Русский", "Қазақша", "فارسی", "KPI", "QR", "PDF", "XLSX", "CSV", "TOTP"}

# Latin digits a Persian page may show: codes, not figures. A figure the portal writes is grouped or
# short; an ungrouped run of five or more digits is an identifier (national ID, phone, registration).
CODES = re.compile(
    r"\b[0-9]{5,}\b"
    r"|\b[A-Z]{2,}-[0-9A-Z-]+"  # certificate and protocol numbers
    r"|[\w.+-]+@[\w.-]+"  # email addresses
    r"|https?://\S+"
    r"|[\w/.-]*[0-9a-f]{32,}[\w/.-]*"  # file fingerprints and storage names
)


def english_msgids(language: str) -> set[str]:
    """The catalogs' English strings whose translation in `language` is not the same text (ours, and
    allauth's where we ship it: Kazakh)."""
    strings = set()
    catalogs = [
        LOCALE / language / "LC_MESSAGES" / "django.po",
        LOCALE / "allauth" / language / "LC_MESSAGES" / "django.po",
    ]
    entries = [entry for path in catalogs if path.exists() for entry in polib.pofile(str(path))]
    for entry in entries:
        if entry.obsolete or "%" in entry.msgid or "{" in entry.msgid:
            continue
        translated = entry.msgstr or (entry.msgstr_plural or {}).get(0, "")
        if translated and translated.strip() != entry.msgid.strip():
            strings.add(" ".join(entry.msgid.split()))
    return strings


def translated_content(language: str) -> tuple[set[str], set[str]]:
    """The English values of the translated model fields (django-modeltranslation), split in two: those
    that have a `language` translation, which a page in `language` must not show, and those without one,
    which it shows as their English fallback (the course is not offered in Persian, the budget not in
    Russian or Kazakh)."""
    translated, fallback = set(), set()
    for model in translator.get_registered_models(abstract=False):
        for field in translator.get_options_for_model(model).fields:
            for english, local in model.objects.values_list(f"{field}_en", f"{field}_{language}"):
                if english and local and local.strip() != english.strip():
                    translated.add(" ".join(english.split()))
                elif english and not local:
                    fallback.add(" ".join(english.split()))
    return translated, fallback


COURSE_CONTENT_PAGES = re.compile(r"^/learn/(lessons|quizzes|attempts)/")
NUMBERING = re.compile(r"^[0-9۰-۹]+\. ")


def entered_data() -> set[str]:
    """What people typed (program titles, names, registration numbers): shown as they wrote it."""
    values = set()
    for model, fields in (
        (Program, ("title", "place")),
        (Participant, ("full_name",)),
        (HostCooperative, ("name", "registration_number")),
        (Contractor, ("name", "registration_number")),
        (User, ("full_name",)),
        (Subscriber, ("name",)),
        (PresentationResult, ("person_name",)),
        (KpiSubmission, ("text",)),
    ):
        for row in model.objects.values_list(*fields):
            values.update(row)
    for errors, reasons in ExamProtocol.objects.values_list("errors", "reasons"):
        values.update(line for line in [*errors, *reasons] if isinstance(line, str))  # the committee's words
    return {" ".join(value.split()) for value in values if value}


class _Page(HTMLParser):
    """The visible text nodes of a page and the links it offers."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1
        if tag == "a" and (href := dict(attrs).get("href")):
            self.links.append(href)

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._hidden:
            self.texts.append(text)


def _shape(path: str) -> tuple:
    segments = [segment for segment in path.split("?")[0].split("/") if segment]
    return (*segments[:2], len(segments))


def crawl(client, shared_seen: set[str]) -> list[tuple[str, list[str]]]:
    """(path, visible texts) of the pages reachable from the landing page and the navigation, breadth
    first, at most PAGES_PER_SHAPE of each shape; `shared_seen` holds the shared pages already read."""
    seen, queue, pages, shapes = {"/"} | shared_seen, deque(["/"]), [], Counter()
    referrers = {"/": None}
    while queue and len(pages) < PAGES_PER_ROLE:
        path = queue.popleft()
        response = client.get(path)
        # A role is offered only what it may open: no link leads to a refusal.
        assert response.status_code in (200, 302), (path, response.status_code, referrers[path])
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Page()
        parser.feed(response.content.decode())
        pages.append((path, parser.texts))
        for href in parser.links:
            url = urlsplit(urljoin(path, href))
            if url.scheme not in ("", "http") or url.netloc not in ("", "testserver"):
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if target in seen or SKIPPED_PATHS.search(url.path) or shapes[_shape(target)] >= PAGES_PER_SHAPE:
                continue
            seen.add(target)
            referrers[target] = path
            if SHARED_PAGES.match(target):
                shared_seen.add(target)
            shapes[_shape(target)] += 1
            queue.append(target)
    return pages


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo seeded once for the module, inside a transaction rolled back at its end (each test's own
    transaction nests in it as a savepoint)."""
    folder = tmp_path_factory.mktemp("demo")
    isolated = override_settings(
        MEDIA_ROOT=str(folder / "media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CREDENTIAL_SIGNING_KEYS="",
        CREDENTIAL_SIGNING_KEYS_FILE="",
        CREDENTIAL_LOCAL_KEY_FILE=str(folder / "credential-signing-key.pem"),
    )
    with django_db_blocker.unblock(), isolated:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            users = [User.objects.get(email=account.email) for account in DEMO_ACCOUNTS]
            for user in users:
                ensure_totp_secret(user)  # the MFA middleware lets a privileged role in
            yield users, str(folder / "media")
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_every_demo_role_is_in_its_language(client, settings, demo, language):
    users, settings.MEDIA_ROOT = demo  # the demo's uploads, which pages link to
    content, fallback = translated_content(language)
    entered = entered_data()
    # Shown as they are: what people typed, and content with no text in this language (its English fallback).
    english = (english_msgids(language) | content) - ALLOWED - entered - fallback
    as_entered = sorted(entered | fallback, key=len, reverse=True)
    fallback_text = "\n".join(fallback)
    untranslated, latin_digits, shared_seen = set(), set(), set()
    for user in users:
        User.objects.filter(pk=user.pk).update(language=language)
        client.force_login(user)
        pages = crawl(client, shared_seen)
        assert len(pages) > 2, f"{user.email} reaches only {[path for path, _ in pages]}"
        for path, texts in pages:
            for text in texts:
                if COURSE_CONTENT_PAGES.match(path) and NUMBERING.sub("", text) in fallback_text:
                    continue  # a lesson or quiz text shown in English: the course has no text in this language
                if text in english:
                    untranslated.add((path, text))
                if language == "fa":
                    if text.endswith("…") and any(value.startswith(text[:-1].strip()) for value in as_entered):
                        continue  # an excerpt of what someone wrote
                    for value in as_entered:
                        text = text.replace(value, "")
                    if re.search("[0-9]", CODES.sub("", text)):
                        latin_digits.add((path, text))
        client.logout()
    report = [f"English: {path}: {text}" for path, text in sorted(untranslated)]
    report += [f"Latin digits: {path}: {text}" for path, text in sorted(latin_digits)]
    assert not report, "\n".join(report)
