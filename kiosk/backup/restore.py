"""Restoring a checked backup in place, after asking about the accounts it would change.

A restore checks everything before it touches anything (kiosk.backup.verify), backs up the current
data, then copies the restored content into the live database with SQLite's backup API, so a running
server's open connections simply see the new content (the file is never swapped under them).
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk import atomic, db
from kiosk.backup import accounts, verify
from kiosk.backup.accounts import AccountChanges
from kiosk.backup.archive import (
    MEDIA_ENTRY,
    BackupError,
    create_backup,
    new_backup_path,
    work_dir,
)
from kiosk.commune import identity
from kiosk.media import files as media
from kiosk.problems import N_
from qr.messages import Message

# A restore moves content_version this far, so no page the server cached before the swap, even
# one rendered during a burst of writes while the restore waited for the write lock, can match.
CONTENT_VERSION_JUMP = 1 << 32


@dataclass(frozen=True)
class RestoreResult:
    created_at: str  # when the restored backup was made
    counts: dict[str, int]
    media_copied: int
    before_restore: Path | None  # the backup of the data that was replaced
    accounts: AccountChanges = AccountChanges()  # what the restore did to the team's accounts


def account_changes(data_dir: Path, path: Path) -> AccountChanges:
    """Which accounts restoring `path` would add, remove or change, after checking all of it.

    Raises:
        BackupError: the backup is unusable (every reason listed).
    """
    data_dir = Path(data_dir)
    work = work_dir(data_dir)
    try:
        with verify.open_zip(path) as archive:
            problems, manifest = verify.check_archive(archive, work)
        if problems or manifest is None:
            raise BackupError(problems)
        return _account_changes(data_dir, work / db.DB_NAME)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _account_changes(data_dir: Path, restored: Path) -> AccountChanges:
    live_path = data_dir / db.DB_NAME
    live = db.connect(live_path) if live_path.is_file() else None
    copy = db.connect(restored)
    try:
        return accounts.account_changes(live, copy)
    finally:
        copy.close()
        if live is not None:
            live.close()


def restore_backup(data_dir: Path, path: Path, now: datetime | None = None,
                   confirm_accounts: Callable[[AccountChanges], bool] | None = None
                   ) -> RestoreResult:
    """Replace the data directory's content with a backup's, after checking all of it.

    The current data is saved first as data/backups/langso-…-before-restore.zip. When the restore
    would add, remove or change accounts and `confirm_accounts` is given, it is asked first (with
    the changes) and the restore goes on only if it returns True.

    Raises:
        BackupError: the backup is unusable (every reason listed), the account changes were not
            confirmed, or there is no room on the disk; nothing has changed.
        OSError, sqlite3.Error: writing failed part-way (disk removed, database locked for good);
            the live database is either wholly old or wholly restored (extra media files aside).
    """
    data_dir = Path(data_dir)
    work = work_dir(data_dir)
    try:
        with verify.open_zip(path) as archive:
            problems, manifest = verify.check_archive(archive, work)
            if not problems:
                problems = _space_problems(data_dir, archive, work / db.DB_NAME)
            if problems or manifest is None:
                raise BackupError(problems)
            accounts = _account_changes(data_dir, work / db.DB_NAME)
            if accounts and confirm_accounts is not None and not confirm_accounts(accounts):
                raise BackupError([Message(N_("các thay đổi tài khoản chưa được xác nhận; chưa khôi "
                                               "phục"))])
            before = _backup_before_restore(data_dir, now)
            copied = _copy_media(archive, data_dir)
            if identity.KEY_FILE in manifest["files"]:
                # Checked above. A backup made before keys existed leaves this machine's own.
                atomic.write_text(identity.key_path(data_dir), verify.read_key(archive),
                                  mode=0o600)
        _replace_database(work / db.DB_NAME, data_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return RestoreResult(manifest["created_at"], manifest["counts"], copied, before, accounts)


def _backup_before_restore(data_dir: Path, now: datetime | None) -> Path | None:
    """Save the current data; a failure here stops the restore before anything changes."""
    if not (data_dir / db.DB_NAME).is_file():
        return None  # a fresh data directory: nothing to lose
    try:
        return create_backup(data_dir, new_backup_path(data_dir, "before-restore", now),
                             "before-restore", now).path
    except (OSError, sqlite3.Error) as exc:
        raise BackupError([Message(N_("không sao lưu được dữ liệu hiện tại trước khi khôi phục "
                                      "(%(error)s); chưa thay đổi gì"),
                                   error=str(getattr(exc, "strerror", None) or exc))]) from exc


def _space_problems(data_dir: Path, archive: zipfile.ZipFile, restored: Path) -> list[Message]:
    """Room for the before-restore backup, new media and the database's WAL copy, or a reason."""
    new_media = sum(i.file_size for i in archive.infolist() if (m := MEDIA_ENTRY.match(i.filename))
                    and not media.media_path(data_dir, m.group(2), m.group(3)).is_file())
    live = data_dir / db.DB_NAME
    current = 0
    if live.is_file():
        conn = db.connect(live)
        try:
            current = live.stat().st_size + conn.execute(
                "SELECT coalesce(sum(size), 0) FROM media").fetchone()[0]
        finally:
            conn.close()
    needed = current + new_media + 2 * restored.stat().st_size + 20 * 1024**2
    free = shutil.disk_usage(data_dir).free
    if free < needed:
        return [Message(N_("không đủ chỗ trống trên đĩa: cần khoảng %(needed)s MB, còn %(free)s MB"),
                        needed=needed // 1024**2, free=free // 1024**2)]
    return []


def _copy_media(archive: zipfile.ZipFile, data_dir: Path) -> int:
    """Write the media files the data directory lacks; files are named by content, so never clash.

    Raises:
        BackupError: the zip changed since it was checked (a file no longer matches its name).
    """
    copied = 0
    for info in sorted(archive.infolist(), key=lambda i: i.filename):
        match = MEDIA_ENTRY.match(info.filename)
        if not match:
            continue
        target = media.media_path(data_dir, match.group(2), match.group(3))
        if target.is_file():
            continue
        with archive.open(info) as entry:
            data = entry.read(info.file_size + 1)
        if hashlib.sha256(data).hexdigest() != match.group(2):
            raise BackupError([Message(N_("%(name)s: tệp zip đã bị thay đổi trong lúc khôi phục; "
                                          "cơ sở dữ liệu chưa bị thay"), name=info.filename)])
        atomic.write_bytes(target, data)
        copied += 1
    return copied


def _replace_database(restored: Path, data_dir: Path) -> None:
    """Copy the restored file into the live database in place, as one write transaction.

    Open connections (the server's threads) keep working and see the new content on their next
    read; SQLite bumps the schema cookie so they reload the schema too.
    """
    live = db.open_database(data_dir)
    try:
        page_size = live.execute("PRAGMA page_size").fetchone()[0]
        version_sql = "SELECT coalesce(max(n), 0) FROM content_version"
        old = live.execute(version_sql).fetchone()[0]
        source = db.connect(restored)
        try:
            # The backup API refuses to write a WAL database from a different page size.
            if source.execute("PRAGMA page_size").fetchone()[0] != page_size:
                source.execute(f"PRAGMA page_size = {int(page_size)}")
                source.execute("VACUUM")
            with db.transaction(source):
                mine = source.execute(version_sql).fetchone()[0]
                source.execute("INSERT OR REPLACE INTO content_version (id, n) VALUES (1, ?)",
                               (max(old, mine) + CONTENT_VERSION_JUMP,))
            source.backup(live)
        finally:
            source.close()
        db.migrate(live)  # a no-op: the copy was migrated while being checked
    finally:
        live.close()
