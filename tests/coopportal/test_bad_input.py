"""Bad input everywhere: signed in as every demo role (and as a visitor), walk the pages the navigation and
the admin lead to, submit every form found with values from a corpus of bad input, and require that no
answer is a 500 and that a submission answered with a form error wrote no row.

Bounded: pages are visited at most twice per URL shape (digits folded), each form is sent twice, and the
corpus is sampled per field deterministically (a hash of the form, the field and the round), so a failure
reruns the same way.
"""

import io
import re
import zlib
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.apps import apps
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from coopportal.users.demo import DEMO_ACCOUNTS
from coopportal.users.models import CommitteeSeat, User
from coopportal.users.services import ensure_totp_secret
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CORPUS = (
    "",
    "   ",
    "-1",
    "-99999999999999999999",
    "99999999999999999999999999",
    str(2**63),
    "1e309",
    "NaN",
    "²³",
    "①",
    "٣",
    "０",
    "۱۲۳",
    "x" * 5000,
    "a\x00b",
    "first line\nsecond line",
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "31.12.99999",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "'; DROP TABLE users_user; --",
    "../../../etc/passwd",
    "0",
    "999999999",
)
BAD_FILE = b"\x00\x01../" * 8
ROUNDS = 2
PAGES_PER_SHAPE = 1
MAX_PAGES_PER_ROLE = 60
MAX_FORMS_PER_ROLE = 40
# Pages that end the session or only redirect elsewhere; deleting is confirmed on its own page.
SKIPPED = re.compile(r"logout|/delete/|^/static/|^/media|/jsi18n/|^/admin/r/|^/i18n/")
PROJECT_APPS = ("coopportal", "courses", "accreditation", "procurement")
ERROR_MARKERS = ('class="errorlist', 'class="errornote', 'class="alert error"')


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (name, kind, default value)
    options: dict[str, list[str]] = field(default_factory=dict)


