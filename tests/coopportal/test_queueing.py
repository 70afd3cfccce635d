import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PUBLISH_WITH_BROKER_DOWN = """
import time, django
django.setup()
from coopportal.queueing import publish
from coopportal.mail.tasks import send_outbound_email
started = time.monotonic()
sent = publish(send_outbound_email, 1)
print(sent, round(time.monotonic() - started, 1))
"""


def test_publishing_with_the_broker_down_returns_false_quickly_instead_of_raising():
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:1/0", "DJANGO_SETTINGS_MODULE": "coopportal.settings"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", PUBLISH_WITH_BROKER_DOWN], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    sent, seconds = result.stdout.split()
    assert sent == "False"
    assert float(seconds) < 10  # bounded by the publish retry policy, not by a TCP timeout
