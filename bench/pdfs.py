"""PDF figures for the benchmark suite: `bench/run.py` runs `python -m bench.pdfs --count N`.

The measurements are bench/certificates.py's (see its docstring); this prints them as the one
JSON object the suite reads from the last line of output.
"""

import argparse
import json

from bench.certificates import run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    lines, exact = run(count=args.count, concurrency=args.concurrency)
    print(json.dumps({"lines": lines, "exactly_count_valid_pdfs": exact}))


if __name__ == "__main__":
    main()
