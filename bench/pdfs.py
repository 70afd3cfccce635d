"""The PDF part of the benchmark suite, in the bench environment (run by bench/run.py).

    python -m bench.pdfs [--count 500] [--concurrency 2]

1. A minimal WeasyPrint document against our certificate, rendered in this process, interleaved
   (bench/certificates.py); the target is the certificate at most 2x the minimal document.
2. `--count` sequential minimal renders, timed, as the yardstick of the background target.
3. `--count` certificates issued through the service and rendered by a real Celery worker with
   `--concurrency` processes; the target is at most 1.5x the sequential minimal renders divided by
   the worker processes.
Prints the lines for BENCHMARKS.md as JSON ({"lines": [...]}) on its last line of output.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    media = tempfile.mkdtemp(prefix="bench-pdfs-")
    os.environ["MEDIA_ROOT"] = media

    import django

    django.setup()
    from weasyprint import HTML

    from bench.certificates import render_samples, throughput

    samples = render_samples()
    best = {name: min(values) for name, values in samples.items()}
    median = {name: statistics.median(values) for name, values in samples.items()}
    single_ratio = best["certificate"] / best["minimal"]

    start = time.perf_counter()
    for _ in range(args.count):
        HTML(string="<p>Hello</p>").write_pdf()
    sequential = time.perf_counter() - start

    result = throughput(count=args.count, concurrency=args.concurrency, media=media, quiet=True)
    yardstick = sequential / args.concurrency
    bulk_ratio = result["elapsed"] / yardstick
    lines = [
        f"Minimal WeasyPrint document (`<p>Hello</p>`): best {best['minimal'] * 1000:.1f} ms, "
        f"median {median['minimal'] * 1000:.1f} ms (in process, {len(samples['minimal'])} renders interleaved).",
        f"Our certificate (template, shipped fonts, QR code, Cyrillic/Kazakh name): best "
        f"{best['certificate'] * 1000:.1f} ms, median {median['certificate'] * 1000:.1f} ms.",
        f"Certificate / minimal: **{single_ratio:.2f}×** on the best runs "
        f"({median['certificate'] / median['minimal']:.2f}× on the medians); target at most 2× — "
        f"{'met' if single_ratio <= 2 else 'missed'}.",
        f"{args.count} sequential minimal renders: {sequential:.1f} s; divided by {args.concurrency} worker "
        f"processes: {yardstick:.1f} s.",
        f"{args.count} certificates issued ({result['issued']:.1f} s) and rendered by a real Celery worker "
        f"with {args.concurrency} processes: all PDFs ready after {result['elapsed']:.1f} s "
        f"({args.count / result['elapsed']:.1f} documents/s); {result['valid']} valid PDFs, "
        f"{'exactly one per certificate' if result['exact'] else 'NOT one per certificate'}.",
        f"Bulk / yardstick: **{bulk_ratio:.2f}×**; target at most 1.5× — {'met' if bulk_ratio <= 1.5 else 'missed'}.",
    ]
    print(json.dumps({"lines": lines}))
    sys.exit(0 if result["exact"] else 1)


if __name__ == "__main__":
    main()
