"""Full backups as one .zip (database + media), checked restores in place, and daily backups.

A backup holds `langso.sqlite3` (a consistent copy made with SQLite's online backup API while the
kiosk keeps serving), every file the `media` table refers to as `media/<hh>/<hash>.<ext>`, and
`manifest.json` (versions, time, counts, size and sha256 of every other entry). A restore checks
everything before it touches anything, backs up the current data, then copies the restored content
into the live database with the same backup API, so a running server's open connections simply see
the new content (the file is never swapped under them). Format and limits: docs/backups.md.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import stat
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from kiosk import __version__, atomic, db
from kiosk.backup import rows as backup_rows
from kiosk.backup.rows import AccountChanges
from kiosk.media import files as media
from kiosk.store import content

FORMAT = "langso-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
KINDS = ("manual", "daily", "before-restore")
KEEP_DAILY = 14

MAX_ENTRIES = 50_000
MAX_DB_BYTES = 2 * 1024**3
MAX_MEDIA_FILE_BYTES = 64 * 1024**2  # uploads are capped far lower (media.MAX_AUDIO_BYTES)
MAX_MANIFEST_BYTES = 16 * 1024**2
MAX_TOTAL_BYTES = 8 * 1024**3
# A restore moves content_version this far, so no page the server cached before the swap, even
# one rendered during a burst of writes while the restore waited for the write lock, can match.
CONTENT_VERSION_JUMP = 1 << 32
STALE_WORK_SECONDS = 6 * 3600

_NAME = re.compile(r"^langso-(\d{8}T\d{6}Z)-(manual|daily|before-restore)(?:-(\d+))?\.zip$")
_MEDIA_ENTRY = re.compile(r"^media/([0-9a-f]{2})/([0-9a-f]{64})\.([a-z0-9]{2,5})$")
_ALREADY_COMPRESSED = {"jpg", "jpeg", "png", "webp", "ogg", "opus", "mp3", "m4a", "webm"}
_CHUNK = 1024 * 1024

log = logging.getLogger(__name__)


class BackupError(ValueError):
    """A backup cannot be made or restored; `problems` lists every reason, in Vietnamese."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        more = f" (và {len(problems) - 1} lỗi khác)" if len(problems) > 1 else ""
        super().__init__((problems[0] if problems else "bản sao lưu không dùng được") + more)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    created_at: str
    counts: dict[str, int]
    media_files: int
    missing_media: tuple[str, ...]  # rows whose file was gone or damaged when the backup ran


@dataclass(frozen=True)
class RestoreResult:
    created_at: str  # when the restored backup was made
    counts: dict[str, int]
    media_copied: int
    before_restore: Path | None  # the backup of the data that was replaced
    accounts: AccountChanges = AccountChanges()  # what the restore did to the team's accounts


@dataclass(frozen=True)
class BackupFile:
    path: Path
    kind: str
    created: datetime
    size: int