class PageParser(HTMLParser):
    """Links and forms of one page, as a browser would see them."""

    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = Form(attrs.get("action") or self.page_url, (attrs.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is None or not attrs.get("name"):
            return
        elif tag == "input" or tag == "button":
            kind = (attrs.get("type") or ("text" if tag == "input" else "submit")).lower()
            if kind == "radio":
                self._form.options.setdefault(attrs["name"], []).append(attrs.get("value", "on"))
            elif kind in ("submit", "image"):
                if not any(f[1] == "submit" for f in self._form.fields):  # the first button is the one pressed
                    self._form.fields.append((attrs["name"], "submit", attrs.get("value", "")))
            elif kind not in ("button", "reset"):
                self._form.fields.append((attrs["name"], kind, attrs.get("value", "")))
        elif tag == "select":
            self._select = attrs["name"]
            self._form.fields.append((attrs["name"], "select", ""))
        elif tag == "option" and self._select:
            self._form.options.setdefault(self._select, []).append(attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._form.fields.append((attrs["name"], "textarea", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _pick(*parts) -> str:
    return CORPUS[zlib.crc32("|".join(map(str, parts)).encode()) % len(CORPUS)]


def _bad_data(form: Form, round_number: int) -> dict:
    """The form's own hidden values (the CSRF token, formset counts), everything else from the corpus."""
    data: dict = {}
    for name, kind, default in form.fields:
        value = _pick(form.action, name, round_number)
        if kind in ("hidden", "submit"):
            data[name] = default
        elif kind == "file":
            data[name] = SimpleUploadedFile(value[:40].replace("\x00", "") or "../../x.pdf", BAD_FILE)
        elif kind == "checkbox":
            if round_number % 2 == 0:
                data[name] = default or "on"
        else:
            data[name] = value
    for name, values in form.options.items():
        if name not in data and values:
            data[name] = _pick(form.action, name, round_number) if round_number else values[-1]
    return data


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.split(".")[0] in PROJECT_APPS and model._meta.managed and not model._meta.proxy
    }


def _shape(url: str) -> str:
    parts = urlsplit(url)
    return re.sub(r"\d+", "N", parts.path) + "?" + ",".join(sorted(k for k, _v in parse_qsl(parts.query)))


def _local(href: str, base: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    path = parts.path or urlsplit(base).path
    if not path.startswith("/"):
        path = urlsplit(base).path.rsplit("/", 1)[0] + "/" + path
    url = path + (f"?{parts.query}" if parts.query else "")
    return None if SKIPPED.search(path) else url


class Walk:
    """One role's walk: pages, their bad-input variants and forms; problems are collected, not raised."""

    def __init__(self, client: Client, role: str, user: User | None):
        self.client, self.role, self.user = client, role, user
        self.problems: list[str] = []
        self.shapes: dict[str, int] = {}
        self.sent_forms: set[str] = set()
        self.pages = 0

    def request(self, method: str, url: str, data=None):
        try:
            response = getattr(self.client, method)(url, data or {})
        except Exception as exc:  # the test client re-raises what the view raised: a 500
            self.problems.append(f"{self.role}: {method.upper()} {url} raised {type(exc).__name__}: {exc}"[:300])
            return None
        if response.status_code >= 500:
            self.problems.append(f"{self.role}: {method.upper()} {url} answered {response.status_code}")
        return response

    def run(self, start: list[str]) -> None:
        queue = deque(start)
        while queue and self.pages < MAX_PAGES_PER_ROLE:
            url = queue.popleft()
            shape = _shape(url)
            if self.shapes.get(shape, 0) >= PAGES_PER_SHAPE:
                continue
            self.shapes[shape] = self.shapes.get(shape, 0) + 1
            self.pages += 1
            response = self.request("get", url)
            if response is None:
                continue
            if response.status_code in (301, 302) and (target := _local(response["Location"], url)):
                queue.append(target)
                continue
            if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
                continue
            if self.shapes[shape] == 1:
                self.bad_urls(url)
            parser = PageParser(url)
            parser.feed(response.content.decode("utf-8", "replace"))
            queue.extend(target for href in parser.links if (target := _local(href, url)))
            for form in parser.forms:
                self.submit(form, url)

    def bad_urls(self, url: str) -> None:
        """The same page with each query value and the last id in its path replaced by bad input."""
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True)
        if query:
            bad = [(key, _pick(url, key)) for key, _value in query]
            self.request("get", f"{parts.path}?{urlencode(bad)}")
        if re.search(r"/\d+/", parts.path):  # an id past 64 bits (SQLite refuses to bind it)
            self.request("get", re.sub(r"/\d+/(?=\D*$)", f"/{2**63}/", parts.path, count=1))

    def submit(self, form: Form, page_url: str) -> None:
        action = _local(form.action, page_url)
        if (
            action is None
            or _shape(action) + form.method in self.sent_forms
            or len(self.sent_forms) >= MAX_FORMS_PER_ROLE
        ):
            return
        self.sent_forms.add(_shape(action) + form.method)
        for round_number in range(ROUNDS):
            if self.user is not None:
                self.client.force_login(self.user)  # a submitted form may have changed the session
            data = _bad_data(form, round_number)
            if form.method != "post":
                self.request("get", action, {k: v for k, v in data.items() if isinstance(v, str)})
                continue
            before = _row_counts()
            response = self.request("post", action, data)
            if response is None or response.status_code != 200:
                continue
            html = response.content.decode("utf-8", "replace")
            if any(marker in html for marker in ERROR_MARKERS):
                after = _row_counts()
                written = {label: after[label] - count for label, count in before.items() if after[label] != count}
                if written:
                    self.problems.append(f"{self.role}: refused POST {action} still wrote {written}")


@pytest.fixture
def demo(settings):
    call_command("seed_demo", stdout=io.StringIO())
    # Every form is sent many times from one address; the rate limits would answer 429 instead of the form.
    settings.ACCOUNT_RATE_LIMITS = False
    settings.COURSES_SUBSCRIBE_RATE_LIMITS = {"per_ip": 10**9, "per_presentation": 10**9}


def test_no_page_or_form_answers_500_and_a_refused_form_writes_nothing(demo):
    problems = []
    visitor = Walk(Client(), "visitor", None)
    visitor.run(["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"])
    problems += visitor.problems
    # One account per set of roles: the three seats (and the two students) see the same kinds of pages.
    accounts = {tuple(sorted(account.roles)) + (account.is_staff,): account for account in DEMO_ACCOUNTS}
    for account in accounts.values():
        user = User.objects.get(email=account.email)
        walk = Walk(Client(), account.key, user)
        walk.client.force_login(user)
        walk.run(["/", "/dashboard/", "/accounts/email/", "/admin/" if user.is_staff else "/"])
        problems += walk.problems
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("bad_id", ["²³", "x", "9999-12-31", str(2**70)])
def test_committee_seat_form_with_ids_that_are_not_ids_answers_with_the_form_again(client, bad_id):
    admin = UserFactory(is_staff=True, is_superuser=True)
    ensure_totp_secret(admin)
    client.force_login(admin)
    response = client.post(
        reverse("admin:users_committeeseat_add"), {"region": bad_id, "user": bad_id, "kind": "deputy"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not CommitteeSeat.objects.exists()


def test_a_nul_character_in_the_query_string_is_refused_not_a_500(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    ensure_totp_secret(admin)
    client.force_login(admin)
    assert client.get(reverse("admin:courses_kpisubmission_changelist"), {"q": "a\x00b"}).status_code == 400
    assert client.get(reverse("admin:courses_kpisubmission_changelist"), {"q": "ab"}).status_code == 200


@pytest.mark.parametrize("selected", [str(2**63), "9" * 40, "²", "abc", "-1"])
def test_an_admin_action_on_a_selected_row_that_is_not_an_id_is_refused_not_a_500(client, selected):
    admin = UserFactory(is_staff=True, is_superuser=True)
    ensure_totp_secret(admin)
    client.force_login(admin)
    enrolments = reverse("admin:courses_enrolment_changelist")
    response = client.post(enrolments, {"action": "accept_requests", ACTION_CHECKBOX_NAME: [selected]})
    assert response.status_code == 400
    assert "not rows of this list" in response.content.decode()
    assert client.post(enrolments, {"action": "accept_requests", ACTION_CHECKBOX_NAME: ["1"]}).status_code == 302
