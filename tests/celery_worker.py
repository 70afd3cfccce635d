"""Start a real Celery worker process against the test database and a Redis broker, and a private
redis-server for it (so the machine's shared Redis is never touched, let alone stopped)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import environ
import redis
from django.db import connection

from coopportal.celery import app as celery_app
from coopportal.outages import BROKER_OUTAGES

ROOT = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    """DATABASE_URL pointing at the database pytest-django created for this run."""
    parsed = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    host, port, user = parsed.get("HOST") or "127.0.0.1", parsed.get("PORT") or 5432, parsed.get("USER") or "postgres"
    password = f":{parsed['PASSWORD']}" if parsed.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{connection.settings_dict['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, *, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


@contextmanager
def redis_server(port: int):
    """A private redis-server on `port` until the block ends (stopped by its pid); yields the Popen object."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is needed for the worker and fault tests"
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port, socket_connect_timeout=0.5)
    try:
        wait_for(lambda: _pings(client), timeout=10, what="redis-server to start")
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGCONT)  # in case a test left it paused
            proc.terminate()
            proc.wait(timeout=10)
        client.close()


@contextmanager
def own_redis(port: int):
    """A private redis-server for this test only; yields its URL."""
    with redis_server(port):
        yield f"redis://127.0.0.1:{port}/0"


def _pings(client) -> bool:
    try:
        return client.ping()
    except redis.exceptions.ConnectionError:
        return False


def reset_publisher():
    """Forget this process's broker connections and failures (after pointing it elsewhere, or a restart).
    Only this app's references are dropped: the pools live in kombu's global registry (per broker URL)
    and other code (the control mailbox) keeps using them, so they must not be closed here."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    BROKER_OUTAGES.clear()


@contextmanager
def app_broker(url: str):
    """Point this process's publisher (the web side) at `url`."""
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = url
    reset_publisher()
    try:
        yield
    finally:
        celery_app.conf.broker_url = previous
        reset_publisher()


@contextmanager
def running_worker(
    *,
    broker_url: str | None = None,
    pool: str = "prefork",
    concurrency: int = 1,
    extra_env=None,
    beat: bool = False,
):
    """Run `celery worker` in a subprocess until the block ends; yields the Popen object. With `beat`, the
    worker runs the periodic sweepers too, as `make worker` does."""
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
    schedule = tempfile.TemporaryDirectory()
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
            *(["--beat", f"--schedule={schedule.name}/beat-schedule"] if beat else []),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    proc.worker_name = name
    try:
        _wait_until_ready(name, proc, broker_url)
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()
        schedule.cleanup()


@contextmanager
def running_beat(*, broker_url: str, extra_env=None):
    """Run `celery beat` (the periodic sweepers) in a subprocess until the block ends."""
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": broker_url,
        "CELERY_BROKER_URL": broker_url,
        **(extra_env or {}),
    }
    log = open(os.environ.get("CELERY_TEST_WORKER_LOG", os.devnull), "ab")  # noqa: SIM115
    with log, tempfile.TemporaryDirectory() as schedule:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "coopportal", "beat", f"--schedule={schedule}/beat-schedule"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield proc
        finally:
            proc.terminate()
            proc.wait(timeout=15)


def _wait_until_ready(name: str, proc: subprocess.Popen, broker_url: str, timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    with celery_app.connection_for_write(broker_url) as conn:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"celery worker exited with {proc.returncode}")
            if celery_app.control.ping(destination=[name], timeout=0.5, connection=conn):
                return
    raise RuntimeError("celery worker did not answer a ping in time")
