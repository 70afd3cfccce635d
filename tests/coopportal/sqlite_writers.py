"""Run by test_sqlite_concurrency.py in its own process, on a fresh SQLite file (the embedded default):
ten visitors post the public sign-up form at the same moment, each on its own thread and connection.
Prints one JSON object: the status of every answer and the sign-ups stored."""

import io
import json
import threading

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from courses.models import SignUp  # noqa: E402
from tests.courses.factories import CohortFactory, held_presentation, student_at, teacher  # noqa: E402

WRITERS = 10


def main() -> None:
    call_command("migrate", verbosity=0, stdout=io.StringIO())
    presentation = held_presentation(student_at(CohortFactory(teachers=[teacher()]), "familiar"), hours_ago=0)
    url = reverse("courses:subscribe", args=[presentation.subscribe_token])
    start, statuses = threading.Barrier(WRITERS), [None] * WRITERS

    def visitor(n: int) -> None:
        client = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")
        data = {"name": f"Guest {n}", "phone": f"+7701555{n:04d}", "email": "", "consent": "on"}
        start.wait()
        try:
            statuses[n] = client.post(url, data).status_code
        finally:
            close_old_connections()

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"statuses": statuses, "sign_ups": SignUp.objects.count()}))


if __name__ == "__main__":
    main()
