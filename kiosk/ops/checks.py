"""The checks start-up and `langso doctor` share: data directory, fonts, public address.

Each takes plain values and returns a Check with its level and what to fix. `langso doctor`
prints every one as a line; start-up (ops.startup) refuses to start on a FAIL of the data
directory with the Check as one sentence, and prints the rest as warnings.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from kiosk import db
from kiosk.problems import N_
from kiosk.store import settings as setting_store
from qr.messages import Message

OK, WARN, FAIL = "ok", "warn", "fail"
LABELS = {OK: "OK", WARN: N_("CẢNH BÁO"), FAIL: N_("LỖI")}  # msgids: the admin translates them


@dataclass(frozen=True)
class Check:
    """One line of the report: what was checked, how it went, and what to do about it."""

    name: str
    level: str  # OK, WARN or FAIL
    message: str | Message  # a Message when an admin page shows it (problem_text translates)
    fix: str | Message = ""

    def line(self) -> str:
        """The doctor's line: "LỖI      Name: message — Cách sửa: fix"."""
        text = f"{LABELS[self.level]:<9} {self.name}: {self.message}"
        return f"{text} — Cách sửa: {self.fix}" if self.fix else text

    def sentence(self) -> str:
        """Start-up's one line: "name message; fix" (after "langso: " or "cảnh báo: ")."""
        text = f"{self.name[:1].lower()}{self.name[1:]} {self.message}"
        return f"{text}; {self.fix}" if self.fix else text


def check_fonts(regular: str = "", bold: str = "") -> Check:
    """A TrueType pair with every Vietnamese letter is found, so PDFs can be printed."""
    from printables import fonts

    try:
        found = fonts.find_fonts(regular or None, bold or None)
    except fonts.FontError as exc:
        return Check("Phông chữ", FAIL, "chưa in được PDF", str(exc).split(" / ")[0])
    return Check("Phông chữ", OK, f"{found[0]}")


def check_data_dir(data_dir: Path, create: bool = False) -> Check:
    """The data directory exists and accepts a new file (what every admin save needs).

    With `create` (the server starting) a missing directory is made first; without it (doctor)
    nothing is changed: the only write is a probe file removed at once.
    """
    name = "Thư mục dữ liệu"
    if not data_dir.exists() and create:
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return Check(name, FAIL, f"{data_dir} chưa có và không tạo được ({exc.strerror})",
                         "chọn thư mục khác bằng --data, hoặc cho tài khoản chạy máy chủ quyền ghi")
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
        with tempfile.NamedTemporaryFile(dir=data_dir, prefix=".write-test-"):
            pass
    except OSError as exc:
        return Check(name, FAIL, f"{data_dir} không ghi được ({exc.strerror})",
                     "chạy bằng tài khoản của máy chủ (trên Pi: sudo langso …), sửa quyền thư "
                     "mục hoặc chọn thư mục khác bằng --data; nếu thẻ nhớ bị khóa chỉ đọc, hãy "
                     "thay thẻ")
    secret = data_dir / "secret_key"
    if os.name != "nt" and secret.exists() and stat.S_IMODE(secret.stat().st_mode) & 0o077:
        return Check(name, WARN, f"{secret} người khác đọc được", f"chmod 600 {secret}")
    return Check(name, OK, f"{data_dir} ghi được")


def _is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# The shipped demo pack's address (content/settings.yaml): a team that never changed it prints
# QR codes for a machine that is not theirs.
DEMO_PUBLIC_URL = "http://192.168.1.10:8080"


