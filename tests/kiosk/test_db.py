"""Storage: pragmas that survive power loss, numbered migrations, backup before migrating."""

from __future__ import annotations

import os
import sqlite3

import pytest

from kiosk import db


def test_fresh_database_is_at_the_latest_version(tmp_path):
    conn = db.open_database(tmp_path)
    latest = max(n for n, _ in db.migration_steps())
    assert db.schema_version(conn) == latest
    assert not (tmp_path / "backups").exists(), "an empty database needs no backup"


def test_connection_pragmas(tmp_path):
    db.open_database(tmp_path).close()
    conn = db.connect(tmp_path / db.DB_NAME)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_migrations_are_numbered_without_gaps():
    numbers = [n for n, _ in db.migration_steps()]
    assert numbers == list(range(1, len(numbers) + 1))


def test_foreign_keys_are_enforced(tmp_path):
    conn = db.open_database(tmp_path)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO steps (guide_id, position, title, body) VALUES (999, 1, '{}', '{}')")


def test_migration_backs_up_first_and_keeps_data(tmp_path, monkeypatch):
    conn = db.open_database(tmp_path)
    conn.execute("INSERT INTO shops (code, name, bank_bin, account, holder) "
                 "VALUES ('AB2C', 'Tạp hóa', '970436', '123', 'A')")
    real = db.migration_steps()
    extra = (len(real) + 1, "ALTER TABLE shops ADD COLUMN phone TEXT NOT NULL DEFAULT '';")
    monkeypatch.setattr(db, "migration_steps", lambda: [*real, extra])
    applied = db.migrate(conn, tmp_path / "backups")
    assert applied == [extra[0]]
    assert [tuple(r) for r in conn.execute("SELECT name, phone FROM shops")] == [("Tạp hóa", "")]
    (backup,) = (tmp_path / "backups").glob("*.sqlite3")
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == len(real)
    assert old.execute("SELECT name FROM shops").fetchall() == [("Tạp hóa",)]


def test_failed_migration_leaves_the_old_schema(tmp_path, monkeypatch):
    conn = db.open_database(tmp_path)
    version = db.schema_version(conn)
    broken = (version + 1, "CREATE TABLE ok_table (x);\nTHIS IS NOT SQL;")
    monkeypatch.setattr(db, "migration_steps", lambda: [broken])
    with pytest.raises(sqlite3.OperationalError):
        db.migrate(conn, tmp_path / "backups")
    assert db.schema_version(conn) == version
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "ok_table" not in tables


def test_transaction_rolls_back_on_error(tmp_path):
    conn = db.open_database(tmp_path)
    with pytest.raises(RuntimeError), db.transaction(conn):
        conn.execute("INSERT INTO settings (key, value) VALUES ('hamlet', '\"A\"')")
        raise RuntimeError("power cut simulated")
    assert conn.execute("SELECT count(*) FROM settings").fetchone()[0] == 0


def test_backup_is_a_readable_copy(tmp_path):
    conn = db.open_database(tmp_path)
    conn.execute("INSERT INTO settings (key, value) VALUES ('hamlet', '\"Thôn A\"')")
    path = db.backup(conn, tmp_path / "b")
    copy = sqlite3.connect(path)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT value FROM settings").fetchone()[0] == '"Thôn A"'


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_database_files_are_readable_by_the_owner_only(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "umask", os.umask)  # restore whatever the test run had
    os.umask(0o022)  # a shell's usual umask: files would be 0644
    conn = db.open_database(tmp_path)
    conn.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
    made = [tmp_path / db.DB_NAME, tmp_path / (db.DB_NAME + "-wal"),
            tmp_path / (db.DB_NAME + "-shm"), db.backup(conn, tmp_path / "backups")]
    modes = {p.name: oct(p.stat().st_mode & 0o777) for p in made}  # before close drops the WAL
    conn.close()
    assert modes == {p.name: "0o600" for p in made}


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_an_existing_database_left_world_readable_is_tightened_at_start(tmp_path):
    db.open_database(tmp_path).close()
    (tmp_path / db.DB_NAME).chmod(0o644)
    db.open_database(tmp_path).close()
    assert (tmp_path / db.DB_NAME).stat().st_mode & 0o777 == 0o600
