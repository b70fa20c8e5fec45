#!/usr/bin/env python3
"""Kiosk load benchmark, as a ratio to bare Flask + waitress serving the same bytes in the same run.

Starts run_kiosk.py on a free loopback port with a fresh data directory (so it imports the shipped
content), fetches a kiosk step page (as the touchscreen, with its cookies), a heritage site page
and a shop page, then starts bench/reference.py serving exactly those bytes. Keep-alive clients
(threads of this process, a raw-socket client so that they cost the server's cores little) request
each page from both servers for a fixed time, at 1 and 32 clients. Prints one table with req/s,
p50, p99 and the throughput ratio kiosk ÷ reference, then the kiosk's cold start and peak RSS.
Traffic goes to 127.0.0.1 only and every loop is bounded in time. Not a test.

    .venv/bin/python bench/kiosk_load.py [--seconds 5] [--threads 8] [--clients 1 32]
"""

from __future__ import annotations

import argparse
import http.client
import platform
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import ROOT, free_port, start  # noqa: E402

TARGET_RATIO = 0.67
TARGET_P99_MS = 25.0
_LENGTH = re.compile(rb"(?i)\r\ncontent-length: *(\d+)")


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident memory (VmHWM), Linux only."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def get(port: int, path: str, cookie: str = "") -> tuple[int, bytes, list[str]]:
    """(status, body, Set-Cookie headers) of one plain GET."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body, response.headers.get_all("Set-Cookie") or []


def request_bytes(path: str, cookie: str) -> bytes:
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1"] + ([f"Cookie: {cookie}"] if cookie else [])
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def fetch(sock: socket.socket, request: bytes) -> int:
    """One keep-alive request/response on `sock`; returns the status."""
    sock.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    match = _LENGTH.search(head)
    length = int(match.group(1)) if match else 0
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        body += chunk
    return int(head[9:12])


def drive(port: int, request: bytes, clients: int, seconds: float) -> tuple[list[float], int]:
    """`clients` keep-alive connections sending `request` until time is up; latencies in ms."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    deadline = time.perf_counter() + seconds

    def connect(i: int) -> socket.socket:
        # Spread over 127.0.0.2-9 (all loopback on Linux): the server lets one address hold
        # only 20 connections (kiosk/serving.py), as it should for a phone.
        return socket.create_connection(("127.0.0.1", port), timeout=10,
                                        source_address=(f"127.0.0.{2 + i % 8}", 0))

    def worker(i: int) -> None:
        sock = connect(i)
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                status = fetch(sock, request)
            except OSError:
                errors[i] += 1
                sock.close()
                sock = connect(i)
                continue
            latencies[i].append((time.perf_counter() - began) * 1000)
            errors[i] += status != 200
        sock.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [x for per in latencies for x in per], sum(errors)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def kiosk_pages(port: int, data_dir: Path) -> dict[str, tuple[str, str, bytes]]:
    """name → (path, cookie, body) for a step page (as the touchscreen, cookies kept), a heritage
    site page and a shop page (its code read from the database the server made)."""
    _status, _body, set_cookies = get(port, "/attract")
    cookie = "; ".join(c.split(";", 1)[0] for c in set_cookies)
    home = get(port, "/", cookie)[1].decode()
    step = "/guides/" + home.split('href="/guides/', 1)[1].split('"', 1)[0] + "/2"
    _status, _body, visit = get(port, step, cookie)  # the visit cookie, as a browser keeps it
    cookie = "; ".join([cookie] + [c.split(";", 1)[0] for c in visit])
    heritage = get(port, "/heritage/")[1].decode()
    site = "/heritage/" + heritage.split('href="/heritage/', 1)[1].split('"', 1)[0]
    database = data_dir / "langso.sqlite3"
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        shop = "/s/" + conn.execute("SELECT code FROM shops ORDER BY code LIMIT 1").fetchone()[0]
    pages = {"kiosk step": (step, cookie), "heritage site": (site, ""), "shop": (shop, "")}
    return {name: (path, ck, get(port, path, ck)[1]) for name, (path, ck) in pages.items()}


def start_reference(tmp: Path, pages: dict[str, tuple[str, str, bytes]], threads: int):
    folder = tmp / "reference"
    folder.mkdir()
    for path, _cookie, body in pages.values():
        (folder / path.lstrip("/").replace("/", "__")).write_bytes(body)
    port = free_port()
    log = open(tmp / "reference.log", "w")  # noqa: SIM115 — closed with the process
    process = subprocess.Popen([sys.executable, str(ROOT / "bench" / "reference.py"), "--port",
                                str(port), "--pages", str(folder), "--threads", str(threads)],
                               stdout=log, stderr=subprocess.STDOUT)
    first = next(iter(pages.values()))[0]
    for _ in range(500):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{first}", timeout=1):
                return process, port
        except OSError:
            time.sleep(0.02)
    process.kill()
    raise RuntimeError((tmp / "reference.log").read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="per measurement (default 5)")
    parser.add_argument("--threads", type=int, default=8, help="server threads (default 8)")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 32])
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        server = start(data_dir, None, "--threads", str(args.threads))
        port = int(server.url.rsplit(":", 1)[1])
        reference = None
        try:
            pages = kiosk_pages(port, data_dir)
            reference, ref_port = start_reference(Path(tmp), pages, args.threads)
            print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, "
                  f"Python {platform.python_version()}, server threads {args.threads}, "
                  f"{args.seconds:g} s per row; ratio = kiosk req/s ÷ bare Flask + waitress req/s")
            print(f"{'page':14} {'bytes':>6} {'clients':>7} {'server':>9} {'req/s':>7} "
                  f"{'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'ratio':>6}")
            worst_ratio, worst_p99 = 9.9, 0.0
            for name, (path, cookie, body) in pages.items():
                request = request_bytes(path, cookie)
                for target in (port, ref_port):
                    drive(target, request, 4, 0.5)  # warm caches and threads
                for clients in args.clients:
                    rows = {}
                    for label, target in (("kiosk", port), ("reference", ref_port)):
                        latencies, errors = drive(target, request, clients, args.seconds)
                        rows[label] = (len(latencies) / args.seconds,
                                       statistics.median(latencies), percentile(latencies, 0.99),
                                       errors)
                    ratio = rows["kiosk"][0] / rows["reference"][0]
                    worst_ratio = min(worst_ratio, ratio)
                    if clients >= 32:
                        worst_p99 = max(worst_p99, rows["kiosk"][2])
                    for label, (rps, p50, p99, errors) in rows.items():
                        shown = f"{ratio:>6.2f}" if label == "kiosk" else ""
                        print(f"{name:14} {len(body):>6} {clients:>7} {label:>9} {rps:>7.0f} "
                              f"{p50:>7.2f} {p99:>7.2f} {errors:>6} {shown}")
            rss = peak_rss_mb(server.process.pid)
            print(f"cold start to first 200: {server.cold_start:.2f} s (target ≤ 1.5 s); "
                  + (f"kiosk peak RSS: {rss:.1f} MB (target ≤ 80 MB)" if rss else "peak RSS: n/a"))
            print(f"lowest ratio {worst_ratio:.2f} (target ≥ {TARGET_RATIO}); highest kiosk p99 at "
                  f"32 clients {worst_p99:.1f} ms (target ≤ {TARGET_P99_MS:g} ms)")
        finally:
            server.stop()
            if reference is not None:
                reference.terminate()
                reference.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
