"""Burst benchmark of the public subscribe page: a room of 300 people signs up the moment the QR code
goes on screen. Not a test; run it by hand:

    python -m bench.subscribe_burst [--people 300] [--duplicates 50]

Needs PostgreSQL and Redis on 127.0.0.1 (override with BENCH_DATABASE_URL / BENCH_REDIS_URL; the
default database is `coopportal_subscribe_bench`, created and migrated when missing). It

1. builds a cohort, a student at the publication level and a fresh presentation held now (through the
   services, as a real student would);
2. serves the portal with gunicorn (2 workers, production settings, Redis cache and sessions) as
   `bench.run` does;
3. lets `--people` clients open the page at once (each gets its CSRF cookie and token), then all post
   name, email and consent at the same moment, every one from 127.0.0.1 as a room on one Wi-Fi does;
4. sends `--duplicates` of those sign-ups again at once, which must be answered "already subscribed";
5. prints p50/p95/max latency of the sign-up POSTs, their throughput, the HTTP status counts, and the rows
   stored: exactly `--people` distinct subscribers linked to the presentation, none from the duplicates.

The last line of output is one JSON object with the figures.
"""

import argparse
import datetime
import json
import os
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from bench.run import BASE_URL, Gunicorn, bench_env, ensure_database, manage

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def setup_presentation(env) -> tuple[int, str]:
    """A publication-level presentation held now; returns (pk, subscribe token)."""
    os.environ.update(env)
    import django

    django.setup()
    from django.utils import timezone

    from coopportal.users.models import Region
    from coopportal.users.roles import Role
    from coopportal.users.services import ensure_user
    from courses import selectors, services
    from courses.models import Cohort, Level, LevelCode
    from courses.services.progress import open_level

    teacher, _ = ensure_user(
        email="bench-teacher@bench.local", password=uuid.uuid4().hex, full_name="Bench Teacher", roles=(Role.TEACHER,)
    )
    student, _ = ensure_user(
        email="bench-presenter@bench.local",
        password=uuid.uuid4().hex,
        full_name="Bench Presenter",
        roles=(Role.STUDENT,),
    )
    course = selectors.default_course()
    cohort, _ = Cohort.objects.get_or_create(
        course=course,
        name="Subscribe burst bench cohort",
        defaults={
            "region": Region.objects.get(code="kz-almaty"),
            "start_date": timezone.localdate(),
            "open_for_requests": True,
        },
    )
    cohort.teachers.add(teacher)
    enrolment = selectors.active_enrolment(student=student)
    if enrolment is None:
        # A teacher enrols only a student who asked to join.
        services.request_to_join(cohort=cohort, student=student)
        enrolment = services.enrol_student(cohort=cohort, student=student, actor=teacher)
    publication = Level.objects.get(course=course, code=LevelCode.PUBLICATION)
    open_level(enrolment=enrolment, level=publication, actor=teacher, reason="Benchmark set-up.")
    enrolment.refresh_from_db()
    presentation = services.record_presentation(
        enrolment=enrolment,
        presenter=student,
        held_at=timezone.now() - datetime.timedelta(minutes=5),
        topic="Subscribe burst benchmark",
    )
    return presentation.pk, presentation.subscribe_token


class Visitor:
    """One phone in the room: opens the page, then signs up."""

    def __init__(self, url: str, number: int, run: str):
        self.url = url
        self.email = f"guest{number}@{run}.bench.example.org"
        self.name = f"Bench Guest {number}"
        self.cookie = ""
        self.token = ""

    def open_page(self) -> None:
        with urllib.request.urlopen(self.url, timeout=60) as response:
            html = response.read().decode()
            cookies = response.headers.get_all("Set-Cookie") or []
        self.token = CSRF_INPUT.search(html).group(1)
        # The production cookie is Secure; over plain http the benchmark sends it back by hand.
        self.cookie = next(c.split(";", 1)[0] for c in cookies if c.startswith("csrftoken="))

    def sign_up(self) -> tuple[int, float]:
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": self.token, "name": self.name, "email": self.email, "consent": "on"}
        ).encode()
        request = urllib.request.Request(self.url, data=body, headers={"Cookie": self.cookie})
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        return status, time.perf_counter() - started


def burst(visitors: list[Visitor]) -> tuple[list[tuple[int, float]], float]:
    """Every visitor posts at the same moment; returns (status, seconds) per visitor and the wall time."""
    gate = threading.Barrier(len(visitors) + 1)

    def go(visitor):
        gate.wait()
        return visitor.sign_up()

    with ThreadPoolExecutor(max_workers=len(visitors)) as pool:
        futures = [pool.submit(go, v) for v in visitors]
        gate.wait()
        started = time.perf_counter()
        results = [f.result() for f in futures]
        wall = time.perf_counter() - started
    return results, wall


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--duplicates", type=int, default=50)
    args = parser.parse_args(argv)

    env = bench_env()
    env["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coopportal_subscribe_bench"
    )
    ensure_database(env)
    manage(env, "migrate", "--noinput", capture=True)
    manage(env, "collectstatic", "--noinput", capture=True)
    presentation_id, token = setup_presentation(env)
    url = f"{BASE_URL}/learn/s/{token}/"
    run = uuid.uuid4().hex[:8]
    visitors = [Visitor(url, n, run) for n in range(args.people)]

    with Gunicorn(env):
        with ThreadPoolExecutor(max_workers=50) as pool:
            list(pool.map(Visitor.open_page, visitors))
        results, wall = burst(visitors)
        duplicate_results, _ = burst(visitors[: args.duplicates]) if args.duplicates else ([], 0.0)

    from courses.models import PresentationSubscription, Subscriber

    latencies = [seconds * 1000 for _, seconds in results]
    stored = PresentationSubscription.objects.filter(presentation_id=presentation_id).count()
    distinct = Subscriber.objects.filter(email__endswith=f"@{run}.bench.example.org").count()
    figures = {
        "people": args.people,
        "gunicorn_workers": 2,
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1),
        "wall_s": round(wall, 2),
        "signups_per_s": round(args.people / wall, 1),
        "statuses": dict(Counter(status for status, _ in results)),
        "duplicate_statuses": dict(Counter(status for status, _ in duplicate_results)),
        "subscriptions_stored": stored,
        "distinct_subscribers_stored": distinct,
        "exactly_once": stored == args.people and distinct == args.people,
    }
    print(
        f"{args.people} simultaneous sign-ups through gunicorn (2 workers, production settings, "
        f"PostgreSQL, Redis): p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms; "
        f"{figures['signups_per_s']} sign-ups/s over {figures['wall_s']} s; statuses {figures['statuses']}; "
        f"{args.duplicates} duplicates answered {figures['duplicate_statuses']}; stored {stored} subscriptions, "
        f"{distinct} distinct subscribers."
    )
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    sys.exit(0 if main()["exactly_once"] else 1)
