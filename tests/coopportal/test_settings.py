"""The three modes of coopportal.settings, each checked in a fresh interpreter."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The browser journeys' conftest allows async-unsafe ORM calls in the test process; a deployment must not.
UNSET = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in UNSET}


def _run(*args, **env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**CLEAN_ENV, **env}, capture_output=True, text=True, timeout=120
    )


def _setting(name, **env):
    code = f"import django, os; django.setup(); from django.conf import settings; print(repr(settings.{name}))"
    result = _run("-c", code, DJANGO_SETTINGS_MODULE="coopportal.settings", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_embedded_default_uses_sqlite_eager_celery_console_email_and_debug():
    assert "sqlite3" in _setting("DATABASES['default']['ENGINE']")
    assert _setting("CELERY_TASK_ALWAYS_EAGER") == "True"
    assert _setting("EMAIL_BACKEND") == "'django.core.mail.backends.console.EmailBackend'"
    assert _setting("DEBUG") == "True"


def test_real_stack_uses_postgres_redis_broker_cache_and_sessions():
    env = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/coopportal", "REDIS_URL": "redis://127.0.0.1:6379/0"}
    assert "postgresql" in _setting("DATABASES['default']['ENGINE']", **env)
    assert _setting("CELERY_TASK_ALWAYS_EAGER", **env) == "False"
    assert _setting("CELERY_BROKER_URL", **env) == "'redis://127.0.0.1:6379/0'"
    assert "RedisCache" in _setting("CACHES['default']['BACKEND']", **env)
    assert _setting("SESSION_ENGINE", **env) == "'django.contrib.sessions.backends.cached_db'"


def test_visibility_timeout_outlasts_the_longest_task_everywhere_celery_reads_it():
    hard_limit = int(_setting("CELERY_TASK_TIME_LIMIT"))
    assert int(_setting("CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout']")) > hard_limit
    assert int(_setting("CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS['visibility_timeout']")) > hard_limit
    assert int(_setting("CELERY_VISIBILITY_TIMEOUT")) > hard_limit


def test_production_refuses_to_start_without_a_real_secret_key():
    result = _run("manage.py", "check", DJANGO_PRODUCTION="true", ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "needs a real SECRET_KEY" in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = _run(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_PRODUCTION="true",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_wsgi_application_loads_the_views_and_leaves_them_out_of_garbage_collection():
    code = (
        "import gc, sys; import coopportal.wsgi; "
        "print(gc.get_freeze_count() > 10000, 'courses.public_views' in sys.modules)"
    )
    result = _run("-c", code, DJANGO_SETTINGS_MODULE="coopportal.settings")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]
