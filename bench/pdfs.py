"""PDF figures for the benchmark suite: `bench/run.py` runs `python -m bench.pdfs --count N`.

The measurements are bench/certificates.py's (see its docstring), plus the yardstick of the
background target: `--count` sequential minimal WeasyPrint renders in this process; the worker
should make `--count` issued certificates (timed from the moment it resumes its queue to the last
PDF ready) in at most 1.5x that time divided by its processes. Prints the
lines as the one JSON object the suite reads from the last line of output.
"""

import argparse
import json
import re
import time

from bench.certificates import run


def sequential_minimal(count: int) -> float:
    from weasyprint import HTML

    HTML(string="<p>Hello</p>").write_pdf()  # warm-up: fonts and the first layout
    start = time.perf_counter()
    for _ in range(count):
        HTML(string="<p>Hello</p>").write_pdf()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    lines, exact = run(count=args.count, concurrency=args.concurrency)
    sequential = sequential_minimal(args.count)
    yardstick = sequential / args.concurrency
    ready = re.search(r"all PDFs ready ([\d.]+) s after", " ".join(lines))
    lines.append(
        f"{args.count} sequential minimal renders: {sequential:.1f} s; / {args.concurrency} worker processes = "
        f"{yardstick:.1f} s"
    )
    if ready:
        ratio = float(ready.group(1)) / yardstick
        verdict = "OK" if ratio <= 1.5 else "ABOVE TARGET"
        lines.append(
            f"{args.count} certificates through the worker / that yardstick: {ratio:.2f}x (target <= 1.5x: {verdict})"
        )
    print(json.dumps({"lines": lines, "exactly_count_valid_pdfs": exact}))


if __name__ == "__main__":
    main()
