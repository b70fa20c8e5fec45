"""`langso doctor`: checks that a kiosk box can run for months, each with what to fix.

Every check takes plain values (paths, the time, addresses) and returns a Check, so tests can
drive each path without a real broken machine. Nothing here changes the data: the database is
opened read-only and the only write is a probe file removed at once. Network use stays on this
machine: the server is only asked on loopback or on one of this machine's own addresses.
"""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import sqlite3
import stat
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kiosk import config, db
from kiosk.store import settings as setting_store

OK, WARN, FAIL = "ok", "warn", "fail"
LABELS = {OK: "OK", WARN: "CẢNH BÁO", FAIL: "LỖI"}

DISK_WARN_BYTES = 1024**3
DISK_FAIL_BYTES = 200 * 1024**2
MIN_YEAR = 2025  # older than this software: a Pi without a clock battery that booted offline
MAX_YEAR = 2050
CLOCK_SLACK_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Check:
    """One line of the report: what was checked, how it went, and what to do about it."""

    name: str
    level: str  # OK, WARN or FAIL
    message: str
    fix: str = ""

    def line(self) -> str:
        text = f"{LABELS[self.level]:<9} {self.name}: {self.message}"
        return f"{text} — Cách sửa: {self.fix}" if self.fix else text


def check_fonts(regular: str = "", bold: str = "") -> Check:
    """A TrueType pair with every Vietnamese letter is found, so PDFs can be printed."""
    from printables import fonts

    try:
        found = fonts.find_fonts(regular or None, bold or None)
    except fonts.FontError as exc:
        return Check("Phông chữ", FAIL, "chưa in được PDF", str(exc).split(" / ")[0])
    return Check("Phông chữ", OK, f"{found[0]}")


def check_data_dir(data_dir: Path) -> Check:
    """The data directory exists and accepts a new file (what every admin save needs)."""
    name = "Thư mục dữ liệu"
    if not data_dir.exists():
        parent = next((p for p in data_dir.parents if p.exists()), None)
        if parent is not None and os.access(parent, os.W_OK):
            return Check(name, WARN, f"{data_dir} chưa có",
                         "máy chủ sẽ tạo khi chạy lần đầu; hoặc chọn đúng thư mục bằng --data")
        return Check(name, FAIL, f"{data_dir} chưa có và không tạo được",
                     f"tạo thư mục {data_dir} và cho tài khoản chạy máy chủ quyền ghi")
    if not data_dir.is_dir():
        return Check(name, FAIL, f"{data_dir} không phải thư mục", "chọn thư mục khác bằng --data")
    try:
        with tempfile.NamedTemporaryFile(dir=data_dir, prefix=".doctor-"):
            pass
    except OSError as exc:
        return Check(name, FAIL, f"{data_dir} không ghi được ({exc.strerror})",
                     "chạy lệnh bằng tài khoản của máy chủ (trên Pi: sudo langso doctor), hoặc "
                     "sửa quyền thư mục; nếu thẻ nhớ bị khóa chỉ đọc, hãy thay thẻ")
    secret = data_dir / "secret_key"
    if os.name != "nt" and secret.exists() and stat.S_IMODE(secret.stat().st_mode) & 0o077:
        return Check(name, WARN, f"{secret} người khác đọc được",
                     f"chmod 600 {secret}")
    return Check(name, OK, f"{data_dir} ghi được")


def _open_read_only(path: Path) -> sqlite3.Connection:
    # mode=ro never creates the file nor runs migrations; the server does that at start.
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
    conn.row_factory = sqlite3.Row
    return conn


