"""Checks before serving (on the shared ops.checks), the first-start import, and the addresses."""

from __future__ import annotations

import errno
import os
import socket
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk import config, db, store
from kiosk.commune import identity
from kiosk.ops import checks
from kiosk.ops.checks import lan_addresses
from kiosk.packs.check import load
from kiosk.packs.importer import import_pack
from kiosk.problems import PackError

ANY_ADDRESS = ("0.0.0.0", "::", "")  # --host values that listen on every address


class StartupError(RuntimeError):
    """The server cannot start; the message is one line saying what to fix."""


def check_data_dir(data_dir: Path) -> str | None:
    """The data directory exists (it is made if missing) and accepts writes.

    Returns a warning line (e.g. a secret key others can read), or None.

    Raises:
        StartupError: it cannot be created or written (the check's one sentence).
    """
    found = checks.check_data_dir(data_dir, create=True)
    if found.level == checks.FAIL:
        raise StartupError(found.sentence())
    return f"cảnh báo: {found.sentence()}" if found.level == checks.WARN else None


def ensure_identity(data_dir: Path) -> str | None:
    """Make the hamlet's signing key on first start; a warning line if the key is damaged
    (the kiosk still serves: only the monthly report to the commune needs it)."""
    try:
        identity.load_or_create(data_dir)
    except (identity.IdentityError, OSError) as exc:
        return f"cảnh báo: chưa ký được báo cáo gửi xã: {exc}"
    return None


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


def import_default_if_empty(data_dir: Path, pack_dir: Path = config.DEFAULT_PACK_DIR) -> str | None:
    """On a brand-new data directory, import the shipped pack so the kiosk works at once.

    Returns a line saying what was imported, or None if the database already had content.
    """
    conn = db.open_database(data_dir)
    try:
        if store.has_content(conn):
            return None
        counts = import_pack(conn, data_dir, load(pack_dir))
    except sqlite3.DatabaseError as exc:
        raise StartupError(f"cơ sở dữ liệu trong {data_dir} bị hỏng ({exc})") from exc
    except PackError as exc:
        raise StartupError(f"gói nội dung mặc định {pack_dir} có lỗi: {exc}") from exc
    finally:
        conn.close()
    return (f"đã nạp nội dung mẫu: {counts['guides']} hướng dẫn, {counts['sites']} di tích, "
            f"{counts['shops']} cửa hàng")


def warnings(settings: Mapping[str, Any], host: str) -> list[str]:
    """Warning lines for what the kiosk screen works without: PDF fonts, the public address.

    The public address is what QR codes on the kiosk and on posters hold; the shipped demo's
    address is almost never the right one for a real cultural house.
    """
    data_dir = Path(settings["DATA"])
    own = lan_addresses() + ([] if host in ANY_ADDRESS else [host])
    found = [checks.check_fonts(settings["FONT_REGULAR"], settings["FONT_BOLD"]),
             checks.check_public_url(checks.public_base_of(data_dir), own)]
    return [f"cảnh báo: {c.sentence()}" for c in found if c.level != checks.OK]


def urls(host: str, port: int) -> list[str]:
    """Every address the server answers on, loopback first."""
    if host in ANY_ADDRESS:
        return [f"http://127.0.0.1:{port}/"] + [f"http://{a}:{port}/" for a in lan_addresses()]
    shown = f"[{host}]" if ":" in host else host
    return [f"http://{shown}:{port}/"]
