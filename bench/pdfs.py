"""PDF figures for the benchmark suite: `bench/run.py` runs `python -m bench.pdfs --count N`.

The measurements are bench/certificates.py's (see its docstring), plus the yardstick of the
background target: `--count` times one certificate render (the median of the interleaved single
renders) divided by the worker's processes; the worker should make `--count` issued certificates
(timed from the moment it resumes its queue to the last PDF ready) in at most 1.3x that. Prints the
lines as the one JSON object the suite reads from the last line of output.
"""

import argparse
import json
import re

from bench.certificates import run

TARGET = 1.3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    lines, exact, certificate_render = run(count=args.count, concurrency=args.concurrency)
    yardstick = args.count * certificate_render / args.concurrency
    ready = re.search(r"all PDFs ready ([\d.]+) s after", " ".join(lines))
    lines.append(
        f"{args.count} x one certificate render ({certificate_render * 1000:.1f} ms) / {args.concurrency} worker "
        f"processes = {yardstick:.1f} s"
    )
    if ready:
        ratio = float(ready.group(1)) / yardstick
        verdict = "OK" if ratio <= TARGET else "ABOVE TARGET"
        lines.append(
            f"{args.count} certificates through the worker / that yardstick: {ratio:.2f}x "
            f"(target <= {TARGET}x: {verdict})"
        )
    print(json.dumps({"lines": lines, "exactly_count_valid_pdfs": exact}))


if __name__ == "__main__":
    main()