def check_database(data_dir: Path, latest: int | None = None) -> Check:
    """PRAGMA integrity_check passes and the schema version matches the shipped migrations."""
    name = "Cơ sở dữ liệu"
    path = data_dir / db.DB_NAME
    latest = latest if latest is not None else max(n for n, _ in db.migration_steps())
    if not path.exists():
        return Check(name, WARN, f"chưa có {path}", "máy chủ tạo nó khi chạy lần đầu")
    restore = "khôi phục bản sao lưu gần nhất: langso restore <tệp .zip trong backups/>"
    try:
        conn = _open_read_only(path)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            version = db.schema_version(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return Check(name, FAIL, f"{path} không đọc được ({exc})", restore)
    if rows != ["ok"]:
        return Check(name, FAIL, f"{path} bị hỏng: {'; '.join(rows[:3])}", restore)
    if version > latest:
        return Check(name, FAIL, f"phiên bản dữ liệu {version} mới hơn phần mềm ({latest})",
                     "cài bản Làng Số mới hơn (dữ liệu này từ một bản mới hơn)")
    if version < latest:
        return Check(name, WARN, f"phiên bản dữ liệu {version}, phần mềm cần {latest}",
                     "khởi động lại máy chủ: nó sao lưu rồi nâng cấp dữ liệu")
    return Check(name, OK, f"nguyên vẹn, phiên bản {version}")


def check_disk(data_dir: Path,
               usage: Callable[[Path], Any] = shutil.disk_usage) -> Check:
    """Enough free space for backups and uploads (a full card corrupts nothing, but stops saves)."""
    name = "Dung lượng trống"
    where = next((p for p in (data_dir, *data_dir.parents) if p.exists()), data_dir)
    free = usage(where).free
    text = f"{free / 1024**3:.1f} GB trống ở {where}"
    fix = ("xóa tệp không cần, giảm số bản sao lưu cũ trong backups/, hoặc dùng thẻ nhớ/ổ đĩa "
           "lớn hơn")
    if free < DISK_FAIL_BYTES:
        return Check(name, FAIL, f"chỉ còn {free // 1024**2} MB ở {where}", fix)
    if free < DISK_WARN_BYTES:
        return Check(name, WARN, f"chỉ còn {free // 1024**2} MB ở {where}", fix)
    return Check(name, OK, text)


def _newest_write(data_dir: Path) -> datetime | None:
    times = []
    for path in (data_dir / db.DB_NAME, data_dir / f"{db.DB_NAME}-wal", data_dir / "backups"):
        try:
            times.append(path.stat().st_mtime)
        except OSError:
            continue
    return datetime.fromtimestamp(max(times), UTC) if times else None


def check_clock(now: datetime, data_dir: Path | None = None) -> Check:
    """The clock is plausible: backups, logins and the audit log are stamped with it.

    A Raspberry Pi has no clock battery: started with no network it resumes from the time it
    was last shut down (or 1970), so the year and the data's own last write are both checked.
    """
    name = "Đồng hồ"
    fix = ("nối mạng một lần để máy tự lấy giờ, hoặc đặt giờ tay: "
           "sudo date -s 'YYYY-MM-DD HH:MM' (trên Windows: Cài đặt › Thời gian); "
           "lắp pin đồng hồ (RTC) cho Pi 5")
    stamp = now.strftime("%Y-%m-%d %H:%M")
    if now.year < MIN_YEAR or now.year > MAX_YEAR:
        return Check(name, FAIL, f"giờ máy là {stamp}, không thể đúng", fix)
    newest = _newest_write(data_dir) if data_dir is not None else None
    if newest is not None and (newest - now.astimezone(UTC)).total_seconds() > CLOCK_SLACK_SECONDS:
        return Check(name, WARN, f"giờ máy {stamp} sớm hơn lần ghi dữ liệu gần nhất "
                     f"({newest:%Y-%m-%d %H:%M} UTC): đồng hồ bị lùi", fix)
    return Check(name, OK, stamp)


def _is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_public_url(base: str | None, own_addresses: Iterable[str],
                     fetch: Callable[[str], bool] | None = None) -> Check:
    """The public base URL (what every QR code for phones holds) points at this machine.

    When its host is one of this machine's own addresses and `fetch` is given, the server is
    asked for /healthz there: a server listening on 127.0.0.1 only answers the screen, not phones.
    """
    name = "Địa chỉ công khai"
    where = "Quản trị › Thiết lập › Địa chỉ công khai"
    if not base:
        return Check(name, WARN, "chưa đặt; mã QR cho điện thoại chưa dùng được",
                     f"đặt http://<địa chỉ Wi-Fi của máy>:8080 trong {where}")
    parts = urlsplit(base)
    host = parts.hostname or ""
    own = sorted(set(own_addresses))
    if parts.scheme not in ("http", "https") or not host:
        return Check(name, FAIL, f"{base} không phải địa chỉ web", f"sửa trong {where}")
    if _is_loopback(host):
        return Check(name, FAIL, f"{base} chỉ mở được trên chính máy này, điện thoại không mở được",
                     f"dùng {', '.join(own) or 'địa chỉ Wi-Fi của máy'} trong {where}")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return Check(name, OK, f"{base} (tên miền: không kiểm tra được từ máy này)")
    if host not in own:
        return Check(name, WARN, f"{base} không phải địa chỉ của máy này "
                     f"({', '.join(own) or 'không có mạng'}); mã QR sẽ không mở được",
                     f"sửa trong {where}, hoặc đặt địa chỉ cố định cho máy trong bộ phát Wi-Fi")
    if fetch is not None and not fetch(f"{base}/healthz"):
        return Check(name, FAIL, f"{base} không trả lời từ mạng LAN",
                     "chạy máy chủ với --host 0.0.0.0 và mở cổng trong tường lửa")
    return Check(name, OK, base)


def fetch_healthz(url: str, timeout: float = 2.0) -> bool:
    """True when url answers 200 with a JSON status of "ok"."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 — our own host
            return json.load(response).get("status") == "ok"
    except (OSError, ValueError, urllib.error.URLError):
        return False


def check_server(port: int, fetch: Callable[[str], bool] = fetch_healthz) -> Check:
    """The server answers on this machine (what the kiosk browser waits for)."""
    url = f"http://127.0.0.1:{port}/healthz"
    if fetch(url):
        return Check("Máy chủ", OK, f"trả lời ở {url}")
    return Check("Máy chủ", WARN, f"không trả lời ở {url}",
                 "khởi động máy chủ (trên Pi: sudo systemctl restart langso, xem "
                 "journalctl -u langso; trên Windows: Task Scheduler › LangSo Server, xem "
                 "server.log trong thư mục dữ liệu)")


def check_trusted_hosts(trusted_hosts: str, answers_on_lan: bool) -> Check:
    """A server other machines can reach should name the hosts it answers to.

    With TRUSTED_HOSTS empty it accepts any Host header, which lets a page on the LAN pose as the
    kiosk under another name (DNS rebinding) and put that name into what the server builds.
    """
    name = "Tên máy chủ tin cậy"
    if trusted_hosts.split() or not answers_on_lan:
        return Check(name, OK, trusted_hosts or "chỉ máy này mở được")
    return Check(name, WARN, "TRUSTED_HOSTS chưa đặt: máy chủ mở cho mạng LAN trả lời mọi tên máy",
                 "đặt TRUSTED_HOSTS trong settings.json của thư mục dữ liệu (hoặc biến "
                 "LANGSO_TRUSTED_HOSTS) bằng địa chỉ trong mã QR, ví dụ: 192.168.1.10")


def public_base_of(data_dir: Path) -> str | None:
    """The public base URL saved in the database (None if unset or no database yet)."""
    path = data_dir / db.DB_NAME
    if not path.exists():
        return None
    try:
        conn = _open_read_only(path)
        try:
            return setting_store.public_base(setting_store.get_settings(conn))
        finally:
            conn.close()
    except sqlite3.Error:
        return None  # check_database reports why


def run_checks(environ: Mapping[str, str], now: datetime, port: int | None = 8080,
               own_addresses: Iterable[str] | None = None,
               data_dir: Path | None = None) -> list[Check]:
    """Every check in report order; `port=None` skips asking the running server.

    `data_dir` is a --data flag; without it the settings' layering picks the directory.
    """
    from kiosk.ops.startup import lan_addresses

    checks = []
    try:
        settings = config.load(data_dir, environ)
        checks.append(Check("Thiết lập", OK, "đọc được"))
    except config.ConfigError as exc:
        checks.append(Check("Thiết lập", FAIL, str(exc),
                            "sửa settings.json trong thư mục dữ liệu hoặc biến LANGSO_*"))
        settings = config.defaults()
        settings["DATA"] = data_dir or environ.get("LANGSO_DATA") or settings["DATA"]
    data_dir = Path(settings["DATA"])
    checks.append(check_fonts(settings["FONT_REGULAR"], settings["FONT_BOLD"]))
    checks.append(check_data_dir(data_dir))
    checks.append(check_database(data_dir))
    checks.append(check_disk(data_dir))
    checks.append(check_clock(now, data_dir))
    server = check_server(port) if port is not None else None
    own = list(own_addresses) if own_addresses is not None else lan_addresses()
    # Asking the public address only means something when the server answers at all.
    fetch = fetch_healthz if server is not None and server.level == OK else None
    checks.append(check_public_url(public_base_of(data_dir), own, fetch))
    if server is not None:
        answers_on_lan = server.level == OK and any(
            fetch_healthz(f"http://{address}:{port}/healthz", timeout=1.0) for address in own)
        checks.append(check_trusted_hosts(settings["TRUSTED_HOSTS"], answers_on_lan))
        checks.append(server)
    return checks