def _utc(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def backups_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "backups"


def new_backup_path(data_dir: Path, kind: str, now: datetime | None = None) -> Path:
    """A fresh name in data/backups/ saying when and why (`-2`, `-3` if that second is taken).

    Raises:
        ValueError: `kind` is not one of KINDS (pruning and listing rely on the name).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    stamp = _utc(now).strftime("%Y%m%dT%H%M%SZ")
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
            created = datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            found.append((created, int(match.group(3) or 1),
                          BackupFile(path, match.group(2), created, path.stat().st_size)))
    return [entry for *_, entry in sorted(found, key=lambda f: f[:2], reverse=True)]


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
        raise BackupError([f"không có cơ sở dữ liệu {live} để sao lưu"])
    when = _utc(now)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = _work_dir(data_dir)
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
        os.replace(partial, out)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    atomic.fsync_dir(out.parent)
    return BackupResult(out, manifest["created_at"], counts, len(files) - 1, tuple(missing))


def _work_dir(data_dir: Path) -> Path:
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
                raise BackupError(["cơ sở dữ liệu chưa được khởi tạo, không có gì để sao lưu"])
            rows = dest.execute("SELECT hash, ext FROM media ORDER BY hash").fetchall()
            return schema, content.counts(dest), [(h, e) for h, e in rows]
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
        while chunk := source.read(_CHUNK):
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


# --- checking a backup -----------------------------------------------------------------------

def _check(archive: zipfile.ZipFile, work: Path) -> tuple[list[str], dict[str, Any] | None]:
    """Every problem of the zip; on success the verified, migrated database is at work/DB_NAME."""
    problems: list[str] = []
    infos = _entries(archive, problems)
    manifest = _load_manifest(archive, infos, problems)
    if manifest is None:
        return problems, None
    listed = manifest["files"]
    for name in sorted(set(infos) - set(listed) - {MANIFEST}):
        problems.append(f"{name}: có trong tệp zip nhưng manifest.json không ghi")
    for name in sorted(set(listed) - set(infos)):
        problems.append(f"{name}: thiếu trong tệp zip (manifest.json có ghi)")
    if db.DB_NAME not in listed:
        problems.append(f"{db.DB_NAME}: thiếu cơ sở dữ liệu trong bản sao lưu")
    database_ok = True
    for name in sorted(set(listed) & set(infos)):
        sink = work / db.DB_NAME if name == db.DB_NAME else None
        ok = _check_entry(archive, infos[name], listed[name], sink, problems)
        database_ok = database_ok and (ok or sink is None)
    if database_ok and db.DB_NAME in infos and db.DB_NAME in listed:
        sizes = {name: info.file_size for name, info in infos.items()}
        _check_database(work / db.DB_NAME, manifest, sizes, problems)
    return problems, manifest


def _entries(archive: zipfile.ZipFile, problems: list[str]) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        problems.append(f"tệp zip có {len(infos)} mục, tối đa {MAX_ENTRIES}")
        return {}
    found: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        path = PurePosixPath(name)
        if (path.is_absolute() or ".." in path.parts or "\\" in name or ":" in name
                or not path.parts):
            problems.append(f"{name}: đường dẫn trong tệp zip thoát ra ngoài (../ hoặc tuyệt đối)")
        elif stat.S_ISLNK(info.external_attr >> 16):
            problems.append(f"{name}: liên kết tượng trưng (symlink) không được phép")
        elif info.is_dir():
            continue  # an archiver may add folders; they carry no data
        elif name in found:
            problems.append(f"{name}: có hai lần trong tệp zip")
        elif info.flag_bits & 0x1:
            problems.append(f"{name}: bị mã hóa bằng mật khẩu")
        elif info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            problems.append(f"{name}: kiểu nén không hỗ trợ")
        elif name not in (MANIFEST, db.DB_NAME) and not _MEDIA_ENTRY.match(name):
            problems.append(f"{name}: tệp lạ, không thuộc bản sao lưu Làng Số")
        elif info.file_size > _limit(name):
            problems.append(f"{name}: quá lớn ({info.file_size // 1024**2} MB, tối đa "
                            f"{_limit(name) // 1024**2} MB)")
        else:
            found[name] = info
            total += info.file_size
    if total > MAX_TOTAL_BYTES:
        problems.append(f"tổng dung lượng giải nén {total // 1024**2} MB, tối đa "
                        f"{MAX_TOTAL_BYTES // 1024**2} MB")
        return {}
    return found


def _limit(name: str) -> int:
    return {MANIFEST: MAX_MANIFEST_BYTES, db.DB_NAME: MAX_DB_BYTES}.get(name, MAX_MEDIA_FILE_BYTES)


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, sink=None) -> tuple[str, int]:
    """sha256 and real size of an entry, streamed (never more than its declared size + 1 bytes).

    Raises:
        zipfile.BadZipFile, EOFError, zlib.error: the entry is damaged (bad CRC, truncated).
    """
    digest, size = hashlib.sha256(), 0
    with archive.open(info) as entry:
        while size <= info.file_size and (chunk := entry.read(min(_CHUNK, info.file_size + 1))):
            digest.update(chunk)
            size += len(chunk)
            if sink is not None:
                sink.write(chunk)
    return digest.hexdigest(), size


def _check_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, expected: dict[str, Any],
                 target: Path | None, problems: list[str]) -> bool:
    name = info.filename
    try:
        if target is None:
            digest, size = _read_entry(archive, info)
        else:
            with target.open("wb") as sink:
                digest, size = _read_entry(archive, info, sink)
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
        problems.append(f"{name}: dữ liệu trong tệp zip bị hỏng ({exc})")
        return False
    count = len(problems)
    if size != info.file_size:
        problems.append(f"{name}: kích thước thật {size} byte khác kích thước khai báo "
                        f"{info.file_size} byte")
    elif size != expected["size"]:
        problems.append(f"{name}: {size} byte, manifest.json ghi {expected['size']} byte")
    if digest != expected["sha256"]:
        problems.append(f"{name}: nội dung đã bị thay đổi (sha256 không khớp manifest.json)")
    match = _MEDIA_ENTRY.match(name)
    if match and (digest != match.group(2) or match.group(1) != match.group(2)[:2]):
        problems.append(f"{name}: nội dung không khớp mã băm trong tên tệp")
    if match and match.group(3) not in media.IMAGE_TYPES | media.AUDIO_TYPES:
        problems.append(f"{name}: kiểu tệp .{match.group(3)} không được nhận")
    return len(problems) == count


def _load_manifest(archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo],
                   problems: list[str]) -> dict[str, Any] | None:
    if MANIFEST not in infos:
        problems.append(f"thiếu {MANIFEST}: đây không phải bản sao lưu Làng Số")
        return None
    try:
        with archive.open(infos[MANIFEST]) as entry:
            manifest = json.loads(entry.read(MAX_MANIFEST_BYTES + 1).decode("utf-8"))
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError, UnicodeDecodeError,
            ValueError) as exc:
        problems.append(f"{MANIFEST}: không đọc được ({exc})")
        return None
    wrong = _manifest_problems(manifest)
    problems.extend(f"{MANIFEST}: {w}" for w in wrong)
    return None if wrong else manifest


def _manifest_problems(m: Any) -> list[str]:
    if not isinstance(m, dict) or m.get("format") != FORMAT:
        return ["không phải manifest của bản sao lưu Làng Số"]
    wrong = []
    version = m.get("format_version")
    if not isinstance(version, int) or version < 1:
        wrong.append("format_version phải là số nguyên dương")
    elif version > FORMAT_VERSION:
        wrong.append(f"định dạng {version} mới hơn bản Làng Số này (đọc được đến "
                     f"{FORMAT_VERSION}); hãy cập nhật Làng Số")
    if not isinstance(m.get("schema_version"), int):
        wrong.append("schema_version phải là số nguyên")
    counts = m.get("counts")
    if not isinstance(counts, dict) or not all(isinstance(v, int) for v in counts.values()):
        wrong.append("counts phải là bảng số đếm")
    files = m.get("files")
    if not isinstance(files, dict) or not all(
            isinstance(f, dict) and isinstance(f.get("size"), int)
            and re.fullmatch(r"[0-9a-f]{64}", str(f.get("sha256"))) for f in files.values()):
        wrong.append("files phải ghi size và sha256 của từng tệp")
    missing = m.get("missing_media", [])
    if not isinstance(missing, list) or not all(isinstance(x, str) for x in missing):
        wrong.append("missing_media phải là danh sách tên tệp")
    if not isinstance(m.get("created_at"), str):
        wrong.append("thiếu created_at")
    return wrong


def _check_database(path: Path, manifest: dict[str, Any], entries: dict[str, int],
                    problems: list[str]) -> None:
    """Integrity, schema, foreign keys, counts and media rows; then migrate the copy in place."""
    name = db.DB_NAME
    ours = max(n for n, _ in db.migration_steps())
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        problems.append(f"{name}: không mở được cơ sở dữ liệu ({exc})")
        return
    try:
        conn.execute("PRAGMA trusted_schema=OFF")  # an uploaded file's views/triggers run nothing
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
        except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"
            result = [str(exc)]
        if result != ["ok"]:
            problems.append(f"{name}: cơ sở dữ liệu hỏng ({'; '.join(result[:3])})")
            return
        version = db.schema_version(conn)
        if version != manifest["schema_version"]:
            problems.append(f"{name}: phiên bản cấu trúc {version}, manifest.json ghi "
                            f"{manifest['schema_version']}")
        if version > ours:
            problems.append(f"{name}: được tạo bởi bản Làng Số mới hơn (cấu trúc {version}, bản "
                            f"này chỉ đến {ours}); hãy cập nhật Làng Số trước khi khôi phục")
            return
        if version < 1:
            problems.append(f"{name}: cơ sở dữ liệu trống, không có dữ liệu Làng Số")
            return
        if diff := _schema_diff(conn, version):
            problems.append(f"{name}: cấu trúc khác cấu trúc {version} của Làng Số "
                            f"({'; '.join(diff[:5])})")
            return
        if broken := conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"{name}: {len(broken)} dòng trỏ tới dòng không tồn tại "
                            f"(bảng {broken[0][0]})")
        _check_counts(conn, manifest["counts"], problems)
        _check_media_rows(conn, manifest, entries, problems)
        # Rows a crafted file could use to reach paths, URLs or pages: the admin's and packs' rules.
        problems.extend(str(p) for p in backup_rows.row_problems(conn))
    except sqlite3.Error as exc:
        problems.append(f"{name}: không đọc được cơ sở dữ liệu ({exc})")
        return
    finally:
        conn.close()
    if not problems:
        _migrate_copy(path, version, ours, problems)


def _schema(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master "
                        "WHERE name NOT LIKE 'sqlite_%'").fetchall()
    return {(kind, name): _normal_sql(sql or "") for kind, name, sql in rows}


def _normal_sql(sql: str) -> str:
    # db.migrate() drops whole-line comments (executescript() keeps them); spacing is not meaning.
    lines = (line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    return " ".join(" ".join(lines).split())


def _schema_diff(conn: sqlite3.Connection, version: int) -> list[str]:
    """How the file's tables, indexes and triggers differ from what our migrations make."""
    reference = sqlite3.connect(":memory:")
    try:
        for number, sql in db.migration_steps():
            if number <= version:
                reference.executescript(sql)
        want = _schema(reference)
    finally:
        reference.close()
    have = _schema(conn)
    diff = [f"thiếu {kind} {name}" for kind, name in sorted(set(want) - set(have))]
    diff += [f"thừa {kind} {name}" for kind, name in sorted(set(have) - set(want))]
    diff += [f"{kind} {name} khác" for (kind, name) in sorted(set(want) & set(have))
             if want[kind, name] != have[kind, name]]
    return diff


def _check_counts(conn: sqlite3.Connection, counts: dict[str, int], problems: list[str]) -> None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, expected in sorted(counts.items()):
        if table not in tables:
            problems.append(f"{MANIFEST}: counts ghi bảng {table!r} không có trong cơ sở dữ liệu")
            continue
        quoted = '"' + table.replace('"', '""') + '"'
        actual = conn.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]
        if actual != expected:
            problems.append(f"{db.DB_NAME}: bảng {table} có {actual} dòng, manifest.json ghi "
                            f"{expected}")


