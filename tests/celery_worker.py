"""Start a real Celery worker process against the test database and a Redis broker."""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import environ
from django.db import connection

from coopportal.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    """DATABASE_URL pointing at the database pytest-django created for this run."""
    parsed = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    host, port, user = parsed.get("HOST") or "127.0.0.1", parsed.get("PORT") or 5432, parsed.get("USER") or "postgres"
    password = f":{parsed['PASSWORD']}" if parsed.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{connection.settings_dict['NAME']}"


@contextmanager
def running_worker(*, broker_url: str | None = None, pool: str = "prefork", concurrency: int = 1, extra_env=None):
    """Run `celery worker` in a subprocess until the block ends; yields the Popen object."""
    broker_url = broker_url or os.environ["REDIS_URL"]
    name = f"test-{uuid.uuid4().hex[:8]}@localhost"
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": broker_url,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(Path(os.environ.get("MEDIA_ROOT", ROOT / "media"))),
        **(extra_env or {}),
    }
    with celery_app.connection_for_write(broker_url) as conn:
        celery_app.control.purge(connection=conn)  # messages left by an earlier run
    log = open(os.environ.get("CELERY_TEST_WORKER_LOG", os.devnull), "ab")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "coopportal",
            "worker",
            f"--pool={pool}",
            f"--concurrency={concurrency}",
            "-n",
            name,
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_until_ready(name, proc, broker_url)
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


def _wait_until_ready(name: str, proc: subprocess.Popen, broker_url: str, timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    with celery_app.connection_for_write(broker_url) as conn:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"celery worker exited with {proc.returncode}")
            if celery_app.control.ping(destination=[name], timeout=0.5, connection=conn):
                return
    raise RuntimeError("celery worker did not answer a ping in time")
