"""Enqueueing Celery tasks from services.

The database row is always the record of the work; publishing a message is only a hint
that a worker may pick it up now. So a task is published after the transaction commits,
and a broker that is down never turns the caller's request into an error: the periodic
sweepers find the pending rows later. After a failed publish the process leaves the broker
alone for a short pause (`coopportal.outages`), so a hung broker costs one request one short
timeout, not every request (nor every task of a request) its own.
"""

import logging
import smtplib
from functools import partial

from celery import Task
from django.db import InterfaceError as DatabaseInterfaceError
from django.db import OperationalError as DatabaseOperationalError
from django.db import transaction
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .outages import BROKER_OUTAGES

logger = logging.getLogger(__name__)

BROKER_ERRORS = (KombuOperationalError, RedisError, ConnectionError, OSError)

# What a task may retry: a service that is away or busy (database connection or lock, Redis, the
# broker, the mail server's connection). Anything else (a template or programming error) will
# fail the same way again, so the task records it instead.
TRANSIENT_TASK_ERRORS = (
    DatabaseOperationalError,
    DatabaseInterfaceError,
    RedisConnectionError,
    RedisTimeoutError,
    KombuOperationalError,
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
    ConnectionError,
    TimeoutError,
)


def describe_error(exc: Exception) -> str:
    """The error as a row keeps it for the admin: its type and message, within the column."""
    return f"{type(exc).__name__}: {exc}"[:2000]


def publish(task: Task, *args, **kwargs) -> bool:
    """Send the task now; return False (and log) when the broker cannot be reached or failed just now."""
    broker = task.app.conf.broker_url
    if BROKER_OUTAGES.resting(broker):
        return False
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except BROKER_ERRORS as exc:
        if not task.app.conf.task_always_eager:  # an eager task's own error says nothing of the broker
            BROKER_OUTAGES.mark_down(broker)
        logger.warning("Broker unreachable, %s left for the sweeper: %s", task.name, exc)
        return False
    BROKER_OUTAGES.mark_up(broker)
    return True


def enqueue_on_commit(task: Task, *args, **kwargs) -> None:
    """Publish the task once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(publish, task, *args, **kwargs))
