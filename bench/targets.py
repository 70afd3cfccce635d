"""The pages the suite loads: path, session cookie, SQL query count and CPU per request, measured
in-process (the median of CPU_SAMPLES requests through the test client, the same settings and data).

Run by bench/run.py as `python -m bench.targets`; prints JSON.
"""

import json
import statistics
import time

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from coopportal.users.demo import demo_user  # noqa: E402


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


CPU_SAMPLES = 50


def cpu_ms(request) -> float:
    """The median CPU milliseconds of this process per call of `request`."""
    samples = []
    for _ in range(CPU_SAMPLES):
        started = time.process_time()
        request()
        samples.append(time.process_time() - started)
    return round(statistics.median(samples) * 1000, 2)


def measure(path: str, user=None) -> tuple[int, float]:
    """The page's SQL queries and its median CPU milliseconds a request."""
    client = Client()
    if user is not None:
        client.force_login(user)
    client.get(path)  # warm caches the way a running server has them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries), cpu_ms(lambda: client.get(path))


def page(name: str, label: str, path: str, user=None) -> dict:
    queries, cpu = measure(path, user)
    return {
        "name": name,
        "label": label,
        "path": path,
        "cookie": session_cookie(user) if user else None,
        "queries": queries,
        "cpu_ms": cpu,
    }


def budget_after_write_ms(path: str, user) -> float:
    """The national report's first request after a write (the report data version raised): median wall
    milliseconds of 5, each computing the figures over the whole data set."""
    from procurement.reports import report_data_changed

    client = Client()
    client.force_login(user)
    client.get(path)
    samples = []
    for _ in range(5):
        report_data_changed()
        started = time.perf_counter()
        assert client.get(path).status_code == 200
        samples.append(time.perf_counter() - started)
    return round(statistics.median(samples) * 1000, 1)


def subscribe_post() -> dict:
    """The public subscribe POST of a presentation held now (made afresh each run), driven by
    bench/subscribe.lua with a CSRF secret of our own in the cookie and the form."""
    import os

    from django.urls import reverse
    from django.utils.crypto import get_random_string

    from bench.subscribe_burst import setup_presentation

    _pk, token = setup_presentation(dict(os.environ))
    path = reverse("courses:subscribe", args=[token])
    client = Client()
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        # A new person, as every request wrk sends is (bench/subscribe.lua).
        email = f"first-{get_random_string(12).lower()}@bench.example.org"
        response = client.post(path, {"name": "Bench Guest", "email": email, "consent": "on"})
    assert response.status_code == 201, response.status_code

    def sign_up():
        email = f"cpu-{get_random_string(12).lower()}@bench.example.org"
        assert client.post(path, {"name": "Bench Guest", "email": email, "consent": "on"}).status_code == 201

    secret = get_random_string(32)
    return {
        "name": "subscribe",
        "label": "subscribe POST (public)",
        "path": path,
        "cookie": f"{settings.CSRF_COOKIE_NAME}={secret}",
        "script": "subscribe.lua",
        "queries": len(queries),
        "cpu_ms": cpu_ms(sign_up),
    }


def targets() -> list[dict]:
    from accreditation.models import Certificate
    from courses.models import Lesson

    student, teacher = demo_user("student"), demo_user("teacher")
    lesson = Lesson.objects.order_by("section__order", "order").first()
    code = Certificate.objects.filter(number__startswith="BC-", revoked_at=None).order_by("pk")[1000].verification_code
    return [
        {**page("ceiling", "ceiling: bare Django view", "/bench/ceiling"), "queries": 0},
        page("home", "public home page", "/"),
        page("dashboard", "portal dashboard (student)", "/dashboard/", student),
        page("learn", "student dashboard (course)", "/learn/", student),
        page("lesson", "a lesson (student)", f"/learn/lessons/{lesson.slug}/", student),
        page(
            "review",
            "teacher review queue in the admin",
            "/admin/courses/kpisubmission/?status__exact=pending",
            teacher,
        ),
        page("verify", "certificate verification (public)", f"/verify/{code}/"),
        subscribe_post(),
        {
            **page("budget", "national budget dashboard (HQ)", "/budget/reports/national/", demo_user("hq")),
            "after_write_ms": budget_after_write_ms("/budget/reports/national/", demo_user("hq")),
        },
    ]


if __name__ == "__main__":
    print(json.dumps({"pages": targets()}))