def _check_media_rows(conn: sqlite3.Connection, manifest: dict[str, Any],
                      entries: dict[str, int], problems: list[str]) -> None:
    missing_ok = set(manifest.get("missing_media", []))
    referenced = set()
    for digest, ext, size in conn.execute("SELECT hash, ext, size FROM media ORDER BY hash"):
        name = f"media/{str(digest)[:2]}/{digest}.{ext}"
        referenced.add(name)
        if name not in entries and f"{digest}.{ext}" not in missing_ok:
            problems.append(f"{name}: cơ sở dữ liệu cần tệp này nhưng bản sao lưu không có")
        elif name in entries and entries[name] != size:
            problems.append(f"{name}: {entries[name]} byte, bảng media ghi {size} byte")
    for name in sorted(n for n in entries if _MEDIA_ENTRY.match(n) and n not in referenced):
        problems.append(f"{name}: không có dòng nào trong bảng media dùng tệp này")


def _migrate_copy(path: Path, version: int, ours: int, problems: list[str]) -> None:
    """Bring an older copy up to our schema before it goes live, so the swap is one step."""
    conn = db.connect(path)
    try:
        db.migrate(conn)
    except sqlite3.Error as exc:
        problems.append(f"{db.DB_NAME}: không nâng cấp được từ cấu trúc {version} lên {ours} "
                        f"({exc})")
    finally:
        conn.close()


