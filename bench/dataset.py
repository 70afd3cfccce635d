"""Build the benchmark data set once (later runs find it and only report its size).

Run by bench/run.py as `python -m bench.dataset` in the bench environment; prints a JSON summary.
"""

import io
import json

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from coopportal.users.models import User  # noqa: E402


def build() -> dict[str, int]:
    call_command("seed_demo", stdout=io.StringIO())
    return {"users": User.objects.count()}


if __name__ == "__main__":
    print(json.dumps(build()))
