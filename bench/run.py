"""The benchmark suite: one command, `make bench` (or `python -m bench.run`).

Needs PostgreSQL and Redis running on 127.0.0.1 (override with BENCH_DATABASE_URL / BENCH_REDIS_URL).
It builds the large data set once (bench/dataset.py), serves the portal with gunicorn (2 workers,
production settings, Redis cache, sessions in PostgreSQL), drives every page with wrk at 32 connections next
to a bare "ok" view through the same setup (the ceiling), counts each page's SQL queries, times the
PDFs (bench/pdfs.py), and writes BENCHMARKS.md.
"""

import argparse
import datetime
import json
import os
import platform
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench import wrk

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8077
BASE_URL = f"http://127.0.0.1:{PORT}"


def bench_key_file() -> Path:
    """The benchmark's own credential signing key (production settings require one), made once."""
    path = ROOT / "bench" / "results" / "credential-signing-key.pem"
    if not path.exists():
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        path.write_bytes(key)
    return path


def bench_env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coopportal_bench"),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        "DJANGO_PRODUCTION": "true",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
        "CREDENTIAL_SIGNING_KEYS_FILE": str(bench_key_file()),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SITE_URL": BASE_URL,
        "MEDIA_ROOT": str(ROOT / "bench" / "results" / "media"),
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    ).stdout


def ensure_database(env) -> None:
    name = env["DATABASE_URL"].rsplit("/", 1)[1]
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def run_module(env, module: str, *args) -> dict:
    """Run `python -m bench.<module>` in the bench environment; it prints one JSON object last."""
    output = subprocess.run(
        [PYTHON, "-m", f"bench.{module}", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=True
    )
    sys.stderr.write(output.stderr)
    return json.loads(output.stdout.strip().splitlines()[-1])


class Gunicorn:
    def __init__(self, env):
        self.env = env
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "coopportal.wsgi:application", "--workers", "2", "--bind",
             f"127.0.0.1:{PORT}", "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning"],
            cwd=ROOT, env=self.env,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{BASE_URL}/healthz/ready", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not become healthy")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def check_status(path: str, cookie: str | None) -> int:
    request = urllib.request.Request(f"{BASE_URL}{path}", headers={"Cookie": cookie} if cookie else {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--pdf-count", type=int, default=500, help="certificates issued through the worker")
    parser.add_argument("--skip-pdfs", action="store_true")
    args = parser.parse_args(argv)

    env = bench_env()
    ensure_database(env)
    manage(env, "migrate", "--noinput", capture=True)
    manage(env, "collectstatic", "--noinput", capture=True)
    print("Building the data set (once) ...", flush=True)
    dataset = run_module(env, "dataset")
    targets = run_module(env, "targets")  # paths, sessions and query counts, measured in-process
    rows = []
    ceiling_url = f"{BASE_URL}{next(t['path'] for t in targets['pages'] if t['name'] == 'ceiling')}"
    with Gunicorn(env):
        for target in targets["pages"]:
            status = check_status(target["path"], target.get("cookie"))
            if status != target.get("expect", 200):
                raise RuntimeError(f"{target['name']}: {target['path']} answered {status}")
            headers = {"Cookie": target["cookie"]} if target.get("cookie") else {}
            script = str(ROOT / "bench" / target["script"]) if target.get("script") else None
            print(f"Load: {target['name']} ...", flush=True)
            result = wrk.run(
                f"{BASE_URL}{target['path']}",
                connections=args.connections,
                duration=args.duration,
                headers=headers,
                script=script,
            )
            row = {**target, "load": result}
            if target["name"] != "ceiling":
                # The machine's speed drifts within a run: each page is compared with a ceiling of its own,
                # measured right after it.
                row["ceiling"] = wrk.run(ceiling_url, connections=args.connections, duration=args.duration)
            rows.append(row)
    pdfs = None if args.skip_pdfs else run_module(env, "pdfs", "--count", str(args.pdf_count))
    write_report(rows, dataset, pdfs, args)


SHARE_TARGET = 0.15
P99_OVER_P50 = 3
CPU_TARGET_MS = 10
QUERY_TARGET = 10


def verdict(row, load, ceiling) -> str:
    checks = (
        ("share", load.requests_per_second >= SHARE_TARGET * ceiling.requests_per_second),
        ("p99", load.p99_ms <= P99_OVER_P50 * load.p50_ms),
        ("CPU", row.get("cpu_ms") is None or row["cpu_ms"] <= CPU_TARGET_MS),
        ("queries", (row.get("queries") or 0) <= QUERY_TARGET),
    )
    missed = [name for name, ok in checks if not ok]
    return "missed: " + ", ".join(missed) if missed else "met"


def write_report(rows, dataset, pdfs, args) -> None:
    load_average = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.date.today():%Y-%m-%d} by `make bench` on {os.cpu_count()} cores "
        f"({platform.processor() or platform.machine()}), Python {platform.python_version()}; "
        f"gunicorn with 2 workers, production settings, PostgreSQL (sessions too), Redis cache; "
        f"wrk with {args.connections} connections for {args.duration} s per page. "
        f"Load average when the report was written: {load_average} (the machine is shared).",
        "",
        "Data set: " + ", ".join(f"{count:,} {name}" for name, count in dataset.items()) + ".",
        "",
        "Each page is compared with the bare view measured for as long right after it (the ceiling "
        "beside it): the machine's speed drifts within a run.",
        "",
        "| page | CPU ms a request (in process) | SQL queries | requests/s | p50 ms | p99 ms "
        "| ceiling beside it, requests/s | share of ceiling | errors | targets |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        load = row["load"]
        ceiling = row.get("ceiling", load)
        queries = "–" if row.get("queries") is None else row["queries"]
        target = "–" if row["name"] == "ceiling" else verdict(row, load, ceiling)
        cpu = "–" if row.get("cpu_ms") is None else f"{row['cpu_ms']:.1f}"
        lines.append(
            f"| {row['label']} | {cpu} | {queries} | {load.requests_per_second:,.0f} | {load.p50_ms:.1f} | "
            f"{load.p99_ms:.1f} | {ceiling.requests_per_second:,.0f} | "
            f"{load.requests_per_second / ceiling.requests_per_second:.0%} | {load.errors} | {target} |"
        )
    lines += [
        "",
        f"Targets: each page at most {CPU_TARGET_MS} ms of CPU a request in process and at most "
        f"{QUERY_TARGET} SQL queries (the same at two data sizes: the tests assert it); through gunicorn at "
        f"{args.connections} connections at least {SHARE_TARGET:.0%} of the ceiling beside it, p99 at most "
        f"{P99_OVER_P50} x p50. No page is cached whole.",
    ]
    for row in rows:
        if row.get("after_write_ms") is not None:
            ok = "OK" if row["after_write_ms"] <= 300 else "ABOVE TARGET"
            lines += [
                "",
                f"{row['label']}: the first request after a write {row['after_write_ms']:,.1f} ms (median of 5, "
                f"computing the figures over every program; target <= 300 ms: {ok}); with its data cached "
                f"{row['cpu_ms']:.1f} ms of CPU (target <= 10 ms).",
            ]
    if pdfs:
        lines += ["", "## PDFs", ""]
        lines += [f"- {line}" for line in pdfs["lines"]]
    notes = ROOT / "bench" / "notes.md"
    if notes.exists():  # profiling findings and before/after, kept by hand next to the figures
        lines += ["", notes.read_text().strip()]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
