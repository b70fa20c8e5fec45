#!/usr/bin/env python3
"""Kiosk load benchmark: cold start, latency p50/p99 and requests/s at 1, 8 and 32 clients, peak RSS.

Starts run_kiosk.py on a free loopback port with a fresh data directory (so it imports the shipped
content), then drives the home page and a step page with keep-alive HTTP clients for a fixed time.
Traffic goes to 127.0.0.1 only and every loop is bounded in time. Prints a table; not a test.

    .venv/bin/python bench/kiosk_load.py [--seconds 5] [--threads 8]
"""

from __future__ import annotations

import argparse
import http.client
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import start  # noqa: E402


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident memory (VmHWM), Linux only."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def keep_cookies(response: http.client.HTTPResponse, cookies: dict[str, str]) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]


def drive(port: int, path: str, clients: int, seconds: float) -> tuple[list[float], int]:
    """`clients` keep-alive connections requesting `path` until time is up; latencies in ms."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    deadline = time.perf_counter() + seconds

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        cookies: dict[str, str] = {}  # a touchscreen browser, keeping the cookies it is given
        conn.request("GET", "/attract")  # what marks the browser as the kiosk
        attract = conn.getresponse()
        attract.read()
        keep_cookies(attract, cookies)
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers={
                    "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())})
                response = conn.getresponse()
                response.read()
                keep_cookies(response, cookies)
                if response.status != 200:
                    errors[i] += 1
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            latencies[i].append((time.perf_counter() - began) * 1000)
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [x for per in latencies for x in per], sum(errors)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="per measurement (default 5)")
    parser.add_argument("--threads", type=int, default=8, help="server threads (default 8)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        server = start(Path(tmp) / "data", None, "--threads", str(args.threads))
        port = int(server.url.rsplit(":", 1)[1])
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port)
            conn.request("GET", "/")
            body = conn.getresponse().read().decode()
            slug = body.split('href="/guides/', 1)[1].split('"', 1)[0]
            pages = {"home /": "/", f"step /guides/{slug}/2": f"/guides/{slug}/2"}
            print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, "
                  f"Python {platform.python_version()}, server threads {args.threads}")
            print(f"cold start to first 200: {server.cold_start:.2f} s")
            print(f"{'page':34} {'clients':>7} {'requests':>9} {'req/s':>8} {'p50 ms':>8} "
                  f"{'p99 ms':>8} {'errors':>6}")
            for name, path in pages.items():
                drive(port, path, 4, 0.5)  # warm caches
                for clients in (1, 8, 32):
                    latencies, errors = drive(port, path, clients, args.seconds)
                    print(f"{name:34} {clients:>7} {len(latencies):>9} "
                          f"{len(latencies) / args.seconds:>8.0f} "
                          f"{statistics.median(latencies):>8.2f} {percentile(latencies, 0.99):>8.2f}"
                          f" {errors:>6}")
            rss = peak_rss_mb(server.process.pid)
            print(f"server peak RSS: {rss:.1f} MB" if rss else "server peak RSS: n/a")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
