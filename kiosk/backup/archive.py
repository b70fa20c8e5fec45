"""Making a full backup as one .zip (database + media + manifest), and naming and listing backups.

A backup holds `langso.sqlite3` (a consistent copy made with SQLite's online backup API while the
kiosk keeps serving), every file the `media` table refers to as `media/<hh>/<hash>.<ext>`, and
`manifest.json` (versions, time, counts, size and sha256 of every other entry). Checking one is
kiosk.backup.verify, restoring it kiosk.backup.restore, daily backups kiosk.backup.schedule.
Format and limits: docs/backups.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from kiosk import __version__, atomic, db, store
from kiosk.commune import identity
from kiosk.media import files as media
from kiosk.problems import N_
from kiosk.store import settings as setting_store
from kiosk.timekeeping import localtime
from qr.messages import Message

FORMAT = "langso-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
KINDS = ("manual", "daily", "before-restore")

# langso-2026-11-30-1715+0700-manual.zip: the hamlet's time with its offset (localtime.file_stamp).
# Names before issue 17 held UTC (langso-20261130T101500Z-manual.zip); they are still listed.
_NAME = re.compile(r"^langso-(\d{4}-\d\d-\d\d-\d{4}[+-]\d{4}|\d{8}T\d{6}Z)"
                   r"-(manual|daily|before-restore)(?:-(\d+))?\.zip$")
MEDIA_ENTRY = re.compile(r"^media/([0-9a-f]{2})/([0-9a-f]{64})\.([a-z0-9]{2,5})$")
_ALREADY_COMPRESSED = {"jpg", "jpeg", "png", "webp", "ogg", "opus", "mp3", "m4a", "webm"}
CHUNK = 1024 * 1024


class BackupError(ValueError):
    """A backup cannot be made or restored; `problems` lists every reason as a Message (str() is
    the Vietnamese; a page shows it translated with kiosk.web.i18n.problem_text)."""

    def __init__(self, problems: list[Message]) -> None:
        self.problems = list(problems)
        more = f" (và {len(problems) - 1} lỗi khác)" if len(problems) > 1 else ""
        super().__init__((str(problems[0]) if problems else "bản sao lưu không dùng được") + more)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    created_at: str
    counts: dict[str, int]
    media_files: int
    missing_media: tuple[str, ...]  # rows whose file was gone or damaged when the backup ran



@dataclass(frozen=True)
class BackupFile:
    path: Path
    kind: str
    created: datetime
    size: int


def utc(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def backups_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "backups"


def hamlet_zone(data_dir: Path) -> tzinfo:
    """The `timezone` setting of the data directory's database (the default without one)."""
    live = Path(data_dir) / db.DB_NAME
    if not live.is_file():
        return localtime.zone_of({})
    conn = db.connect(live)
    try:
        return localtime.zone_of(setting_store.get_settings(conn))
    except sqlite3.Error:  # a database too old or broken to say: name the file all the same
        return localtime.zone_of({})
    finally:
        conn.close()


def new_backup_path(data_dir: Path, kind: str, now: datetime | None = None,
                    zone: tzinfo | None = None) -> Path:
    """A fresh name in data/backups/ saying when (the hamlet's time) and why (`-2`, `-3` if
    that minute is taken). `zone` defaults to the data directory's `timezone` setting.

    Raises:
        ValueError: `kind` is not one of KINDS (pruning and listing rely on the name).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    stamp = localtime.file_stamp(utc(now), zone or hamlet_zone(data_dir))
    folder = backups_dir(data_dir)
    path, n = folder / f"langso-{stamp}-{kind}.zip", 2
    while path.exists():
        path, n = folder / f"langso-{stamp}-{kind}-{n}.zip", n + 1
    return path


def list_backups(data_dir: Path) -> list[BackupFile]:
    """The backups in data/backups/, newest first (by the time in their names)."""
    found = []
    folder = backups_dir(data_dir)
    for path in folder.glob("langso-*.zip") if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if match and path.is_file():
            created = _created(match.group(1))
            found.append((created, int(match.group(3) or 1),
                          BackupFile(path, match.group(2), created, path.stat().st_size)))
    return [entry for *_, entry in sorted(found, key=lambda f: f[:2], reverse=True)]


def _created(stamp: str) -> datetime:
    """The moment a backup's name gives, in UTC (old names hold UTC, new ones local time)."""
    if stamp.endswith("Z"):
        return datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return localtime.parse_file_stamp(stamp).astimezone(UTC)


# --- making a backup -------------------------------------------------------------------------

