"""The embedded default (SQLite in WAL mode, immediate transactions, a busy timeout) under concurrent
writes: ten simultaneous sign-ups are all stored, none answers 500 "database is locked"."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ten_concurrent_sign_ups_on_the_embedded_sqlite_are_all_stored(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "coopportal.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SMS_BACKEND": "coopportal.sms.backends.locmem.SmsBackend",
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.coopportal.sqlite_writers"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["statuses"] == [302] * 10, result.stderr[-3000:]
    assert outcome["sign_ups"] == 10