def check_public_url(base: str | None, own_addresses: Iterable[str],
                     fetch: Callable[[str], bool] | None = None, *,
                     outdoor: bool = False) -> Check:
    """The public base URL (what every QR code for phones holds) points at this machine.

    When its host is one of this machine's own addresses and `fetch` is given, the server is
    asked for /healthz there: a server listening on 127.0.0.1 only answers the screen, not phones.
    Other machines are never asked. With `outdoor` (heritage posters hang outside), a private
    LAN address is a warning: a phone away from the cultural-house Wi-Fi cannot open it.
    """
    name = "Địa chỉ công khai"
    where = Message(N_("Quản trị › Thiết lập › Địa chỉ công khai"))
    if not base:
        return Check(name, WARN, Message(N_("chưa đặt; mã QR cho điện thoại chưa dùng được")),
                     Message(N_("đặt http://<địa chỉ Wi-Fi của máy>:8080 trong %(where)s"),
                             where=where))
    parts = urlsplit(base)
    host = parts.hostname or ""
    own = sorted(set(own_addresses))
    if parts.scheme not in ("http", "https") or not host:
        return Check(name, FAIL, Message(N_("%(base)s không phải địa chỉ web"), base=base),
                     Message(N_("sửa trong %(where)s"), where=where))
    if _is_loopback(host):
        use = ", ".join(own) or Message(N_("địa chỉ Wi-Fi của máy"))
        return Check(name, FAIL, Message(N_("%(base)s chỉ mở được trên chính máy này, điện thoại "
                                            "không mở được"), base=base),
                     Message(N_("dùng %(addresses)s trong %(where)s"), addresses=use, where=where))
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return Check(name, OK, Message(N_("%(base)s (tên miền: không kiểm tra được từ máy này)"),
                                       base=base))
    if host not in own:
        found = ", ".join(own) or Message(N_("không có mạng"))
        message = N_("%(base)s không phải địa chỉ của máy này (%(own)s); mã QR sẽ không mở được")
        if base.rstrip("/") == DEMO_PUBLIC_URL:
            message = N_("%(base)s là địa chỉ mẫu của nội dung cài sẵn, không phải địa chỉ của máy "
                         "này (%(own)s); mã QR sẽ không mở được")
        return Check(name, WARN, Message(message, base=base, own=found),
                     Message(N_("sửa trong %(where)s, hoặc đặt địa chỉ cố định cho máy trong bộ "
                                "phát Wi-Fi"), where=where))
    if fetch is not None and not fetch(f"{base}/healthz"):
        return Check(name, FAIL, Message(N_("%(base)s không trả lời từ mạng LAN"), base=base),
                     Message(N_("chạy máy chủ với --host 0.0.0.0 và mở cổng trong tường lửa")))
    if outdoor and address.is_private:
        return Check(name, WARN, Message(N_(
            "%(base)s là địa chỉ trong mạng nội bộ: điện thoại chỉ mở được khi nối Wi-Fi nhà văn "
            "hóa, còn áp phích ở di tích ngoài trời thì khách quét bằng 4G"), base=base),
            Message(N_("nhờ người lo kỹ thuật đưa trang di tích lên Internet (hướng dẫn: "
                       "docs/public-pages.md) rồi đặt địa chỉ đó trong %(where)s; hoặc ghi trên áp "
                       "phích tên Wi-Fi cần nối"), where=where))
    return Check(name, OK, base)


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never creates the file nor runs migrations (the server does that)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
    conn.row_factory = sqlite3.Row
    return conn


def public_base_of(data_dir: Path) -> str | None:
    """The public base URL saved in the database (None if unset or no database yet)."""
    path = data_dir / db.DB_NAME
    if not path.exists():
        return None
    try:
        conn = open_read_only(path)
        try:
            return setting_store.public_base(setting_store.get_settings(conn))
        finally:
            conn.close()
    except sqlite3.Error:
        return None  # doctor's database check reports why


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback (what phones on the Wi-Fi can reach)."""
    found: set[str] = set()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(info[4][0])
    except OSError:
        pass
    # The address the OS would route outward from; a UDP "connect" sends no packet.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            found.add(probe.getsockname()[0])
        except OSError:
            pass
    return sorted(a for a in found if not a.startswith("127."))
