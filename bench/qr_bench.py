"""Benchmark payment-QR throughput on one core: payload + matrix, PNG and SVG per second.

Run: .venv/bin/python bench/qr_bench.py [N]   (default N = 2000 distinct payment codes)
Not a test: it prints a table to compare against the issue's target of >= 500 payload+matrix/s.
"""

from __future__ import annotations

import os
import platform
import random
import sys
import time
from importlib import metadata

from qr import banks, render, vietqr

TARGET = 500


def payment_cases(count: int, seed: int = 7) -> list[tuple[str, str, int | None, str | None]]:
    """Realistic shop codes: all banks, 8-14 digit accounts, half with an amount and message."""
    rng = random.Random(seed)
    bins = [b.bin for b in banks.all_banks()]
    cases = []
    for i in range(count):
        account = str(rng.randrange(10**7, 10**14))
        dynamic = i % 2 == 0
        cases.append((rng.choice(bins), account,
                      rng.randrange(1_000, 5_000_000) if dynamic else None,
                      f"Tien hang {i}" if dynamic else None))
    return cases


def rate(label: str, func, items) -> tuple[str, float]:
    render._matrix.cache_clear()  # measure real encoding, not cache hits
    start = time.perf_counter()
    for item in items:
        func(item)
    elapsed = time.perf_counter() - start
    return label, len(items) / elapsed


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    cases = payment_cases(count)
    payloads = [vietqr.payload(*case) for case in cases]
    rows = [
        rate("payload only", lambda c: vietqr.payload(*c), cases),
        rate("payload + matrix", lambda c: render.matrix(vietqr.payload(*c)), cases),
        rate("PNG (scale 8)", lambda p: render.to_png(p), payloads),
        rate("SVG", lambda p: render.to_svg(p), payloads),
    ]
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs,"
          f" qrcode {metadata.version('qrcode')}, Pillow {metadata.version('pillow')};"
          f" {count} distinct payment codes, one process")
    print(f"{'operation':<20} {'per second':>12}")
    for label, per_second in rows:
        print(f"{label:<20} {per_second:>12,.0f}")
    verdict = "meets" if rows[1][1] >= TARGET else "MISSES"
    print(f"payload + matrix {verdict} the target of {TARGET}/s")


if __name__ == "__main__":
    main()
