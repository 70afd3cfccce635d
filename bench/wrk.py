"""Drive a URL with wrk and read its figures."""

import re
import subprocess
from dataclasses import dataclass

UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # socket errors plus responses outside 2xx/3xx


def _latency_ms(text: str, percentile: str) -> float:
    match = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.MULTILINE)
    if not match:
        raise ValueError(f"no {percentile}% latency in wrk output:\n{text}")
    return float(match.group(1)) * UNIT_MS[match.group(2)]


def parse(text: str) -> LoadResult:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, socket.groups())) if socket else 0)
    return LoadResult(rps, _latency_ms(text, "50"), _latency_ms(text, "99"), requests, errors)


def run(
    url: str,
    *,
    connections: int,
    duration: int,
    threads: int = 2,
    headers: dict[str, str] | None = None,
    script: str | None = None,
) -> LoadResult:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True, timeout=duration + 60)
    return parse(output.stdout)
