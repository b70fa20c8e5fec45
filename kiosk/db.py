"""SQLite access: one connection per request, numbered migrations, online backups."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from flask import Flask, current_app, g

DB_NAME = "langso.sqlite3"


def connect(path: Path) -> sqlite3.Connection:
    """Open the database with the settings that keep it whole through a power cut.

    WAL lets the kiosk read while the admin writes; synchronous=FULL makes every committed write
    survive losing power; autocommit mode so transactions are explicit (see transaction()).
    """
    conn = sqlite3.connect(path, timeout=5.0, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All-or-nothing block: BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


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
    dest = sqlite3.connect(partial)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    partial.replace(target)
    return target


def open_database(data_dir: Path) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the data directory's database."""
    conn = connect(data_dir / DB_NAME)
    migrate(conn, data_dir / "backups")
    return conn


def get_db() -> sqlite3.Connection:
    """The request's connection, opened on first use."""
    if "db" not in g:
        g.db = connect(Path(current_app.config["DATA"]) / DB_NAME)
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app: Flask) -> None:
    """Migrate at start-up (once, not per request) and close connections after each request."""
    conn = open_database(Path(app.config["DATA"]))
    conn.close()
    app.teardown_appcontext(close_db)
