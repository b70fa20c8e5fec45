"""Checks before serving, the first-start content import, and the addresses phones can use."""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

from kiosk import config, db, store
from kiosk.packs import check as packs
from kiosk.packs import importer as pack_import
from kiosk.store import settings


class StartupError(RuntimeError):
    """The server cannot start; the message is one line saying what to fix."""


def check_data_dir(data_dir: Path) -> None:
    """The data directory exists (or can be made) and accepts writes.

    Raises:
        StartupError: it cannot be created or written.
    """
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        probe = data_dir / ".write-test"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        raise StartupError(f"thư mục dữ liệu {data_dir} không ghi được ({exc.strerror}); "
                           "hãy chọn thư mục khác bằng --data") from exc


def check_port(host: str, port: int) -> None:
    """Nothing else is listening on host:port.

    Raises:
        StartupError: the port is taken or the address does not exist on this machine.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        if os.name != "nt":
            # Same option waitress sets, so a port in TIME_WAIT after a restart is not "taken".
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise StartupError(f"cổng {port} đang có chương trình khác dùng; hãy tắt nó hoặc "
                                   f"chạy với --port {port + 1}") from exc
            raise StartupError(f"không mở được {host}:{port} ({exc.strerror})") from exc


def font_warning() -> str | None:
    """A warning if PDFs cannot be made (the kiosk itself still works)."""
    try:
        from printables import fonts
    except ImportError:
        return None
    try:
        fonts.find_fonts()
    except Exception as exc:  # noqa: BLE001 — any font failure only disables printing
        return f"cảnh báo: chưa in được PDF: {exc}"
    return None


def import_default_if_empty(data_dir: Path, pack_dir: Path = config.DEFAULT_PACK_DIR) -> str | None:
    """On a brand-new data directory, import the shipped pack so the kiosk works at once.

    Returns a line saying what was imported, or None if the database already had content.
    """
    conn = db.open_database(data_dir)
    try:
        if store.has_content(conn):
            return None
        counts = pack_import.import_pack(conn, data_dir, packs.load(pack_dir))
    except sqlite3.DatabaseError as exc:
        raise StartupError(f"cơ sở dữ liệu trong {data_dir} bị hỏng ({exc})") from exc
    except packs.PackError as exc:
        raise StartupError(f"gói nội dung mặc định {pack_dir} có lỗi: {exc}") from exc
    finally:
        conn.close()
    return (f"đã nạp nội dung mẫu: {counts['guides']} hướng dẫn, {counts['sites']} di tích, "
            f"{counts['shops']} cửa hàng")


def public_url_warning(data_dir: Path, host: str) -> str | None:
    """A warning when the public address in the settings is an IP this machine does not have.

    QR codes on the kiosk and on posters are built from it; the shipped demo's address is almost
    never the right one for a real cultural house.
    """
    conn = db.open_database(data_dir)
    try:
        base = settings.public_base(settings.get_settings(conn))
    finally:
        conn.close()
    if not base:
        return ("cảnh báo: chưa đặt địa chỉ công khai; mã QR cho điện thoại chưa dùng được "
                "(Quản trị › Thiết lập)")
    public_host = urlsplit(base).hostname or ""
    try:
        ipaddress.ip_address(public_host)
    except ValueError:
        return None  # a name (a public host or the hamlet's domain): cannot be checked here
    own = set(lan_addresses()) | {"127.0.0.1", "::1", host}
    if public_host in own:
        return None
    return (f"cảnh báo: địa chỉ công khai {base} không phải địa chỉ của máy này "
            f"({', '.join(sorted(set(lan_addresses()))) or 'không có mạng'}); mã QR sẽ không mở "
            "được — sửa trong Quản trị › Thiết lập")


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


def urls(host: str, port: int) -> list[str]:
    """Every address the server answers on, loopback first."""
    if host in ("0.0.0.0", "::", ""):
        return [f"http://127.0.0.1:{port}/"] + [f"http://{a}:{port}/" for a in lan_addresses()]
    shown = f"[{host}]" if ":" in host else host
    return [f"http://{shown}:{port}/"]
