"""SQLite access: one connection per request, numbered migrations, online backups."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from flask import Flask, current_app, g

from kiosk import codes

DB_NAME = "langso.sqlite3"


def connect(path: Path) -> sqlite3.Connection:
    """Open the database with the settings that keep it whole through a power cut.

    synchronous=FULL makes every committed write survive losing power; autocommit mode so
    transactions are explicit (see transaction()). WAL is set once in open_database(): it is stored
    in the file, and setting it on every connection costs more than the page it serves.
    """
    _create_private(path)
    conn = sqlite3.connect(path, timeout=5.0, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")
    register_functions(conn)
    return conn


def register_functions(conn: sqlite3.Connection) -> None:
    """SQL functions our queries and migrations call: langso_fold(text) is kiosk.codes.fold
    (guide and site search, and migration 0011 filling shops.search)."""
    conn.create_function("langso_fold", 1, codes.fold, deterministic=True)


def _create_private(path: Path) -> None:
    """Create the file 0600 if it does not exist yet: it holds password hashes and account
    numbers. SQLite gives its -wal and -shm files the database file's mode, so they follow."""
    if os.name != "posix" or str(path) == ":memory:" or os.path.exists(path):
        return  # an existing file is left alone here: it may be read-only on purpose
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass  # another process made it between the check and the open
    except OSError:
        pass  # a missing or read-only directory: sqlite3.connect raises its own error for it


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All-or-nothing block: BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception."""
    global write_generation
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    write_generation += 1


# Bumped after every commit made through transaction() in this process, so the page cache can
# skip its database read while nothing here has written (see web/page_cache.content_version).
write_generation = 0


def migration_steps() -> list[tuple[int, str]]:
    """The numbered SQL files shipped in kiosk/migrations, in order."""
    steps = []
    for entry in resources.files("kiosk.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            steps.append((int(name[:4]), entry.read_text(encoding="utf-8")))
    return sorted(steps)


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, backup_dir: Path | None = None) -> list[int]:
    """Apply the migrations the database has not seen; returns the versions applied.

    A database that already holds data is backed up first, so a failed upgrade loses nothing.
    Each step runs in its own transaction together with its user_version bump.
    """
    current = schema_version(conn)
    pending = [(n, sql) for n, sql in migration_steps() if n > current]
    if pending and current > 0 and backup_dir is not None:
        backup(conn, backup_dir, reason=f"before-migration-{current}")
    applied = []
    for number, sql in pending:
        # executescript() commits first, so run the statements one by one inside our transaction.
        with transaction(conn):
            for statement in _split_sql(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {int(number)}")
        applied.append(number)
    return applied


def _split_sql(script: str) -> list[str]:
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def backup(conn: sqlite3.Connection, backup_dir: Path, reason: str = "manual") -> Path:
    """Copy the live database with SQLite's online backup API into backup_dir; returns the path."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"langso-{stamp}-{reason}.sqlite3"
    partial = target.with_suffix(".partial")
    _create_private(partial)
    dest = sqlite3.connect(partial)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    partial.replace(target)
    return target


def open_database(data_dir: Path) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the data directory's database, in WAL mode.

    WAL lets the kiosk keep reading while the admin writes, and survives a power cut mid-write.
    """
    conn = connect(data_dir / DB_NAME)
    if os.name == "posix":  # made 0644 by an older version, or copied in by hand
        for suffix in ("", "-wal", "-shm"):
            path = data_dir / (DB_NAME + suffix)
            # only our own files: chmod of another user's file would stop the start-up
            if path.exists() and path.stat().st_mode & 0o077 and path.stat().st_uid == os.geteuid():
                path.chmod(0o600)
    conn.execute("PRAGMA journal_mode=WAL")
    migrate(conn, data_dir / "backups")
    return conn


# One connection per server thread, kept open: SQLite parses the schema on a connection's first
# statement (~0.3 ms here), which would otherwise be paid again on every request.
_thread = threading.local()


def get_db() -> sqlite3.Connection:
    """This thread's connection to the app's database, opened on first use."""
    path = str(Path(current_app.config["DATA"]) / DB_NAME)
    connections = _thread.__dict__.setdefault("connections", {})
    conn = connections.get(path)
    if conn is None:
        conn = connections[path] = connect(Path(path))
    g.db = conn
    return conn


def end_request(_exc: BaseException | None = None) -> None:
    """Never carry a transaction from one request into the next (a view that raised mid-write)."""
    conn = g.pop("db", None)
    if conn is not None and conn.in_transaction:
        conn.rollback()


def init_app(app: Flask) -> None:
    """Migrate at start-up (once, not per request) and tidy the connection after each request."""
    conn = open_database(Path(app.config["DATA"]))
    conn.close()
    app.teardown_appcontext(end_request)
