import io
import os
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.utils import translation

from coopportal import sms
from coopportal.celery import app as celery_app
from tests.factories import UserFactory

USING_REDIS = bool(os.environ.get("REDIS_URL"))
USING_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))

requires_postgres = pytest.mark.skipif(not USING_POSTGRES, reason="needs PostgreSQL (DATABASE_URL)")
requires_worker_stack = pytest.mark.skipif(
    not (USING_REDIS and USING_POSTGRES), reason="needs a real Redis broker and PostgreSQL (REDIS_URL, DATABASE_URL)"
)


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    """Text messages stay in `coopportal.sms.outbox` during tests, as emails stay in `mail.outbox` (the
    live server runs in a thread of this process, so browser journeys read the same list)."""
    settings.SMS_BACKEND = "coopportal.sms.backends.locmem.SmsBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def sms_code_sent_to(phone: str) -> str:
    """The six-digit code of the latest text message to `phone`."""
    body = [m.body for m in sms.outbox if m.to == phone][-1]
    return re.search(r"\b(\d{6})\b", body).group(1)


# Sessions live in the database: a signed-in request reads its session with one query.
SESSION_QUERIES = 1


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as `make run` has it: migrated, then the theory content loaded from its files
    (migrations no longer load it). Transactional tests restore the rows serialised at setup, so the
    serialisation is taken again with the content in it."""
    with django_db_blocker.unblock():
        call_command("load_course_content", verbosity=0, stdout=io.StringIO())
        for connection in connections.all():
            if getattr(connection, "_test_serialized_contents", None) is not None:
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _isolated_media_and_fast_hashing(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    monkeypatch.setenv("MEDIA_ROOT", settings.MEDIA_ROOT)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _eager_celery_unless_worker(request):
    """Tasks run in process unless the test starts a real worker (marker `worker`)."""
    eager = request.node.get_closest_marker("worker") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in a user's language leaves it active in the thread; the next test starts afresh."""
    yield
    translation.deactivate()


@pytest.fixture
def user_factory(db):
    return UserFactory


def pytest_collection_modifyitems(items):
    """Transactional tests flush every table; restore the rows data migrations loaded
    (roles, regions, levels, reference data) afterwards, as a fresh database has them."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            item.add_marker(
                pytest.mark.django_db(*marker.args, **marker.kwargs, serialized_rollback=True), append=False
            )


@pytest.fixture(autouse=True)
def _own_credential_signing_key(settings, tmp_path):
    """Each test signs with a key generated into its own directory, never the repository's var/."""
    settings.CREDENTIAL_SIGNING_KEYS = ""
    settings.CREDENTIAL_SIGNING_KEYS_FILE = ""
    settings.CREDENTIAL_LOCAL_KEY_FILE = str(tmp_path / "credential-signing-key.pem")
