#!/usr/bin/env python3
"""Festival-day load: 50 phones on the heritage pages plus the kiosk, against the real server and,
as the physical reference, against the static export served by a plain static file server.

Phones pause 0.2–1.5 s between requests (people read); each phone loads pages and the photos
and CSS they link to. Traffic goes to 127.0.0.1 only; every loop ends with its time limit.
Prints a table; not a test.

    .venv/bin/python bench/load.py [--seconds 60] [--phones 50]
"""

from __future__ import annotations

import argparse
import http.client
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.kiosk_load import peak_rss_mb, percentile  # noqa: E402
from bench.server import ROOT, free_port, start  # noqa: E402

# The reference: Python's own threaded static file server, with keep-alive (HTTP/1.1) and a
# listen backlog that 50 phones do not overflow (the default of 5 would add 1 s SYN retries).
STATIC_SERVER = """
import functools, http.server, sys
class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 128
handler = functools.partial(Handler, directory=sys.argv[2])
Server(("127.0.0.1", int(sys.argv[1])), handler).serve_forever()
"""
LINK = re.compile(r'(?:href|src|srcset)="([^"]+)"')


def fetch(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.read()


def crawl(port: int, start_path: str, limit: int = 60) -> list[str]:
    """Same-origin pages and assets reachable from start_path (what a phone could load)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    seen, queue, found = set(), [start_path], []
    while queue and len(found) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        status, body = fetch(conn, path)
        if status != 200:
            continue
        found.append(path)
        if path.endswith((".html", "/")) or "." not in path.rsplit("/", 1)[-1]:
            for raw in LINK.findall(body.decode("utf-8", "replace")):
                for part in raw.split(","):
                    url = urljoin(path, part.strip().split(" ")[0])
                    parts = urlsplit(url)
                    if not parts.netloc and parts.path.startswith("/") and "/admin" not in url:
                        queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    conn.close()
    return found


def run_load(port: int, pages: list[str], kiosk: list[str], seconds: float,
             phones: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(paths: list[str], pause: tuple[float, float], seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        while time.perf_counter() < deadline:
            path = rng.choice(paths)
            began = time.perf_counter()
            try:
                status, _ = fetch(conn, path)
                if status >= 400:
                    errors[0] += 1
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            mine.append((time.perf_counter() - began) * 1000)
            time.sleep(rng.uniform(*pause))
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(pages, (0.2, 1.5), i)) for i in range(phones)]
    if kiosk:
        threads.append(threading.Thread(target=client, args=(kiosk, (1.0, 3.0), 999)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"requests": len(latencies), "rps": len(latencies) / seconds,
            "p50": statistics.median(latencies), "p99": percentile(latencies, 0.99),
            "max": max(latencies), "errors": errors[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--phones", type=int, default=50)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}; {args.phones} phones + 1 kiosk, {args.seconds:.0f} s")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        server = start(Path(tmp) / "data")
        port = int(server.url.rsplit(":", 1)[1])
        try:
            pages = crawl(port, "/heritage/")
            kiosk = [p for p in crawl(port, "/", 40) if p.startswith("/guides/")]
            result = run_load(port, pages, kiosk, args.seconds, args.phones)
            result["rss"] = peak_rss_mb(server.process.pid) or 0.0
            rows.append(("kiosk server (waitress)", len(pages), result))
        finally:
            server.stop()
        export = Path(tmp) / "site"
        subprocess.run([sys.executable, "-c", "from kiosk.cli import main; main()", "--data",
                        str(Path(tmp) / "data"), "export-site", str(export)], check=True,
                       cwd=ROOT, capture_output=True)
        static_port = free_port()
        static = subprocess.Popen([sys.executable, "-c", STATIC_SERVER, str(static_port),
                                   str(export)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(1.0)
            pages = crawl(static_port, "/index.html")
            result = run_load(static_port, pages, [], args.seconds, args.phones)
            result["rss"] = peak_rss_mb(static.pid) or 0.0
            rows.append(("static export (stdlib server)", len(pages), result))
        finally:
            static.terminate()
            static.wait()
    print(f"{'target':30} {'urls':>4} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'max ms':>7} {'errors':>6} {'RSS MB':>7}")
    for name, urls, r in rows:
        print(f"{name:30} {urls:>4} {r['requests']:>8} {r['rps']:>7.1f} {r['p50']:>7.2f} "
              f"{r['p99']:>7.2f} {r['max']:>7.1f} {r['errors']:>6} {r['rss']:>7.1f}")
    if len(rows) == 2:
        live, ref = rows[0][2], rows[1][2]
        print(f"ratio server/static: p50 {live['p50'] / ref['p50']:.2f}×, "
              f"p99 {live['p99'] / ref['p99']:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