# --- restoring -------------------------------------------------------------------------------

def check_backup(path: Path, data_dir: Path) -> list[str]:
    """Every problem that would stop `path` from being restored (empty list: it would restore)."""
    work = _work_dir(data_dir)
    try:
        with _open_zip(path) as archive:
            return _check(archive, work)[0]
    except BackupError as exc:
        return exc.problems
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BackupError([f"{Path(path).name}: không phải tệp zip đọc được ({exc})"]) from exc


def account_changes(data_dir: Path, path: Path) -> AccountChanges:
    """Which accounts restoring `path` would add, remove or change, after checking all of it.

    Raises:
        BackupError: the backup is unusable (every reason listed).
    """
    data_dir = Path(data_dir)
    work = _work_dir(data_dir)
    try:
        with _open_zip(path) as archive:
            problems, manifest = _check(archive, work)
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
        return backup_rows.account_changes(live, copy)
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
    work = _work_dir(data_dir)
    try:
        with _open_zip(path) as archive:
            problems, manifest = _check(archive, work)
            if not problems:
                problems = _space_problems(data_dir, archive, work / db.DB_NAME)
            if problems or manifest is None:
                raise BackupError(problems)
            accounts = _account_changes(data_dir, work / db.DB_NAME)
            if accounts and confirm_accounts is not None and not confirm_accounts(accounts):
                raise BackupError(["các thay đổi tài khoản chưa được xác nhận; chưa khôi phục"])
            before = _backup_before_restore(data_dir, now)
            copied = _copy_media(archive, data_dir)
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
        raise BackupError([f"không sao lưu được dữ liệu hiện tại trước khi khôi phục "
                           f"({getattr(exc, 'strerror', None) or exc}); chưa thay đổi gì"]) from exc


