"""Full backups: round trip, refusing damaged or tampered zips, restoring under open connections,
daily backups and their pruning, and the `langso backup` / `langso restore` commands."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from kiosk import create_app, db
from kiosk.backup import archive, restore, schedule, verify
from kiosk.cli.backup import backup_command, restore_command
from kiosk.packs.check import load
from kiosk.packs.importer import import_pack
from tests.helpers.packbuilder import jpeg, write_pack

ROOT = Path(__file__).resolve().parents[3]


# --- helpers ---------------------------------------------------------------------------------

def tables(data_dir: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    conn = sqlite3.connect(data_dir / db.DB_NAME)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {n: sorted((tuple(r) for r in conn.execute(f'SELECT * FROM "{n}"')), key=repr)
                for n in sorted(names)}
    finally:
        conn.close()


def content(data_dir: Path) -> dict[str, list[tuple]]:
    """tables() without the cache counter, which a restore moves on purpose."""
    return {k: v for k, v in tables(data_dir).items() if k != "content_version"}


def content_version(data_dir: Path) -> int:
    conn = sqlite3.connect(data_dir / db.DB_NAME)
    try:
        return conn.execute("SELECT n FROM content_version").fetchone()[0]
    finally:
        conn.close()


def media_files(data_dir: Path) -> dict[str, bytes]:
    root = data_dir / "media"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def referenced_media(data_dir: Path) -> dict[str, bytes]:
    conn = sqlite3.connect(data_dir / db.DB_NAME)
    try:
        rows = conn.execute("SELECT hash, ext FROM media").fetchall()
    finally:
        conn.close()
    files = media_files(data_dir)
    return {f"{h[:2]}/{h}.{e}": files[f"{h[:2]}/{h}.{e}"] for h, e in rows}


def state(data_dir: Path) -> tuple:
    """Everything a failed restore must leave alone."""
    folder = data_dir / "backups"
    listing = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    return tables(data_dir), media_files(data_dir), listing


def rebuild(src: Path, dst: Path, *, replace: dict[str, bytes] | None = None,
            drop: tuple[str, ...] = (), add: dict[str, bytes] | None = None,
            fix_manifest: bool = False, manifest_edit=None) -> Path:
    """A copy of a backup zip with entries changed; fix_manifest makes the manifest agree again."""
    with zipfile.ZipFile(src) as zipped:
        entries = {i.filename: zipped.read(i) for i in zipped.infolist()}
    entries.update(replace or {})
    for name in drop:
        entries.pop(name)
    manifest = json.loads(entries["manifest.json"]) if "manifest.json" in entries else None
    if manifest is not None:
        if fix_manifest:
            for name in replace or {}:
                manifest["files"][name] = {"size": len(entries[name]),
                                           "sha256": hashlib.sha256(entries[name]).hexdigest()}
        if manifest_edit:
            manifest_edit(manifest)
        entries["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(dst, "w") as zipped:
        for name, data in {**entries, **(add or {})}.items():
            zipped.writestr(name, data)
    return dst


def edit_database(zip_path: Path, tmp_path: Path, *statements: str) -> bytes:
    """The backup's database bytes after running SQL on a copy of it."""
    copy = tmp_path / "edit.sqlite3"
    with zipfile.ZipFile(zip_path) as zipped:
        copy.write_bytes(zipped.read(db.DB_NAME))
    conn = sqlite3.connect(copy, isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.close()
    return copy.read_bytes()


def media_entry(zip_path: Path, ext: str) -> str:
    with zipfile.ZipFile(zip_path) as zipped:
        return next(n for n in zipped.namelist() if n.endswith("." + ext))


# --- fixtures --------------------------------------------------------------------------------

@pytest.fixture
def filled(app, data_dir: Path) -> Path:
    """The app's data directory with a user and an audit entry too, so every table has rows."""
    conn = db.connect(data_dir / db.DB_NAME)
    conn.execute("INSERT INTO users (name, password_hash, role) VALUES ('Lan', 'hash', 'admin')")
    conn.execute("INSERT INTO audit_log (user_name, action, target) VALUES ('Lan', 'sửa', 'TH2A')")
    conn.close()
    return data_dir


@pytest.fixture
def other_dir(tmp_path: Path) -> Path:
    """A second installation with different content (another hamlet, shop and photo)."""
    settings = yaml.safe_dump({"hamlet": "Thôn Khác", "commune": "Xã Khác", "province": "Tỉnh Khác",
                               "public_base_url": "http://192.168.1.20:8080"}, allow_unicode=True)
    shops = ("code,name,owner,bank,account,holder,amount,purpose,demo\n"
             "KH9Z,Quán Nước Chè,,970436,0005550001,LE THI HOA,,,1\n")
    pack = write_pack(tmp_path / "other-pack", shops=shops, extra={
        "settings.yaml": settings.encode(), "heritage/dinh-thu/dinh.jpg": jpeg("#224488")})
    folder = tmp_path / "other"
    create_app({"DATA": str(folder), "TESTING": True})
    conn = db.connect(folder / db.DB_NAME)
    import_pack(conn, folder, load(pack))
    conn.close()
    return folder


@pytest.fixture
def good_zip(filled: Path, tmp_path: Path) -> Path:
    return archive.create_backup(filled, tmp_path / "good.zip").path


# --- round trip ------------------------------------------------------------------------------

def test_round_trip_into_a_fresh_data_dir_is_identical(filled, good_zip, tmp_path):
    fresh = tmp_path / "fresh"
    result = restore.restore_backup(fresh, good_zip)
    assert content(fresh) == content(filled)
    assert media_files(fresh) == media_files(filled)
    assert result.media_copied == len(media_files(filled)) > 0
    assert result.before_restore is None


def test_restore_replaces_other_content_and_keeps_it_in_a_before_restore_backup(
        filled, good_zip, other_dir, tmp_path):
    old = content(other_dir)
    assert old != content(filled)
    result = restore.restore_backup(other_dir, good_zip)
    assert content(other_dir) == content(filled)
    assert referenced_media(other_dir) == referenced_media(filled)
    assert result.before_restore.parent == other_dir / "backups"
    assert result.before_restore.name.endswith("-before-restore.zip")
    restore.restore_backup(tmp_path / "undo", result.before_restore)
    assert content(tmp_path / "undo") == old


def test_backup_entries_are_in_a_fixed_order_with_a_full_manifest(filled, good_zip):
    with zipfile.ZipFile(good_zip) as zipped:
        names = zipped.namelist()
        manifest = json.loads(zipped.read("manifest.json"))
        for name in names[:-1]:
            digest = hashlib.sha256(zipped.read(name)).hexdigest()
            assert digest == manifest["files"][name]["sha256"]
    media_names = [n for n in names if n.startswith("media/")]
    assert names == ["langso.sqlite3", *sorted(media_names), "manifest.json"]
    assert {n.removeprefix("media/") for n in media_names} == set(media_files(filled))
    assert manifest["schema_version"] == max(n for n, _ in db.migration_steps())
    assert manifest["counts"]["users"] == 1


def test_restore_moves_content_version_and_a_running_app_drops_cached_pages(
        filled, good_zip, other_dir):
    app = create_app({"DATA": str(other_dir), "TESTING": True})
    client = app.test_client()
    assert "Thôn Khác" in client.get("/").get_data(as_text=True)
    assert "Thôn Khác" in client.get("/").get_data(as_text=True)  # now served from the cache
    before = content_version(other_dir)
    restore.restore_backup(other_dir, good_zip)
    assert content_version(other_dir) not in (before, content_version(filled))
    page = client.get("/").get_data(as_text=True)
    assert "Thôn Thử" in page and "Thôn Khác" not in page


def test_open_connection_sees_the_restored_data(good_zip, other_dir):
    conn = db.connect(other_dir / db.DB_NAME)
    assert [r[0] for r in conn.execute("SELECT code FROM shops")] == ["KH9Z"]
    restore.restore_backup(other_dir, good_zip)
    assert sorted(r[0] for r in conn.execute("SELECT code FROM shops")) == ["PH3B", "TH2A"]
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 1
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_reader_mid_transaction_keeps_its_snapshot_until_it_ends(good_zip, other_dir):
    reader = db.connect(other_dir / db.DB_NAME)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM shops").fetchone()[0] == 1
    restore.restore_backup(other_dir, good_zip)
    assert reader.execute("SELECT count(*) FROM shops").fetchone()[0] == 1
    reader.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM shops").fetchone()[0] == 2
    reader.close()


def test_an_older_backup_is_migrated_on_restore(filled, good_zip, other_dir, monkeypatch):
    real = db.migration_steps()
    newer = (len(real) + 1, "ALTER TABLE shops ADD COLUMN phone TEXT NOT NULL DEFAULT '';")
    monkeypatch.setattr(db, "migration_steps", lambda: [*real, newer])
    restore.restore_backup(other_dir, good_zip)
    conn = db.connect(other_dir / db.DB_NAME)
    assert db.schema_version(conn) == newer[0]
    assert sorted(tuple(r) for r in conn.execute("SELECT code, phone FROM shops")) == [
        ("PH3B", ""), ("TH2A", "")]
    conn.close()


def test_a_database_with_another_page_size_is_restored(filled, good_zip, other_dir, tmp_path):
    data = edit_database(good_zip, tmp_path, "PRAGMA page_size = 1024", "VACUUM")
    assert int.from_bytes(data[16:18], "big") == 1024
    odd = rebuild(good_zip, tmp_path / "odd.zip", replace={db.DB_NAME: data}, fix_manifest=True)
    restore.restore_backup(other_dir, odd)
    assert content(other_dir) == content(filled)


def test_a_missing_media_file_is_listed_and_the_backup_still_restores(filled, tmp_path):
    lost = next((filled / "media").rglob("*.jpg"))
    lost.unlink()
    result = archive.create_backup(filled, tmp_path / "b.zip")
    assert result.missing_media == (lost.name,)
    restore.restore_backup(tmp_path / "fresh", result.path)
    assert content(tmp_path / "fresh") == content(filled)


# --- refusing bad backups --------------------------------------------------------------------

def _flip_byte_in_stored_photo(good: Path, dst: Path) -> Path:
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zipped:
        info = zipped.getinfo(media_entry(good, "jpg"))
    assert info.compress_type == zipfile.ZIP_STORED
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.file_size // 2] ^= 0xFF
    dst.write_bytes(bytes(data))
    return dst


def _newer_schema(good: Path, dst: Path, tmp_path: Path) -> Path:
    newer = max(n for n, _ in db.migration_steps()) + 1
    data = edit_database(good, tmp_path, f"PRAGMA user_version = {newer}")
    return rebuild(good, dst, replace={db.DB_NAME: data}, fix_manifest=True,
                   manifest_edit=lambda m: m.update(schema_version=newer))


def _corrupt_database(good: Path, dst: Path, tmp_path: Path) -> Path:
    data = bytearray(edit_database(good, tmp_path))
    page = int.from_bytes(data[16:18], "big")
    data[page * 2:page * 3] = bytes(range(256)) * (page // 256)  # garbage over a b-tree page
    return rebuild(good, dst, replace={db.DB_NAME: bytes(data)}, fix_manifest=True)


def _changed_photo(good: Path, dst: Path) -> Path:
    name = media_entry(good, "jpg")
    with zipfile.ZipFile(good) as zipped:
        data = bytearray(zipped.read(name))
    data[len(data) // 2] ^= 0x01
    return rebuild(good, dst, replace={name: bytes(data)})


def _symlink(good: Path, dst: Path) -> Path:
    rebuild(good, dst)
    with zipfile.ZipFile(dst, "a") as zipped:
        link = zipfile.ZipInfo("media/ab/link")
        link.external_attr = 0o120777 << 16
        zipped.writestr(link, "/etc/passwd")
    return dst


TAMPERED = {
    "changed byte": (lambda g, d, t: _flip_byte_in_stored_photo(g, d), ["bị hỏng"]),
    "changed photo, same manifest": (lambda g, d, t: _changed_photo(g, d),
                                     ["sha256 không khớp manifest.json", "không khớp mã băm"]),
    "missing file": (lambda g, d, t: rebuild(g, d, drop=(media_entry(g, "svg"),)),
                     ["thiếu trong tệp zip", "cơ sở dữ liệu cần tệp này"]),
    "traversal entry": (lambda g, d, t: rebuild(g, d, add={"../evil.txt": b"x"}),
                        ["../evil.txt: đường dẫn trong tệp zip thoát ra ngoài"]),
    "absolute entry": (lambda g, d, t: rebuild(g, d, add={"/etc/cron.d/x": b"x"}),
                       ["thoát ra ngoài"]),
    "symlink entry": (lambda g, d, t: _symlink(g, d), ["symlink"]),
    "unknown entry": (lambda g, d, t: rebuild(g, d, add={"notes.txt": b"x"}),
                      ["notes.txt: tệp lạ"]),
    "newer schema": (_newer_schema, ["bản Làng Số mới hơn", "hãy cập nhật Làng Số"]),
    "corrupt database": (_corrupt_database, ["cơ sở dữ liệu hỏng"]),
    "database not sqlite": (lambda g, d, t: rebuild(g, d, replace={db.DB_NAME: b"x" * 5000},
                                                    fix_manifest=True), ["langso.sqlite3"]),
    "dropped trigger": (lambda g, d, t: rebuild(g, d, fix_manifest=True, replace={db.DB_NAME: (
        edit_database(g, t, "DROP TRIGGER shops_insert_bumps_version"))}),
                        ["cấu trúc khác", "thiếu trigger shops_insert_bumps_version"]),
    "dangling foreign key": (lambda g, d, t: rebuild(g, d, fix_manifest=True, replace={db.DB_NAME: (
        edit_database(g, t, "UPDATE steps SET guide_id = 999"))}), ["dòng không tồn tại"]),
    "no manifest": (lambda g, d, t: rebuild(g, d, drop=("manifest.json",)),
                    ["thiếu manifest.json"]),
    "manifest counts wrong": (lambda g, d, t: rebuild(
        g, d, manifest_edit=lambda m: m["counts"].update(shops=7)),
                              ["bảng shops có 2 dòng, manifest.json ghi 7"]),
    "newer format": (lambda g, d, t: rebuild(
        g, d, manifest_edit=lambda m: m.update(format_version=archive.FORMAT_VERSION + 1)),
                     ["hãy cập nhật Làng Số"]),
    "not a zip": (lambda g, d, t: (d.write_bytes(b"PK\x03\x04 not really"), d)[1],
                  ["không phải tệp zip"]),
}


@pytest.mark.parametrize("case", TAMPERED)
def test_a_bad_backup_is_refused_with_reasons_and_nothing_changes(case, good_zip, other_dir,
                                                                   tmp_path):
    make, reasons = TAMPERED[case]
    bad = make(good_zip, tmp_path / "bad.zip", tmp_path)
    before = state(other_dir)
    with pytest.raises(archive.BackupError) as caught:
        restore.restore_backup(other_dir, bad)
    text = "\n".join(map(str, caught.value.problems))
    for reason in reasons:
        assert reason in text
    assert state(other_dir) == before
    assert verify.check_backup(bad, other_dir) == caught.value.problems


def test_every_problem_is_listed_at_once(good_zip, other_dir, tmp_path):
    bad = rebuild(good_zip, tmp_path / "bad.zip", drop=(media_entry(good_zip, "svg"),),
                  add={"../evil.txt": b"x"},
                  manifest_edit=lambda m: m["counts"].update(shops=7))
    with pytest.raises(archive.BackupError) as caught:
        restore.restore_backup(other_dir, bad)
    text = "\n".join(map(str, caught.value.problems))
    for reason in ("thoát ra ngoài", "thiếu trong tệp zip", "manifest.json ghi 7"):
        assert reason in text


def test_the_good_backup_passes_the_check(good_zip, other_dir):
    assert verify.check_backup(good_zip, other_dir) == []


# --- making backups safely -------------------------------------------------------------------

def test_a_failed_backup_leaves_no_file_under_the_final_name(filled, tmp_path, monkeypatch):
    out = tmp_path / "out" / "b.zip"
    out.parent.mkdir()

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(archive.media, "read", disk_full)
    with pytest.raises(OSError):
        archive.create_backup(filled, out)
    assert list(out.parent.iterdir()) == []
    assert not any((filled / "backups").iterdir())


KILLED_BACKUP = """
import sys, time
from pathlib import Path
from kiosk.backup import archive
real = archive.media.read
def slow(*args):
    data = real(*args)
    print("writing", flush=True)
    time.sleep(60)
    return data
archive.media.read = slow
archive.create_backup(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_a_killed_backup_leaves_no_zip_and_its_leftovers_are_cleaned(filled, tmp_path):
    out = filled / "backups" / "b.zip"
    child = subprocess.Popen([sys.executable, "-c", KILLED_BACKUP, str(filled), str(out)],
                             cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "writing"
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
    leftovers = list((filled / "backups").glob(".tmp-*"))
    assert not out.exists() and leftovers
    old = time.time() - schedule.STALE_WORK_SECONDS - 60
    for item in leftovers:
        os.utime(item, (old, old))
    schedule.daily_backup_if_due(filled)
    assert not list((filled / "backups").glob(".tmp-*"))


def test_a_backup_taken_while_another_thread_writes_is_consistent(filled, tmp_path):
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        conn = db.connect(filled / db.DB_NAME)
        try:
            for i in range(100_000):
                if stop.is_set():
                    return
                # A shop and the running total, always together; both pass a restore's row
                # checks (a valid short code, a known setting holding a string).
                code = "W" + "".join("ABCDEFGHJK"[int(d)] for d in f"{i:05d}")
                with db.transaction(conn):
                    conn.execute("INSERT INTO shops (code, name, bank_bin, account, holder) "
                                 "VALUES (?, 'Quán', '970436', ?, 'A')", (code, str(i)))
                    conn.execute("INSERT OR REPLACE INTO settings (key, value) "
                                 "SELECT 'wifi_password', json_quote(CAST(count(*) AS TEXT)) FROM shops")
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        results = [archive.create_backup(filled, tmp_path / f"b{i}.zip") for i in range(5)]
    finally:
        stop.set()
        thread.join()
    assert errors == []
    totals = set()
    for result in results:
        with zipfile.ZipFile(result.path) as zipped:
            (tmp_path / "check.sqlite3").write_bytes(zipped.read(db.DB_NAME))
        conn = sqlite3.connect(tmp_path / "check.sqlite3")
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        shops = conn.execute("SELECT count(*) FROM shops").fetchone()[0]
        assert conn.execute("SELECT value FROM settings WHERE key = 'wifi_password'").fetchone() in (
            None, (json.dumps(str(shops)),))
        assert result.counts["shops"] == shops
        totals.add(shops)
        conn.close()
        assert verify.check_backup(result.path, tmp_path / "scratch") == []
    assert len(totals) > 1, "the writer should have committed between backups"


# --- daily backups ---------------------------------------------------------------------------

def test_daily_backups_keep_the_newest_14_and_leave_the_others(filled):
    start = datetime(2026, 11, 1, 3, 0, tzinfo=UTC)
    manual = archive.create_backup(filled, archive.new_backup_path(filled, "manual", start)).path
    before = archive.create_backup(filled, archive.new_backup_path(filled, "before-restore", start),
                                  "before-restore").path
    made = []
    for day in range(20):
        now = start + timedelta(days=day)
        made.append(schedule.daily_backup_if_due(filled, now))
        assert schedule.daily_backup_if_due(filled, now + timedelta(hours=5)) is None
    dailies = [b.path for b in archive.list_backups(filled) if b.kind == "daily"]
    assert dailies == made[:-15:-1]
    assert manual.exists() and before.exists()
    assert all(not p.exists() for p in made[:6])


def test_daily_backup_needs_a_database(tmp_path):
    assert schedule.daily_backup_if_due(tmp_path / "empty") is None


def test_daily_backups_run_in_the_background(filled):
    stop = schedule.start_daily_backups(filled, interval=0.05)
    try:
        for _ in range(100):
            if any(b.kind == "daily" for b in archive.list_backups(filled)):
                break
            time.sleep(0.05)
    finally:
        stop.set()
    assert [b.kind for b in archive.list_backups(filled)] == ["daily"]


# --- command line ----------------------------------------------------------------------------

def one_error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, result.output
    assert lines and lines[-1].startswith("Lỗi: ")
    assert "Traceback" not in result.output
    return lines[-1]


def test_cli_backup_writes_a_zip_that_restores(app, filled, tmp_path):
    out = tmp_path / "usb" / "langso.zip"
    result = app.test_cli_runner().invoke(backup_command, [str(out)])
    assert result.exit_code == 0, result.output
    assert str(out) in result.stdout
    assert verify.check_backup(out, filled) == []


def test_cli_backup_into_a_folder_names_the_file(app, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    result = app.test_cli_runner().invoke(backup_command, [str(folder)])
    assert result.exit_code == 0, result.output
    (made,) = folder.iterdir()
    assert made.name.startswith("langso-") and made.name.endswith("-manual.zip")


@pytest.mark.parametrize("args, message", [
    (["backup.txt"], "đuôi .zip"),
    ([], "Thiếu"),
])
def test_cli_backup_refuses_bad_input(app, args, message):
    result = app.test_cli_runner().invoke(backup_command, args)
    assert message in one_error_line(result)


def test_cli_restore(app, filled, other_dir, tmp_path):
    out = archive.create_backup(other_dir, tmp_path / "other.zip").path
    # The other installation has no accounts: Lan would go, so scripts say --yes.
    result = app.test_cli_runner().invoke(restore_command, [str(out), "--yes"])
    assert result.exit_code == 0, result.output
    assert "xóa tài khoản: Lan" in result.stdout
    assert content(filled) == content(other_dir)
    (saved,) = (filled / "backups").glob("*-before-restore.zip")
    assert str(saved) in result.stdout


def test_cli_restore_of_a_missing_file(app, tmp_path):
    result = app.test_cli_runner().invoke(restore_command, [str(tmp_path / "nope.zip")])
    assert "không có tệp" in one_error_line(result)


def test_cli_restore_lists_every_problem_then_one_error_line(app, filled, good_zip, tmp_path):
    bad = rebuild(good_zip, tmp_path / "bad.zip", add={"../evil.txt": b"x"},
                  manifest_edit=lambda m: m["counts"].update(shops=7))
    before = state(filled)
    result = app.test_cli_runner().invoke(restore_command, [str(bad)])
    last = one_error_line(result)
    assert "2 vấn đề" in last and "dữ liệu chưa thay đổi" in last
    problems = result.stderr.strip().splitlines()[:-1]
    assert len(problems) == 2 and any("../evil.txt" in p for p in problems)
    assert state(filled) == before
