"""Checking a backup before it is restored: zip structure, manifest, hashes, database schema.

Every problem is collected rather than stopping at the first, each a qr.messages.Message (a
Vietnamese msgid and its values: str() for the CLI, translated by the admin page); the rows themselves
are re-validated by kiosk.backup.rows with the admin's and packs' rules.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any

from kiosk import db
from kiosk.backup import rows
from kiosk.backup.archive import (
    CHUNK,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_ENTRY,
    BackupError,
    work_dir,
)
from kiosk.commune import identity
from kiosk.media import files as media
from kiosk.problems import N_
from qr.messages import Message

MAX_ENTRIES = 50_000
MAX_DB_BYTES = 2 * 1024**3
MAX_MEDIA_FILE_BYTES = 64 * 1024**2  # uploads are capped far lower (media.MAX_AUDIO_BYTES)
MAX_MANIFEST_BYTES = 16 * 1024**2
MAX_KEY_BYTES = 200  # identity.key: 64 hex digits and a newline
MAX_TOTAL_BYTES = 8 * 1024**3


def check_archive(archive: zipfile.ZipFile,
                  work: Path) -> tuple[list[Message], dict[str, Any] | None]:
    """Every problem of the zip; on success the verified, migrated database is at work/DB_NAME."""
    problems: list[Message] = []
    infos = _entries(archive, problems)
    manifest = _load_manifest(archive, infos, problems)
    if manifest is None:
        return problems, None
    listed = manifest["files"]
    for name in sorted(set(infos) - set(listed) - {MANIFEST}):
        problems.append(Message(N_("%(name)s: có trong tệp zip nhưng manifest.json không ghi"),
                                name=name))
    for name in sorted(set(listed) - set(infos)):
        problems.append(Message(N_("%(name)s: thiếu trong tệp zip (manifest.json có ghi)"), name=name))
    if db.DB_NAME not in listed:
        problems.append(Message(N_("%(name)s: thiếu cơ sở dữ liệu trong bản sao lưu"),
                                name=db.DB_NAME))
    database_ok = True
    for name in sorted(set(listed) & set(infos)):
        sink = work / db.DB_NAME if name == db.DB_NAME else None
        ok = _check_entry(archive, infos[name], listed[name], sink, problems)
        database_ok = database_ok and (ok or sink is None)
    if database_ok and db.DB_NAME in infos and db.DB_NAME in listed:
        sizes = {name: info.file_size for name, info in infos.items()}
        _check_database(work / db.DB_NAME, manifest, sizes, problems)
    return problems, manifest


def _entries(archive: zipfile.ZipFile, problems: list[Message]) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        problems.append(Message(N_("tệp zip có %(count)s mục, tối đa %(max)s"), count=len(infos),
                                max=MAX_ENTRIES))
        return {}
    found: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        path = PurePosixPath(name)
        if (path.is_absolute() or ".." in path.parts or "\\" in name or ":" in name
                or not path.parts):
            problems.append(Message(N_("%(name)s: đường dẫn trong tệp zip thoát ra ngoài (../ hoặc "
                                       "tuyệt đối)"), name=name))
        elif stat.S_ISLNK(info.external_attr >> 16):
            problems.append(Message(N_("%(name)s: liên kết tượng trưng (symlink) không được phép"),
                                    name=name))
        elif info.is_dir():
            continue  # an archiver may add folders; they carry no data
        elif name in found:
            problems.append(Message(N_("%(name)s: có hai lần trong tệp zip"), name=name))
        elif info.flag_bits & 0x1:
            problems.append(Message(N_("%(name)s: bị mã hóa bằng mật khẩu"), name=name))
        elif info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            problems.append(Message(N_("%(name)s: kiểu nén không hỗ trợ"), name=name))
        elif name not in (MANIFEST, db.DB_NAME, identity.KEY_FILE) and not MEDIA_ENTRY.match(name):
            problems.append(Message(N_("%(name)s: tệp lạ, không thuộc bản sao lưu Làng Số"), name=name))
        elif info.file_size > _limit(name):
            problems.append(Message(N_("%(name)s: quá lớn (%(size)s MB, tối đa %(max)s MB)"), name=name,
                                    size=info.file_size // 1024**2, max=_limit(name) // 1024**2))
        else:
            found[name] = info
            total += info.file_size
    if total > MAX_TOTAL_BYTES:
        problems.append(Message(N_("tổng dung lượng giải nén %(size)s MB, tối đa %(max)s MB"),
                                size=total // 1024**2, max=MAX_TOTAL_BYTES // 1024**2))
        return {}
    return found


def _limit(name: str) -> int:
    return {MANIFEST: MAX_MANIFEST_BYTES, db.DB_NAME: MAX_DB_BYTES,
            identity.KEY_FILE: MAX_KEY_BYTES}.get(name, MAX_MEDIA_FILE_BYTES)


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, sink=None) -> tuple[str, int]:
    """sha256 and real size of an entry, streamed (never more than its declared size + 1 bytes).

    Raises:
        zipfile.BadZipFile, EOFError, zlib.error: the entry is damaged (bad CRC, truncated).
    """
    digest, size = hashlib.sha256(), 0
    with archive.open(info) as entry:
        while size <= info.file_size and (chunk := entry.read(min(CHUNK, info.file_size + 1))):
            digest.update(chunk)
            size += len(chunk)
            if sink is not None:
                sink.write(chunk)
    return digest.hexdigest(), size


def _check_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, expected: dict[str, Any],
                 target: Path | None, problems: list[Message]) -> bool:
    name = info.filename
    try:
        if target is None:
            digest, size = _read_entry(archive, info)
        else:
            with target.open("wb") as sink:
                digest, size = _read_entry(archive, info, sink)
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
        problems.append(Message(N_("%(name)s: dữ liệu trong tệp zip bị hỏng (%(error)s)"), name=name,
                                error=str(exc)))
        return False
    count = len(problems)
    if size != info.file_size:
        problems.append(Message(N_("%(name)s: kích thước thật %(size)s byte khác kích thước khai báo "
                                   "%(declared)s byte"), name=name, size=size,
                                declared=info.file_size))
    elif size != expected["size"]:
        problems.append(Message(N_("%(name)s: %(size)s byte, manifest.json ghi %(listed)s byte"),
                                name=name, size=size, listed=expected["size"]))
    if digest != expected["sha256"]:
        problems.append(Message(N_("%(name)s: nội dung đã bị thay đổi (sha256 không khớp "
                                   "manifest.json)"), name=name))
    match = MEDIA_ENTRY.match(name)
    if match and (digest != match.group(2) or match.group(1) != match.group(2)[:2]):
        problems.append(Message(N_("%(name)s: nội dung không khớp mã băm trong tên tệp"), name=name))
    if match and match.group(3) not in media.IMAGE_TYPES | media.AUDIO_TYPES:
        problems.append(Message(N_("%(name)s: kiểu tệp .%(ext)s không được nhận"), name=name,
                                ext=match.group(3)))
    if name == identity.KEY_FILE and (reason := identity.check_key_text(read_key(archive))):
        problems.append(Message(N_("%(name)s: %(reason)s"), name=name, reason=reason))
    return len(problems) == count


def read_key(archive: zipfile.ZipFile) -> str:
    """The identity key entry as text ('' when it is not ASCII); its size was capped above."""
    return archive.read(identity.KEY_FILE)[:MAX_KEY_BYTES].decode("ascii", errors="replace")


def _load_manifest(archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo],
                   problems: list[Message]) -> dict[str, Any] | None:
    if MANIFEST not in infos:
        problems.append(Message(N_("thiếu %(name)s: đây không phải bản sao lưu Làng Số"), name=MANIFEST))
        return None
    try:
        with archive.open(infos[MANIFEST]) as entry:
            manifest = json.loads(entry.read(MAX_MANIFEST_BYTES + 1).decode("utf-8"))
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError, UnicodeDecodeError,
            ValueError) as exc:
        problems.append(Message(N_("%(name)s: không đọc được (%(error)s)"), name=MANIFEST,
                                error=str(exc)))
        return None
    wrong = _manifest_problems(manifest)
    problems.extend(wrong)
    return None if wrong else manifest


def _manifest_problems(m: Any) -> list[Message]:
    """What is wrong with the manifest, each message naming it (%(name)s)."""
    if not isinstance(m, dict) or m.get("format") != FORMAT:
        return [_manifest(N_("%(name)s: không phải manifest của bản sao lưu Làng Số"))]
    wrong: list[Message] = []
    version = m.get("format_version")
    if not isinstance(version, int) or version < 1:
        wrong.append(_manifest(N_("%(name)s: format_version phải là số nguyên dương")))
    elif version > FORMAT_VERSION:
        wrong.append(_manifest(N_("%(name)s: định dạng %(version)s mới hơn bản Làng Số này (đọc "
                                  "được đến %(ours)s); hãy cập nhật Làng Số"),
                               version=version, ours=FORMAT_VERSION))
    if not isinstance(m.get("schema_version"), int):
        wrong.append(_manifest(N_("%(name)s: schema_version phải là số nguyên")))
    counts = m.get("counts")
    if not isinstance(counts, dict) or not all(isinstance(v, int) for v in counts.values()):
        wrong.append(_manifest(N_("%(name)s: counts phải là bảng số đếm")))
    files = m.get("files")
    if not isinstance(files, dict) or not all(
            isinstance(f, dict) and isinstance(f.get("size"), int)
            and re.fullmatch(r"[0-9a-f]{64}", str(f.get("sha256"))) for f in files.values()):
        wrong.append(_manifest(N_("%(name)s: files phải ghi size và sha256 của từng tệp")))
    missing = m.get("missing_media", [])
    if not isinstance(missing, list) or not all(isinstance(x, str) for x in missing):
        wrong.append(_manifest(N_("%(name)s: missing_media phải là danh sách tên tệp")))
    if not isinstance(m.get("created_at"), str):
        wrong.append(_manifest(N_("%(name)s: thiếu created_at")))
    return wrong


def _manifest(message: str, **values: object) -> Message:
    return Message(message, name=MANIFEST, **values)


def _check_database(path: Path, manifest: dict[str, Any], entries: dict[str, int],
                    problems: list[Message]) -> None:
    """Integrity, schema, foreign keys, counts and media rows; then migrate the copy in place."""
    name = db.DB_NAME
    ours = max(n for n, _ in db.migration_steps())
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        problems.append(Message(N_("%(name)s: không mở được cơ sở dữ liệu (%(error)s)"), name=name,
                                error=str(exc)))
        return
    try:
        conn.execute("PRAGMA trusted_schema=OFF")  # an uploaded file's views/triggers run nothing
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
        except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"
            result = [str(exc)]
        if result != ["ok"]:
            problems.append(Message(N_("%(name)s: cơ sở dữ liệu hỏng (%(error)s)"), name=name,
                                    error="; ".join(result[:3])))
            return
        version = db.schema_version(conn)
        if version != manifest["schema_version"]:
            problems.append(Message(N_("%(name)s: phiên bản cấu trúc %(version)s, manifest.json ghi "
                                       "%(listed)s"), name=name, version=version,
                                    listed=manifest["schema_version"]))
        if version > ours:
            problems.append(Message(N_("%(name)s: được tạo bởi bản Làng Số mới hơn (cấu trúc "
                                       "%(version)s, bản này chỉ đến %(ours)s); hãy cập nhật Làng "
                                       "Số trước khi khôi phục"),
                                    name=name, version=version, ours=ours))
            return
        if version < 1:
            problems.append(Message(N_("%(name)s: cơ sở dữ liệu trống, không có dữ liệu Làng Số"),
                                    name=name))
            return
        if diff := _schema_diff(conn, version):
            problems.append(Message(N_("%(name)s: cấu trúc khác cấu trúc %(version)s của Làng Số "
                                       "(%(diff)s)"), name=name, version=version,
                                    diff="; ".join(diff[:5])))
            return
        if broken := conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(Message(N_("%(name)s: %(count)s dòng trỏ tới dòng không tồn tại (bảng "
                                       "%(table)s)"), name=name, count=len(broken),
                                    table=broken[0][0]))
        _check_counts(conn, manifest["counts"], problems)
        _check_media_rows(conn, manifest, entries, problems)
        # Rows a crafted file could use to reach paths, URLs or pages: the admin's and packs' rules.
        problems.extend(Message(N_("%(file)s: %(field)s: %(problem)s"), file=p.file, field=p.field,
                                problem=Message(p.template, **dict(p.params)))
                        for p in rows.row_problems(conn))
    except sqlite3.Error as exc:
        problems.append(Message(N_("%(name)s: không đọc được cơ sở dữ liệu (%(error)s)"), name=name,
                                error=str(exc)))
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
    db.register_functions(reference)  # migrations may call them
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


def _check_counts(conn: sqlite3.Connection, counts: dict[str, int],
                  problems: list[Message]) -> None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, expected in sorted(counts.items()):
        if table not in tables:
            problems.append(Message(N_("%(name)s: counts ghi bảng %(table)s không có trong cơ sở dữ "
                                       "liệu"), name=MANIFEST, table=repr(table)))
            continue
        quoted = '"' + table.replace('"', '""') + '"'
        actual = conn.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]
        if actual != expected:
            problems.append(Message(N_("%(name)s: bảng %(table)s có %(count)s dòng, manifest.json ghi "
                                       "%(listed)s"), name=db.DB_NAME, table=table, count=actual,
                                    listed=expected))


def _check_media_rows(conn: sqlite3.Connection, manifest: dict[str, Any],
                      entries: dict[str, int], problems: list[Message]) -> None:
    missing_ok = set(manifest.get("missing_media", []))
    referenced = set()
    for digest, ext, size in conn.execute("SELECT hash, ext, size FROM media ORDER BY hash"):
        name = f"media/{str(digest)[:2]}/{digest}.{ext}"
        referenced.add(name)
        if name not in entries and f"{digest}.{ext}" not in missing_ok:
            problems.append(Message(N_("%(name)s: cơ sở dữ liệu cần tệp này nhưng bản sao lưu không "
                                       "có"), name=name))
        elif name in entries and entries[name] != size:
            problems.append(Message(N_("%(name)s: %(size)s byte, bảng media ghi %(listed)s byte"),
                                    name=name, size=entries[name], listed=size))
    for name in sorted(n for n in entries if MEDIA_ENTRY.match(n) and n not in referenced):
        problems.append(Message(N_("%(name)s: không có dòng nào trong bảng media dùng tệp này"),
                                name=name))


def _migrate_copy(path: Path, version: int, ours: int, problems: list[Message]) -> None:
    """Bring an older copy up to our schema before it goes live, so the swap is one step."""
    conn = db.connect(path)
    try:
        db.migrate(conn)
    except sqlite3.Error as exc:
        problems.append(Message(N_("%(name)s: không nâng cấp được từ cấu trúc %(version)s lên "
                                   "%(ours)s (%(error)s)"), name=db.DB_NAME, version=version,
                                ours=ours, error=str(exc)))
    finally:
        conn.close()



def check_backup(path: Path, data_dir: Path) -> list[Message]:
    """Every problem that would stop `path` from being restored (empty list: it would restore)."""
    work = work_dir(data_dir)
    try:
        with open_zip(path) as archive:
            return check_archive(archive, work)[0]
    except BackupError as exc:
        return exc.problems
    finally:
        shutil.rmtree(work, ignore_errors=True)


def open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BackupError([Message(N_("%(name)s: không phải tệp zip đọc được (%(error)s)"),
                                  name=Path(path).name, error=str(exc))]) from exc