def create_backup(data_dir: Path, out: Path, kind: str = "manual",
                  now: datetime | None = None) -> BackupResult:
    """Write the whole data directory's content to `out` (.zip), atomically.

    A kill or power cut mid-way leaves at most a `.tmp-*` file, never a partial zip named `out`.

    Raises:
        BackupError: there is no database to back up.
        OSError: `out` cannot be written (disk full, read-only); nothing is left under its name.
        sqlite3.Error: the live database cannot be read.
    """
    data_dir, out = Path(data_dir), Path(out)
    live = data_dir / db.DB_NAME
    if not live.is_file():
        raise BackupError([Message(N_("không có cơ sở dữ liệu %(path)s để sao lưu"), path=str(live))])
    when = utc(now)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = work_dir(data_dir)
    fd, partial = tempfile.mkstemp(prefix=atomic.TEMP_PREFIX, suffix=".zip", dir=out.parent)
    try:
        snapshot = work / db.DB_NAME
        schema, counts, rows = _snapshot(live, snapshot)
        # zip dates start in 1980; a Pi that booted with no clock may think it is 1970.
        stamp = max((when.year, when.month, when.day, when.hour, when.minute, when.second),
                    (1980, 1, 1, 0, 0, 0))
        files: dict[str, dict[str, Any]] = {}
        missing: list[str] = []
        with os.fdopen(fd, "wb") as raw:
            with zipfile.ZipFile(raw, "w") as archive:
                files[db.DB_NAME] = _add_file(archive, db.DB_NAME, snapshot, stamp)
                for digest, ext in rows:
                    name = f"media/{digest[:2]}/{digest}.{ext}"
                    data = _read_media(data_dir, digest, ext)
                    if data is None:
                        missing.append(f"{digest}.{ext}")
                        continue
                    archive.writestr(_zip_info(name, stamp, ext), data)
                    files[name] = {"size": len(data), "sha256": digest}
                # The hamlet's signing identity: a replacement machine restored from this
                # backup signs the monthly figures as the same hamlet.
                if (key := identity.key_path(data_dir)).is_file():
                    files[identity.KEY_FILE] = _add_file(archive, identity.KEY_FILE, key, stamp)
                manifest = {
                    "format": FORMAT, "format_version": FORMAT_VERSION,
                    "app_version": __version__, "schema_version": schema,
                    "created_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "kind": kind,
                    "counts": counts, "files": files, "missing_media": missing,
                }
                text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
                archive.writestr(_zip_info(MANIFEST, stamp, "json"), text.encode("utf-8"))
            raw.flush()
            os.fsync(raw.fileno())
        out = _publish(Path(partial), out)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    atomic.fsync_dir(out.parent)
    media_files = sum(1 for name in files if MEDIA_ENTRY.match(name))
    return BackupResult(out, manifest["created_at"], counts, media_files, tuple(missing))


def _publish(partial: Path, out: Path) -> Path:
    """Give the finished zip its name. A backup name (langso-…zip) is never put over an existing
    backup: a clock moved back, or two backups in one second, can compute a name already taken,
    so the next free `-2`, `-3` is used (a hard link fails rather than replaces). Returns the name."""
    match = _NAME.match(out.name)
    if not match:
        os.replace(partial, out)  # a file the user named on the command line
        return out
    base, n = out.name.removesuffix(".zip"), 2
    if match.group(3):
        base, n = base.rsplit("-", 1)[0], int(match.group(3)) + 1
    while True:
        try:
            os.link(partial, out)
        except FileExistsError:
            out, n = out.with_name(f"{base}-{n}.zip"), n + 1
            continue
        except OSError:  # no hard links on this file system: check, then replace
            if out.exists():
                out, n = out.with_name(f"{base}-{n}.zip"), n + 1
                continue
            os.replace(partial, out)
            return out
        partial.unlink()
        return out


def work_dir(data_dir: Path) -> Path:
    """A scratch folder in data/backups/: same disk as the data, unlike a RAM-backed /tmp."""
    folder = backups_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=atomic.TEMP_PREFIX, dir=folder))


def _snapshot(live: Path, target: Path) -> tuple[int, dict[str, int], list[tuple[str, str]]]:
    """Copy the live database into `target` in one online-backup step (one consistent snapshot)."""
    source = db.connect(live)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
            # A standalone file: the copy of a WAL database would otherwise ask for a -wal file.
            dest.execute("PRAGMA journal_mode=DELETE")
            schema = db.schema_version(dest)
            if schema < 1:
                raise BackupError([Message(N_("cơ sở dữ liệu chưa được khởi tạo, không có gì để sao "
                                               "lưu"))])
            rows = dest.execute("SELECT hash, ext FROM media ORDER BY hash").fetchall()
            return schema, store.counts(dest), [(h, e) for h, e in rows]
        finally:
            dest.close()
    finally:
        source.close()


def _zip_info(name: str, stamp: tuple[int, ...], ext: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_STORED if ext in _ALREADY_COMPRESSED else zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info


def _add_file(archive: zipfile.ZipFile, name: str, path: Path,
              stamp: tuple[int, ...]) -> dict[str, Any]:
    digest, size = hashlib.sha256(), 0
    info = _zip_info(name, stamp, "")
    info.file_size = path.stat().st_size  # lets zipfile choose ZIP64 for a file over 2 GB
    with path.open("rb") as source, archive.open(info, "w") as entry:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            entry.write(chunk)
            size += len(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def _read_media(data_dir: Path, digest: str, ext: str) -> bytes | None:
    """The file's bytes, or None if it is gone or no longer matches its hash (a failing SD card).

    A row whose name is no media name (planted before restores checked rows) reads nothing: it is
    listed as missing, and restoring such a backup is refused by the row checks.
    """
    try:
        data = media.read(data_dir, digest, ext)
    except (FileNotFoundError, media.MediaError):
        return None
    return data if hashlib.sha256(data).hexdigest() == digest else None
