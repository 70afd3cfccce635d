import io
import re
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.core.management import call_command

from coopportal.users.demo import DEMO_ACCOUNTS
from coopportal.users.models import User

pytestmark = pytest.mark.django_db


def _snapshot():
    """Every row of every project model, so a second run can be compared with the first."""
    rows = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label in ("sessions", "admin", "contenttypes", "pghistory"):
            continue
        rows[model._meta.label] = sorted(map(repr, model.objects.order_by("pk").values()))
    return rows


def test_seed_demo_creates_one_account_per_role_and_prints_logins():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    emails = {account.email for account in DEMO_ACCOUNTS}
    assert set(User.objects.filter(email__in=emails).values_list("email", flat=True)) == emails
    printed = out.getvalue()
    assert "student@demo.local" in printed and "coop-demo-2026" in printed
    assert "TOTP secret:" in printed
    hq = User.objects.get(email="hq@demo.local")
    assert Authenticator.objects.filter(user=hq, type=Authenticator.Type.TOTP).exists()
    assert not Authenticator.objects.filter(user__email="student@demo.local").exists()


def test_seed_demo_twice_leaves_the_same_rows():
    call_command("seed_demo", stdout=io.StringIO())
    first = _snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert _snapshot() == first


def test_seed_demo_password_option_sets_the_demo_password():
    call_command("seed_demo", "--password", "another-demo-pass-77", stdout=io.StringIO())
    assert User.objects.get(email="teacher@demo.local").check_password("another-demo-pass-77")


def test_seed_demo_gives_the_demo_accounts_the_languages_the_readme_lists():
    call_command("seed_demo", stdout=io.StringIO())
    languages = dict(User.objects.filter(email__endswith="@demo.local").values_list("email", "language"))
    students = {languages["student@demo.local"], languages["student2@demo.local"]}
    assert students == {"ru", "kk"}  # one student reads Russian, the other Kazakh
    iran = ["officer", "seat-deputy", "seat-director", "seat-comptroller", "hq"]
    assert {languages[f"{key}@demo.local"] for key in iran} == {"fa"}
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    rows = {
        "`student@demo.local`, `student2@demo.local`": "Russian, Kazakh",
        "`officer@demo.local`": "Persian",
        "`seat-deputy@demo.local`, `seat-director@demo.local`, `seat-comptroller@demo.local`": "Persian",
        "`hq@demo.local`": "Persian",
    }
    for logins, language in rows.items():
        assert re.search(rf"^\| {re.escape(logins)} \|.*\| {language} \|$", readme, re.M), logins
