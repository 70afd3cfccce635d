"""The three modes of coopportal.settings, each read in one fresh interpreter of its own."""

import functools
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The browser journeys' conftest allows async-unsafe ORM calls in the test process; a deployment must not.
UNSET = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SETTINGS_MODULE",
    "CREDENTIAL_SIGNING_KEYS",
    "CREDENTIAL_SIGNING_KEYS_FILE",
)
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in UNSET}
PRODUCTION = {"DJANGO_PRODUCTION": "true", "ALLOWED_HOSTS": "portal.example.org"}

# Run in the fresh interpreter: the settings asked for (as repr), and in production the deploy checks
# and whether seed_demo refuses.
PROBE = """
import io, json, sys
import django
django.setup()
from django.conf import settings
from django.core.management import CommandError, call_command
out = {name: repr(eval("settings." + name)) for name in sys.argv[1:]}
if settings.PRODUCTION:
    report = io.StringIO()
    call_command("check", deploy=True, fail_level="WARNING", stdout=report)
    out["check --deploy"] = report.getvalue()
    try:
        call_command("seed_demo")
        out["seed_demo"] = "ran"
    except CommandError as refusal:
        out["seed_demo"] = str(refusal)
print(json.dumps(out))
"""
NAMES = (
    "DATABASES['default']['ENGINE']",
    "CELERY_TASK_ALWAYS_EAGER",
    "CELERY_BROKER_URL",
    "CACHES['default']['BACKEND']",
    "SESSION_ENGINE",
    "EMAIL_BACKEND",
    "DEBUG",
    "ROOT_URLCONF",
    "PASSWORD_HASHERS[0]",
    "CELERY_TASK_TIME_LIMIT",
    "CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout']",
    "CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS['visibility_timeout']",
    "CELERY_VISIBILITY_TIMEOUT",
    "DATABASES['default'].get('OPTIONS', {}).get('transaction_mode')",
    "DATABASES['default'].get('OPTIONS', {}).get('init_command')",
    "CACHES['default'].get('OPTIONS', {}).get('socket_timeout')",
    "CACHES['default'].get('OPTIONS', {}).get('socket_connect_timeout')",
    "CELERY_BROKER_TRANSPORT_OPTIONS['socket_timeout']",
    "CELERY_BROKER_TRANSPORT_OPTIONS['socket_connect_timeout']",
    "CELERY_BROKER_CONNECTION_TIMEOUT",
    "CELERY_REDIS_SOCKET_TIMEOUT",
    "CELERY_REDIS_SOCKET_CONNECT_TIMEOUT",
    "EMAIL_TIMEOUT",
)


def _run(*args, **env):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**CLEAN_ENV, "DJANGO_SETTINGS_MODULE": "coopportal.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@functools.cache
def _mode(**env) -> dict[str, str]:
    result = _run("-c", PROBE, *NAMES, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def embedded() -> dict[str, str]:
    return _mode()


def real_stack() -> dict[str, str]:
    return _mode(DATABASE_URL="postgres://postgres@127.0.0.1:5432/coopportal", REDIS_URL="redis://127.0.0.1:6379/0")


def _credential_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return (
        Ed25519PrivateKey.generate()
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )


def production() -> dict[str, str]:
    return _mode(**PRODUCTION, SECRET_KEY=secrets.token_urlsafe(64), CREDENTIAL_SIGNING_KEYS=_credential_key())


def test_embedded_default_uses_sqlite_eager_celery_console_email_and_debug():
    settings = embedded()
    assert "sqlite3" in settings["DATABASES['default']['ENGINE']"]
    assert settings["CELERY_TASK_ALWAYS_EAGER"] == "True"
    assert settings["EMAIL_BACKEND"] == "'django.core.mail.backends.console.EmailBackend'"
    assert settings["DEBUG"] == "True"


def test_real_stack_uses_postgres_a_redis_broker_and_cache_and_database_sessions():
    settings = real_stack()
    assert "postgresql" in settings["DATABASES['default']['ENGINE']"]
    assert settings["CELERY_TASK_ALWAYS_EAGER"] == "False"
    assert settings["CELERY_BROKER_URL"] == "'redis://127.0.0.1:6379/0'"
    assert settings["CACHES['default']['BACKEND']"] == "'coopportal.cache.FailoverRedisCache'"
    # A Redis outage signs nobody out: sessions are not in the cache.
    assert settings["SESSION_ENGINE"] == "'django.contrib.sessions.backends.db'"


def test_visibility_timeout_outlasts_the_longest_task_everywhere_celery_reads_it():
    settings = embedded()
    hard_limit = int(settings["CELERY_TASK_TIME_LIMIT"])
    assert int(settings["CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout']"]) > hard_limit
    assert int(settings["CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS['visibility_timeout']"]) > hard_limit
    assert int(settings["CELERY_VISIBILITY_TIMEOUT"]) > hard_limit


def test_production_refuses_to_start_without_a_real_secret_key():
    result = _run("manage.py", "check", **PRODUCTION)
    assert result.returncode != 0
    assert "needs a real SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_the_credential_signing_key():
    result = _run("manage.py", "check", **PRODUCTION, SECRET_KEY=secrets.token_urlsafe(64))
    assert result.returncode != 0
    assert "needs the credential signing key" in result.stderr


def test_production_refuses_to_start_with_an_unreadable_credential_signing_key():
    result = _run(
        "manage.py", "check", **PRODUCTION, SECRET_KEY=secrets.token_urlsafe(64), CREDENTIAL_SIGNING_KEYS="not a key"
    )
    assert result.returncode != 0
    assert "no Ed25519 private key" in result.stderr


def test_production_passes_check_deploy_without_warnings():
    assert "no issues" in production()["check --deploy"]


def test_production_settings_carry_no_benchmark_or_test_switches():
    settings = production()
    assert settings["ROOT_URLCONF"] == "'coopportal.urls'"
    assert "MD5" not in settings["PASSWORD_HASHERS[0]"]


def test_seed_demo_refuses_to_run_under_production():
    assert "does not run under DJANGO_PRODUCTION" in production()["seed_demo"]


def test_the_embedded_sqlite_takes_writes_one_at_a_time_in_wal_mode():
    settings = embedded()
    assert settings["DATABASES['default'].get('OPTIONS', {}).get('transaction_mode')"] == "'IMMEDIATE'"
    assert "journal_mode=WAL" in settings["DATABASES['default'].get('OPTIONS', {}).get('init_command')"]


def test_redis_and_mail_calls_time_out_quickly_on_the_real_stack():
    settings = real_stack()
    redis_timeouts = [
        "CACHES['default'].get('OPTIONS', {}).get('socket_timeout')",
        "CACHES['default'].get('OPTIONS', {}).get('socket_connect_timeout')",
        "CELERY_BROKER_TRANSPORT_OPTIONS['socket_timeout']",
        "CELERY_BROKER_TRANSPORT_OPTIONS['socket_connect_timeout']",
        "CELERY_BROKER_CONNECTION_TIMEOUT",
        "CELERY_REDIS_SOCKET_TIMEOUT",
        "CELERY_REDIS_SOCKET_CONNECT_TIMEOUT",
    ]
    assert {name: float(settings[name]) <= 0.5 for name in redis_timeouts} == dict.fromkeys(redis_timeouts, True)
    assert 0 < int(settings["EMAIL_TIMEOUT"]) <= 30
