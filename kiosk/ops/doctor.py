"""`langso doctor`: checks that a kiosk box can run for months, each with what to fix.

Every check takes plain values (paths, the time, addresses) and returns a Check, so tests can
drive each path without a real broken machine. Nothing here changes the data: the database is
opened read-only and the only write is a probe file removed at once. Network use stays on this
machine: the server is only asked on loopback or on one of this machine's own addresses.
The checks start-up shares (data directory, fonts, public address) live in ops.checks.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk import config, db
from kiosk.ops.checks import (
    FAIL,
    OK,
    WARN,
    Check,
    check_data_dir,
    check_fonts,
    check_public_url,
    lan_addresses,
    open_read_only,
    public_base_of,
)
from kiosk.ops.screen import screen_checks
from kiosk.ops.service import check_service

DISK_WARN_BYTES = 1024**3
DISK_FAIL_BYTES = 200 * 1024**2
MIN_YEAR = 2025  # older than this software: a Pi without a clock battery that booted offline
MAX_YEAR = 2050
CLOCK_SLACK_SECONDS = 3600  # file times and a slow clock may differ a little


def check_database(data_dir: Path, latest: int | None = None) -> Check:
    """PRAGMA integrity_check passes and the schema version matches the shipped migrations."""
    name = "Cơ sở dữ liệu"
    path = data_dir / db.DB_NAME
    latest = latest if latest is not None else max(n for n, _ in db.migration_steps())
    if not path.exists():
        return Check(name, WARN, f"chưa có {path}", "máy chủ tạo nó khi chạy lần đầu")
    restore = "khôi phục bản sao lưu gần nhất: langso restore <tệp .zip trong backups/>"
    try:
        conn = open_read_only(path)
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


def _clock_marks(data_dir: Path) -> list[tuple[datetime, str]]:
    """Times the clock cannot be earlier than, each with what it is: the data's last write, the
    newest backup (by the time in its name) and the newest audit-log entry."""
    from kiosk import users
    from kiosk.backup import archive

    marks = []
    if (written := _newest_write(data_dir)) is not None:
        marks.append((written, "lần ghi dữ liệu gần nhất"))
    try:
        if backups := archive.list_backups(data_dir):
            marks.append((backups[0].created, f"bản sao lưu mới nhất {backups[0].path.name}"))
    except OSError:
        pass
    if (data_dir / db.DB_NAME).is_file():
        try:
            conn = open_read_only(data_dir / db.DB_NAME)
            try:
                entries = users.recent_changes(conn, 1)
            finally:
                conn.close()
            if entries:
                when = datetime.fromisoformat(entries[0]["at"]).replace(tzinfo=UTC)
                marks.append((when, "nhật ký thay đổi gần nhất"))
        except (sqlite3.Error, ValueError, TypeError):
            pass  # check_database reports a damaged database
    return marks


def check_clock(now: datetime, data_dir: Path | None = None) -> Check:
    """The clock is plausible: backups, logins and the audit log are stamped with it.

    A Raspberry Pi has no clock battery: started with no network it resumes from the time it
    was last shut down (or 1970), so the year (MIN_YEAR: older than this software), the data's
    last write, the newest backup and the newest audit entry are all checked.
    """
    name = "Đồng hồ"
    fix = ("nối mạng một lần để máy tự lấy giờ, hoặc đặt giờ theo điện thoại ở trang quản trị "
           "(dải báo \"Đồng hồ máy chủ chậm\"), hoặc đặt giờ tay: "
           "sudo date -s 'YYYY-MM-DD HH:MM' (trên Windows: Cài đặt › Thời gian); "
           "lắp pin đồng hồ (RTC) cho Pi 5")
    stamp = now.strftime("%Y-%m-%d %H:%M")
    if now.year < MIN_YEAR or now.year > MAX_YEAR:
        return Check(name, FAIL, f"giờ máy là {stamp}, không thể đúng", fix)
    marks = _clock_marks(data_dir) if data_dir is not None else []
    ahead = [(when, what) for when, what in marks
             if (when - now.astimezone(UTC)).total_seconds() > CLOCK_SLACK_SECONDS]
    if ahead:
        when, what = max(ahead)
        return Check(name, WARN, f"giờ máy {stamp} sớm hơn {what} ({when:%Y-%m-%d %H:%M} UTC): "
                     "đồng hồ bị lùi", fix)
    return Check(name, OK, stamp)


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


def run_checks(environ: Mapping[str, str], now: datetime, port: int | None = 8080,
               own_addresses: Iterable[str] | None = None,
               data_dir: Path | None = None) -> list[Check]:
    """Every check in report order; `port=None` skips asking the running server.

    `data_dir` is a --data flag; without it the settings' layering picks the directory.
    """
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
    checks.extend(screen_checks())
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
        if (service := check_service()) is not None:
            checks.append(service)
    return checks
