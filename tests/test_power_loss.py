"""Power cuts: the server is killed with SIGKILL in the middle of admin writes, again and again.

After every restart the database must pass integrity_check, every write the server acknowledged
must be there, and no temporary file may be left behind.
"""

from __future__ import annotations

import http.cookiejar
import os
import random
import re
import signal
import sqlite3
import threading
import time
import urllib.parse
import urllib.request

import pytest

from bench.server import start
from kiosk import db, users

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")

ROUNDS = 50
PASSWORD = "mật khẩu thử nghiệm dài"


class Browser:
    """A tiny cookie-keeping client that logs in and posts forms with their CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.read().decode()

    def post(self, path: str, form_path: str, data: dict) -> int:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.get(form_path)).group(1)
        body = urllib.parse.urlencode({**data, "csrf_token": token}).encode()
        request = urllib.request.Request(self.base + path, data=body, method="POST")
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code


def shop_code(n: int) -> str:
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "P" + alphabet[n // 31 % 31] + alphabet[n % 31] + "K"


def test_sigkill_during_writes_loses_nothing_acknowledged(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    conn = db.open_database(data)  # an account before the first start
    users.create_user(conn, "truong-thon", PASSWORD, "admin")
    conn.close()
    rng = random.Random(20261122)
    acknowledged: list[str] = []
    written = 0
    for _ in range(ROUNDS):
        server = start(data, None, "--threads", "4")
        browser = Browser(server.url)
        assert browser.post("/login", "/login", {"name": "truong-thon", "password": PASSWORD,
                                                 "next": ""}) in (200, 302)
        stop = threading.Event()

        def writer(browser: Browser, stop: threading.Event) -> None:
            nonlocal written
            while not stop.is_set():
                code = shop_code(written)
                written += 1
                try:
                    status = browser.post("/admin/shops/new", "/admin/shops/new", {
                        "action": "save", "code": code, "name": f"Cửa hàng {code}",
                        "bank": "970436", "account": f"00110{written:08d}", "holder": "NGUYEN A",
                        "amount": "", "purpose": "", "owner": ""})
                except OSError:
                    return  # the server died mid-request: not acknowledged
                if status == 200:  # the redirect to the saved shop was followed
                    acknowledged.append(code)

        thread = threading.Thread(target=writer, args=(browser, stop))
        thread.start()
        time.sleep(rng.uniform(0.05, 0.6))
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()
        stop.set()
        thread.join(timeout=15)

    server = start(data)  # the next start after the last cut
    server.stop()
    check = sqlite3.connect(data / db.DB_NAME)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in check.execute("SELECT code FROM shops")}
    missing = [code for code in acknowledged if code not in stored]
    assert missing == []
    assert len(acknowledged) > ROUNDS  # the test really wrote under fire
    leftovers = [p for p in data.rglob(".tmp-*")]
    assert leftovers == []