def _space_problems(data_dir: Path, archive: zipfile.ZipFile, restored: Path) -> list[str]:
    """Room for the before-restore backup, new media and the database's WAL copy, or a reason."""
    new_media = sum(i.file_size for i in archive.infolist() if (m := _MEDIA_ENTRY.match(i.filename))
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
        return [f"không đủ chỗ trống trên đĩa: cần khoảng {needed // 1024**2} MB, còn "
                f"{free // 1024**2} MB"]
    return []


def _copy_media(archive: zipfile.ZipFile, data_dir: Path) -> int:
    """Write the media files the data directory lacks; files are named by content, so never clash.

    Raises:
        BackupError: the zip changed since it was checked (a file no longer matches its name).
    """
    copied = 0
    for info in sorted(archive.infolist(), key=lambda i: i.filename):
        match = _MEDIA_ENTRY.match(info.filename)
        if not match:
            continue
        target = media.media_path(data_dir, match.group(2), match.group(3))
        if target.is_file():
            continue
        with archive.open(info) as entry:
            data = entry.read(info.file_size + 1)
        if hashlib.sha256(data).hexdigest() != match.group(2):
            raise BackupError([f"{info.filename}: tệp zip đã bị thay đổi trong lúc khôi phục; "
                               "cơ sở dữ liệu chưa bị thay"])
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


# --- daily backups ---------------------------------------------------------------------------

def daily_backup_if_due(data_dir: Path, now: datetime | None = None) -> Path | None:
    """Make today's (UTC) daily backup if there is none yet, then keep only the newest 14.

    Returns the new backup's path, or None if one was already made today or there is no database.

    Raises:
        OSError, sqlite3.Error: as create_backup().
    """
    data_dir = Path(data_dir)
    when = _utc(now)
    _remove_stale_work(backups_dir(data_dir))
    if not (data_dir / db.DB_NAME).is_file():
        return None
    if any(b.kind == "daily" and b.created.date() == when.date() for b in list_backups(data_dir)):
        return None
    path = create_backup(data_dir, new_backup_path(data_dir, "daily", when), "daily", when).path
    prune_daily_backups(data_dir)
    return path


def prune_daily_backups(data_dir: Path, keep: int = KEEP_DAILY) -> list[Path]:
    """Delete all but the newest `keep` daily backups; manual and before-restore ones stay."""
    removed = []
    for old in [b for b in list_backups(data_dir) if b.kind == "daily"][keep:]:
        old.path.unlink(missing_ok=True)
        removed.append(old.path)
    return removed


def _remove_stale_work(folder: Path) -> None:
    """Scratch files and folders a killed backup or restore left behind (not ones in use now)."""
    if not folder.is_dir():
        return
    cutoff = time.time() - STALE_WORK_SECONDS
    for item in folder.glob(f"{atomic.TEMP_PREFIX}*"):
        try:
            if item.stat().st_mtime >= cutoff:
                continue
            if item.is_dir():
                shutil.rmtree(item, ignore_errors=True)
            else:
                item.unlink()
        except FileNotFoundError:
            continue  # another backup finished with it meanwhile


def start_daily_backups(data_dir: Path, interval: float = 3600.0) -> threading.Event:
    """Check every `interval` seconds (first at once) in a daemon thread; set() the event to stop.

    A failed backup is logged and tried again at the next check; it never stops the server.
    """
    stop = threading.Event()

    def loop() -> None:
        while True:
            try:
                if path := daily_backup_if_due(data_dir):
                    log.info("đã sao lưu hằng ngày: %s", path)
            except Exception:  # noqa: BLE001 — logged; the next check tries again
                log.exception("sao lưu hằng ngày thất bại")
            if stop.wait(interval):
                return

    threading.Thread(target=loop, name="langso-daily-backup", daemon=True).start()
    return stop
