"""Power cuts: the server is killed with SIGKILL in the middle of admin writes, again and again.

After every restart the database must pass integrity_check, every write the server acknowledged
must be there, and no temporary file may be left behind.
"""

from __future__ import annotations

import hashlib
import http.client
import http.cookiejar
import io
import os
import random
import re
import signal
import sqlite3
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from bench.server import start
from kiosk import db, users

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")

ROUNDS = 50
# What a client sees when the server dies under it (a form page cut short has no CSRF token).
DIED = (OSError, http.client.HTTPException, AttributeError)
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

    def post(self, path: str, form_path: str, data: dict, file: tuple[str, bytes] | None = None
             ) -> int:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.get(form_path)).group(1)
        fields = {**data, "csrf_token": token}
        if file is None:
            body = urllib.parse.urlencode(fields).encode()
            headers = {}
        else:
            body, headers = multipart(fields, *file)
        request = urllib.request.Request(self.base + path, data=body, method="POST",
                                         headers=headers)
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code


def multipart(fields: dict, name: str, data: bytes) -> tuple[bytes, dict]:
    boundary = "----langso" + os.urandom(8).hex()
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; '
                 f'filename="{name}"\r\nContent-Type: image/jpeg\r\n\r\n'.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def photo(seed: int) -> bytes:
    from PIL import Image

    rng = random.Random(seed)
    image = Image.effect_noise((400, 300), 64).convert("RGB")
    image.putpixel((0, 0), (rng.randrange(256), seed % 256, 7))  # every photo different
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


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
    photos_acknowledged: list[int] = []
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
                if written % 3 == 0:  # every third write is a photo upload
                    try:
                        status = browser.post("/admin/sites/dinh-lang-dong-hoa/photos",
                                              "/admin/sites/dinh-lang-dong-hoa", {},
                                              (f"p{written}.jpg", photo(written)))
                    except DIED:
                        return
                    if status == 200:
                        photos_acknowledged.append(written)
                    continue
                try:
                    status = browser.post("/admin/shops/new", "/admin/shops/new", {
                        "action": "save", "code": code, "name": f"Cửa hàng {code}",
                        "bank": "970436", "account": f"00110{written:08d}", "holder": "NGUYEN A",
                        "amount": "", "purpose": "", "owner": ""})
                except DIED:
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
    site_photos = check.execute(
        "SELECT count(*) FROM site_photos p JOIN sites s ON s.id = p.site_id"
        " WHERE s.slug = 'dinh-lang-dong-hoa'").fetchone()[0]
    assert site_photos >= 2 + len(photos_acknowledged)  # the pack's two, plus every upload
    assert photos_acknowledged, "no upload was acknowledged: the test did not test uploads"
    for digest, ext in check.execute("SELECT hash, ext FROM media"):
        stored = data / "media" / digest[:2] / f"{digest}.{ext}"
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == digest  # never half a file
    leftovers = [p for p in data.rglob(".tmp-*")]
    assert leftovers == []


def test_sigkill_during_pack_import_is_all_or_nothing(tmp_path):
    import shutil
    import subprocess
    import sys

    from kiosk.config import DEFAULT_PACK_DIR

    base = tmp_path / "base"
    pack = tmp_path / "pack"
    shutil.copytree(DEFAULT_PACK_DIR, pack)
    settings = (pack / "settings.yaml").read_text(encoding="utf-8")
    (pack / "settings.yaml").write_text(settings.replace("Thôn Đông Hòa", "Thôn Mới Nhập"),
                                        encoding="utf-8")
    shutil.copytree(pack / "guides/kich-hoat-vneid", pack / "guides/ban-sao-vneid")
    site = pack / "heritage/dinh-lang-dong-hoa"
    extra = "".join(f"  - file: extra-{n}.jpg\n" for n in range(12))
    (site / "site.yaml").write_text((site / "site.yaml").read_text(encoding="utf-8")
                                    .replace("photos:\n", "photos:\n" + extra), encoding="utf-8")
    for n in range(12):  # new media, so the import has files to write when it is killed
        (site / f"extra-{n}.jpg").write_bytes(photo(n))

    def langso(data: Path, *args: str) -> list[str]:
        return [sys.executable, "-c", "from kiosk.cli import main; main()", "--data", str(data),
                *args]

    subprocess.run(langso(base, "import-pack", str(DEFAULT_PACK_DIR)), check=True,
                   capture_output=True)
    began = time.perf_counter()
    trial = tmp_path / "trial"
    shutil.copytree(base, trial)
    subprocess.run(langso(trial, "import-pack", str(pack)), check=True, capture_output=True)
    full = time.perf_counter() - began
    rng = random.Random(7)
    outcomes = set()
    for n in range(20):
        data = tmp_path / f"round-{n}"
        shutil.copytree(base, data)
        process = subprocess.Popen(langso(data, "import-pack", str(pack)),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, full))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        check = sqlite3.connect(data / db.DB_NAME)
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        hamlet = check.execute("SELECT value FROM settings WHERE key = 'hamlet'").fetchone()[0]
        new_guide = check.execute("SELECT count(*) FROM guides WHERE slug = 'ban-sao-vneid'"
                                  ).fetchone()[0]
        assert (hamlet == '"Thôn Mới Nhập"') == bool(new_guide)  # one transaction: both or none
        outcomes.add(bool(new_guide))
        for digest, ext in check.execute("SELECT hash, ext FROM media"):
            stored = data / "media" / digest[:2] / f"{digest}.{ext}"
            assert hashlib.sha256(stored.read_bytes()).hexdigest() == digest
        check.close()
    assert False in outcomes, "no import was ever cut short: the test did not test a kill"
