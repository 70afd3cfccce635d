"""Certificate PDFs: render cost and background throughput (a benchmark, not a test).

Run on the real stack, against a scratch database (it is migrated and gets bench rows) and a Redis
database nothing else uses (a test run's worker would purge or take its messages):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coop_bench REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/certificates.py [--count 500] [--concurrency 2]

In one run it
1. times a minimal WeasyPrint document ("<p>Hello</p>", default settings) and one of our
   certificates (template, shipped fonts, QR code; the certificate read from the database once, as
   the worker reads it once per document) in this process: 60 renders
   each, interleaved, after a warm-up; it prints the best and the median of each and judges the
   target (the certificate takes at most 2x the minimal document) on the best runs, the cost
   without interference from other processes;
2. starts a real Celery worker on Redis and PostgreSQL and waits until it answers (a production
   worker is already running when certificates are issued; its start is reported, not timed);
3. pauses the worker's queue, issues `--count` certificates through `issue_completion_certificate`
   (one transaction each; each commit enqueues its render) and times that alone;
4. resumes the queue and times the worker from then until the last PDF is ready: `--count`
   certificates through the worker on cores it does not share with the issuing (the background
   target compares this with sequential minimal renders, which share nothing either);
5. checks that exactly `--count` valid PDFs exist: one ready document per certificate, each file
   parses with pypdf and carries its certificate number.
Emails go to Django's in-memory backend in the worker; media to a temporary directory. The
run's pending documents are re-published every 30 s meanwhile, as the sweeper does in
production. `make bench` runs the same measurements through bench/pdfs.py.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def run(*, count: int, concurrency: int) -> tuple[list[str], bool, float]:
    """Both measurements; returns the report lines, whether exactly `count` valid PDFs exist and the
    median single certificate render in seconds."""
    media = tempfile.mkdtemp(prefix="bench-media-")
    os.environ["MEDIA_ROOT"] = media
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    lines, certificate_render = single_render_ratio()
    more, exact = throughput(count=count, concurrency=concurrency, media=media)
    return lines + more, exact, certificate_render


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    if not (os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")):
        print("Set DATABASE_URL (PostgreSQL, a scratch database) and REDIS_URL.", file=sys.stderr)
        return 2
    lines, exact, _render = run(count=args.count, concurrency=args.concurrency)
    print("\n".join(lines))
    return 0 if exact else 1


def _timings(renders: dict, runs: int = 60) -> dict[str, list[float]]:
    """Time the renders interleaved (so load from other processes hits both alike), after a warm-up."""
    for render in renders.values():
        render()
        render()
    samples = {name: [] for name in renders}
    for _ in range(runs):
        for name, render in renders.items():
            start = time.perf_counter()
            render()
            samples[name].append(time.perf_counter() - start)
    return samples


def single_render_ratio() -> tuple[list[str], float]:
    """The certificate render against a minimal document, and the credential's cost beside it. Returns
    the lines and the median certificate render in seconds (the 500-certificate yardstick's unit)."""
    from django.db import transaction
    from weasyprint import HTML

    from accreditation.credentials.issuing import ensure_credential
    from accreditation.models import Certificate, Credential
    from accreditation.rendering import CERTIFICATE, certificate_context
    from accreditation.services.certificates import issue_completion_certificate
    from coopportal.pdf import render_pdf
    from coopportal.users.models import User
    from courses.models import Course

    with transaction.atomic():
        holder = User.objects.create_user(email=f"bench-single-{uuid.uuid4().hex[:8]}@bench.local")
        holder.full_name = "Әлихан Нұрғали"
        holder.save(update_fields=["full_name"])
        course = Course.objects.get(slug="cooperative-entrepreneurship")
        certificate = issue_completion_certificate(holder=holder, course=course, issued_by=None)
        template, _, stylesheets = CERTIFICATE
        # A status list takes 65,536 entries, so it is opened once in that many credentials. Opened here
        # if the database has none yet (a first run), so that every run times the same common case
        # below; the opening is timed on its own after it.
        opener = issue_completion_certificate(holder=holder, course=course, issued_by=None)
        ensure_credential(certificate_id=opener.pk)

        def credential():
            # Made afresh each time inside a savepoint rolled back, as the task makes it once.
            sid = transaction.savepoint()
            ensure_credential(certificate_id=certificate.pk)
            transaction.savepoint_rollback(sid)

        samples = _timings(
            {
                "minimal": lambda: HTML(string="<p>Hello</p>").write_pdf(),
                "certificate": lambda: render_pdf(template, certificate_context(certificate), stylesheets=stylesheets),
                "credential": credential,
            }
        )
        opening = _list_openings(certificate.pk)
        transaction.set_rollback(True)  # the single-render rows are not kept
    assert Certificate.objects.filter(pk=certificate.pk).count() == 0
    assert not Credential.objects.filter(certificate_id=certificate.pk).exists()
    best = {name: min(values) for name, values in samples.items()}
    median = {name: statistics.median(values) for name, values in samples.items()}
    lines = [
        f"{name} PDF: best {best[name] * 1000:.1f} ms, median {median[name] * 1000:.1f} ms"
        for name in ("minimal", "certificate")
    ]
    # The best run is the cost without interference from other processes (as timeit advises).
    ratio = best["certificate"] / best["minimal"]
    verdict = "OK" if ratio <= 2 else "ABOVE TARGET"
    lines.append(
        f"certificate / minimal document: {ratio:.2f}x on the best runs, "
        f"{median['certificate'] / median['minimal']:.2f}x on medians (target <= 2x: {verdict})"
    )
    cost = median["credential"] * 1000
    lines.append(
        f"signed credential (built, signed, its status entry stored): best {best['credential'] * 1000:.1f} ms, "
        f"median {cost:.1f} ms (target <= 5 ms: {'OK' if cost <= 5 else 'ABOVE TARGET'})"
    )
    lines.append(
        f"the same credential when it opens a new status list (once in 65,536): best {min(opening) * 1000:.1f} ms, "
        f"median {statistics.median(opening) * 1000:.1f} ms"
    )
    return lines, median["certificate"]


def _list_openings(certificate_id: int, runs: int = 30) -> list[float]:
    """The credential's time when every list is full, so that it opens the next one (each in a savepoint
    rolled back; filling the lists is not timed)."""
    from django.db import transaction
    from django.db.models import F

    from accreditation.credentials.issuing import ensure_credential
    from accreditation.models import StatusList

    samples = []
    for _ in range(runs + 2):
        sid = transaction.savepoint()
        StatusList.objects.update(assigned=F("size") / 2)
        start = time.perf_counter()
        ensure_credential(certificate_id=certificate_id)
        samples.append(time.perf_counter() - start)
        transaction.savepoint_rollback(sid)
    return samples[2:]  # after a warm-up


def throughput(*, count: int, concurrency: int, media: str) -> tuple[list[str], bool]:
    from django.db import transaction
    from django.db.models import Max
    from pypdf import PdfReader

    from accreditation.models import Certificate, Document
    from accreditation.services.certificates import issue_completion_certificate
    from accreditation.tasks import render_document
    from coopportal.queueing import publish
    from coopportal.users.models import User
    from courses.models import Course

    run = uuid.uuid4().hex[:8]
    env = {
        **os.environ,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "MEDIA_ROOT": media,
    }
    from coopportal.celery import app as celery_app

    celery_app.control.purge()  # messages an earlier, interrupted run left in the queue
    log_path = Path(media) / "worker.log"
    log = log_path.open("wb")
    worker = subprocess.Popen(  # noqa: S603 (our own interpreter and fixed arguments)
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "coopportal",
            "worker",
            f"--concurrency={concurrency}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"bench-{run}@localhost",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    name = f"bench-{run}@localhost"
    queue = celery_app.conf.task_default_queue
    try:
        started = time.perf_counter()
        while not celery_app.control.ping(destination=[name], timeout=0.5):
            if worker.poll() is not None or time.perf_counter() - started > 120:
                return [f"{count} certificates: the worker did not start; its log: {log_path}"], False
        boot = time.perf_counter() - started
        celery_app.control.cancel_consumer(queue, destination=[name], reply=True)
        holders = User.objects.bulk_create(
            User(email=f"bench-{run}-{n}@bench.local", full_name=f"Bench Holder {n} Нұрғали") for n in range(count)
        )
        before = Document.objects.aggregate(last=Max("pk"))["last"] or 0
        course = Course.objects.get(slug="cooperative-entrepreneurship")
        start = time.perf_counter()
        ids = []
        for holder in holders:
            with transaction.atomic():  # one certificate per transaction, as a committee would issue them
                ids.append(issue_completion_certificate(holder=holder, course=course, issued_by=None).pk)
        issued = time.perf_counter() - start
        documents = Document.objects.filter(kind=Document.Kind.COMPLETION_CERTIFICATE, subject_id__in=ids)
        # Polled every 50 ms: a range of primary keys, not the 500 subject ids, whose query cost 6-8 ms
        # to build and plan each time, CPU taken from the worker being measured.
        polled = Document.objects.filter(pk__gt=before, pk__lte=documents.aggregate(last=Max("pk"))["last"])
        if polled.count() != count:
            return [f"{count} certificates: other documents were created meanwhile; run on a scratch database"], False
        start = time.perf_counter()
        celery_app.control.add_consumer(queue, destination=[name], reply=True)
        deadline = time.monotonic() + 60 + count
        next_sweep = time.monotonic() + 30
        while polled.filter(state=Document.State.READY).count() < count:
            if time.monotonic() > deadline or worker.poll() is not None:
                state = "stopped" if worker.poll() is not None else "timed out"
                return [f"{count} certificates: the worker {state}; its log: {log_path}"], False
            if time.monotonic() > next_sweep:  # what the sweeper does in production, for this run's rows only
                for pk in polled.filter(state=Document.State.PENDING).values_list("pk", flat=True):
                    publish(render_document, pk)
                next_sweep = time.monotonic() + 30
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()

    numbers = dict(Certificate.objects.filter(pk__in=ids).values_list("pk", "number"))
    valid = 0
    for document in documents:
        path = Path(media) / document.file.name
        reader = PdfReader(path)
        if path.read_bytes().startswith(b"%PDF") and numbers[document.subject_id] in reader.pages[0].extract_text():
            valid += 1
    files = list((Path(media) / "accreditation" / "documents").glob("*.pdf"))
    exact = documents.count() == valid == len(files) == count
    return [
        f"worker started and answering after {boot:.1f} s (not timed)",
        f"{count} certificates issued in {issued:.1f} s (one transaction each, the worker's queue paused)",
        f"{count} certificates through the worker: all PDFs ready {elapsed:.1f} s after it resumed the queue",
        f"throughput: {count / elapsed:.1f} documents/second with {concurrency} worker process(es)",
        f"documents: {documents.count()}, valid PDFs (parsed, number found): {valid}, files: {len(files)} "
        f"-> exactly {count}: {'OK' if exact else 'NO'}",
    ], exact


if __name__ == "__main__":
    sys.exit(main())
