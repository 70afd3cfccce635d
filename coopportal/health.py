from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .celery import app as celery_app


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    if hasattr(cache, "ping"):  # Redis behind the failover cache: ask Redis itself
        cache.ping()
        return "ok"
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return the value just written")
    return "ok"


def _broker() -> str:
    if celery_app.conf.task_always_eager:
        return "eager"
    with celery_app.connection_for_write() as conn:
        # One try within the broker's half-second timeouts: a hung broker must not hold the check.
        conn.ensure_connection(max_retries=0, timeout=1)
    return "ok"


LIVENESS = {"database": _database}
READINESS = {"database": _database, "cache": _cache, "broker": _broker}


def _report(checks: dict) -> JsonResponse:
    results = {}
    healthy = True
    for name, check in checks.items():
        try:
            results[name] = check()
        except Exception as exc:  # a health check reports every failure, whatever its kind
            results[name] = f"down: {exc.__class__.__name__}"
            healthy = False
    return JsonResponse({"status": "ok" if healthy else "down", "checks": results}, status=200 if healthy else 503)


@never_cache
@require_GET
@login_not_required
def live(request):
    """200 while the process answers and reaches its database: the container's health check. A cache or
    broker outage does not make web unhealthy (restarting it would not help)."""
    return _report(LIVENESS)


@never_cache
@require_GET
@login_not_required
def ready(request):
    """200 when the database, the cache and the broker answer; 503 naming what does not (readiness)."""
    return _report(READINESS)
