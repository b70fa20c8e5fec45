"""A crafted backup cannot plant files, markup or accounts: restore re-checks every row, media
names are only ever hex + a known type, exports stay in their folder, admin attributes are
escaped, and a restore that changes accounts says so and asks first (issue 11, item 2)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from kiosk import db, users
from kiosk.backup import archive, restore, verify
from kiosk.cli.backup import restore_command
from kiosk.media import files as media
from kiosk.packs import export as pack_export
from kiosk.web import static_export as site_export
from tests.helpers.admin import ADMIN, csrf_token, login, make_accounts

HOSTILE_LANG = '"><meta http-equiv=refresh content=0;url=//evil>'
# 64 characters that walk out of data/media/ when joined the way media rows used to be.
PATH_HASH = "../" + "/" * 60 + "."
PATH_EXT = "/secret_key"


# --- helpers ---------------------------------------------------------------------------------

def snapshot(data_dir: Path) -> tuple:
    """Every row of every table but the cache counter, and every media file."""
    conn = sqlite3.connect(data_dir / db.DB_NAME)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'content_version'")]
        rows = {n: sorted((tuple(r) for r in conn.execute(f'SELECT * FROM "{n}"')), key=repr)
                for n in sorted(names)}
    finally:
        conn.close()
    files = sorted(p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*") if p.is_file()
                   and "backups" not in p.relative_to(data_dir).parts)
    return rows, files


def tamper(src: Path, dst: Path, *statements: str, missing: tuple[str, ...] = ()) -> Path:
    """A copy of a backup whose database ran `statements`, with a manifest that agrees again."""
    with zipfile.ZipFile(src) as zipped:
        entries = {i.filename: zipped.read(i) for i in zipped.infolist()}
    copy = dst.with_suffix(".sqlite3")
    copy.write_bytes(entries[db.DB_NAME])
    conn = sqlite3.connect(copy, isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in json.loads(entries["manifest.json"])["counts"]}
    conn.close()
    entries[db.DB_NAME] = copy.read_bytes()
    manifest = json.loads(entries["manifest.json"])
    manifest["files"][db.DB_NAME] = {"size": len(entries[db.DB_NAME]),
                                     "sha256": hashlib.sha256(entries[db.DB_NAME]).hexdigest()}
    manifest["counts"] = counts
    manifest["missing_media"] = [*manifest["missing_media"], *missing]
    entries["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(dst, "w") as zipped:
        for name, data in entries.items():
            zipped.writestr(name, data)
    return dst


def run_sql(data_dir: Path, *statements: str, params: tuple = ()) -> None:
    conn = db.connect(data_dir / db.DB_NAME)
    try:
        for statement in statements:
            conn.execute(statement, params if "?" in statement else ())
    finally:
        conn.close()


@pytest.fixture
def good_zip(app, data_dir: Path, tmp_path: Path) -> Path:
    return archive.create_backup(data_dir, tmp_path / "good.zip").path


@pytest.fixture
def admin(app, client):
    make_accounts(app)
    login(client, ADMIN)
    return client


# --- restore re-checks every row -------------------------------------------------------------

HOSTILE_ROWS = (
    "INSERT INTO media (hash, ext, mime, size) VALUES ('" + PATH_HASH + "', '" + PATH_EXT
    + "', 'image/png', 10)",
    "INSERT INTO languages (code, name, position) VALUES ('" + HOSTILE_LANG.replace("'", "''")
    + "', 'Evil', 9)",
    "UPDATE guides SET slug = 'Kich Hoat/../x'",
    "UPDATE settings SET value = '\"javascript:alert(1)\"' WHERE key = 'public_base_url'",
    "INSERT INTO users (name, password_hash, role) VALUES ('x\"><b>', '$argon2id$v=19$x', "
    "'admin')",
)


def test_restore_refuses_hostile_rows_listing_every_one_and_changes_nothing(
        app, data_dir, good_zip, tmp_path):
    bad = tamper(good_zip, tmp_path / "bad.zip", *HOSTILE_ROWS,
                 missing=(f"{PATH_HASH}.{PATH_EXT}",))
    before = snapshot(data_dir)
    with pytest.raises(archive.BackupError) as caught:
        restore.restore_backup(data_dir, bad)
    text = "\n".join(map(str, caught.value.problems))
    for where in ("media.hash", "media.ext", "languages.code", "guides.slug",
                  "settings.public_base_url", "users.name"):
        assert where in text, text
    assert snapshot(data_dir) == before
    assert not list((data_dir / "backups").glob("*before-restore*"))


@pytest.mark.parametrize("statement, where", [
    (HOSTILE_ROWS[0], "media.hash"),
    (HOSTILE_ROWS[1], "languages.code"),
    (HOSTILE_ROWS[2], "guides.slug"),
    (HOSTILE_ROWS[3], "settings.public_base_url"),
    (HOSTILE_ROWS[4], "users.name"),
    ("UPDATE sites SET code = '../x'", "sites.code"),
    ("UPDATE shops SET code = 'a/b' WHERE code = 'TH2A'", "shops.code"),
    ("UPDATE site_photos SET name = '../../x.jpg'", "site_photos.name"),
    ("UPDATE steps SET image_name = 'a/b.svg' WHERE image_name IS NOT NULL", "steps.image_name"),
    ("INSERT INTO settings (key, value) VALUES ('idle_timeout', '5') "
     "ON CONFLICT(key) DO UPDATE SET value = excluded.value", "settings.idle_timeout"),
    ("INSERT INTO settings (key, value) VALUES ('evil', '1')", "settings.evil"),
])
def test_each_hostile_row_alone_is_refused(app, data_dir, good_zip, tmp_path, statement, where):
    missing = (f"{PATH_HASH}.{PATH_EXT}",) if "media" in statement else ()
    bad = tamper(good_zip, tmp_path / "bad.zip", statement, missing=missing)
    problems = verify.check_backup(bad, tmp_path / "scratch")
    assert any(where in str(p) for p in problems), problems


def test_a_clean_backup_still_passes_the_row_checks(app, data_dir, good_zip, tmp_path):
    assert verify.check_backup(good_zip, tmp_path / "scratch") == []


# --- media names and export folders ---------------------------------------------------------

@pytest.mark.parametrize("digest, ext", [
    (PATH_HASH, PATH_EXT),
    ("a" * 64, "/secret_key"),
    ("a" * 64, "exe"),
    ("A" * 64, "png"),
    ("a" * 63, "png"),
    ("../" + "a" * 61, "png"),
])
def test_media_path_refuses_anything_but_hex_and_a_known_type(tmp_path, digest, ext):
    with pytest.raises(ValueError):
        media.media_path(tmp_path, digest, ext)


def test_media_path_accepts_a_real_name(tmp_path):
    digest = "ab" + "0" * 62
    assert media.media_path(tmp_path, digest, "png") == tmp_path / "media" / "ab" / f"{digest}.png"


def test_pack_export_refuses_to_write_outside_its_folder(app, data_dir, tmp_path):
    run_sql(data_dir, "UPDATE guides SET slug = '../../escaped'")
    out = tmp_path / "exports" / "pack"
    conn = db.connect(data_dir / db.DB_NAME)
    try:
        with pytest.raises(ValueError):
            pack_export.export_pack(conn, data_dir, out)
        with pytest.raises(ValueError):
            pack_export.export_pack(conn, data_dir, tmp_path / "exports" / "pack.zip")
    finally:
        conn.close()
    assert not list(tmp_path.rglob("escaped"))
    assert not (tmp_path / "exports" / "pack.zip").exists()


def test_pack_export_refuses_a_media_row_that_names_a_path(app, data_dir, tmp_path):
    secret = data_dir / "secret_key"
    assert secret.is_file()
    run_sql(data_dir, "PRAGMA foreign_keys=OFF",
            "UPDATE steps SET image_hash = ? WHERE image_hash IS NOT NULL",
            params=(PATH_HASH,))
    run_sql(data_dir, "INSERT INTO media (hash, ext, mime, size) VALUES (?, ?, 'image/png', 1)",
            params=(PATH_HASH, PATH_EXT))
    conn = db.connect(data_dir / db.DB_NAME)
    try:
        with pytest.raises(ValueError):
            pack_export.export_pack(conn, data_dir, tmp_path / "out")
    finally:
        conn.close()
    assert not (tmp_path / "out").exists()


def test_site_export_refuses_to_write_outside_its_folder(app, data_dir, tmp_path):
    run_sql(data_dir, "INSERT INTO site_old_slugs (slug, site_id) "
                      "SELECT '../../../escaped', id FROM sites LIMIT 1")
    out = tmp_path / "exports" / "site"
    with app.app_context(), pytest.raises(site_export.ExportError):
        site_export.export_site(out)
    assert not list(tmp_path.rglob("escaped*"))
    assert not out.exists()


# --- attributes are escaped ------------------------------------------------------------------

def test_hostile_language_code_is_escaped_on_admin_forms(app, admin, data_dir):
    run_sql(data_dir, "INSERT INTO languages (code, name, position) VALUES (?, 'Evil', 9)",
            params=(HOSTILE_LANG,))
    for path in ("/admin/guides/kich-hoat-vneid", "/admin/sites/dinh-thu"):
        page = admin.get(path).get_data(as_text=True)
        assert "<meta http-equiv" not in page, path
        assert "&#34;&gt;&lt;meta http-equiv" in page or "&quot;&gt;&lt;meta" in page, path


def test_no_template_marks_data_safe():
    root = Path(__file__).resolve().parents[3] / "kiosk" / "templates"
    unsafe = [f"{p.relative_to(root)}:{n}" for p in root.rglob("*.html")
              for n, line in enumerate(p.read_text().splitlines(), 1)
              if re.search(r"attrs\s*\|\s*safe", line)]
    assert unsafe == []


# --- account changes need a yes --------------------------------------------------------------

@pytest.fixture
def planted_zip(app, data_dir, good_zip, tmp_path) -> Path:
    """The app's own backup with one account added, one changed and one removed."""
    conn = db.connect(data_dir / db.DB_NAME)
    if not users.list_users(conn):
        make_accounts(app)
    users.create_user(conn, "thu-ky", "mật khẩu thư ký 2026 dài", "member")
    conn.close()
    source = archive.create_backup(data_dir, tmp_path / "with-accounts.zip").path
    return tamper(source, tmp_path / "planted.zip",
                  "INSERT INTO users (name, password_hash, role) VALUES ('ke-gian', "
                  "'$argon2id$v=19$m=19456,t=2,p=1$planted', 'admin')",
                  "UPDATE users SET password_hash = 'replaced' WHERE name = 'chu-tich'",
                  "UPDATE users SET role = 'admin', disabled = 1 WHERE name = 'doan-vien'",
                  "DELETE FROM users WHERE name = 'thu-ky'")


def test_account_changes_are_listed(app, data_dir, planted_zip):
    changes = restore.account_changes(data_dir, planted_zip)
    assert changes.added == ("ke-gian",)
    assert changes.removed == ("thu-ky",)
    assert dict(changes.changed) == {"chu-tich": ("mật khẩu",),
                                     "doan-vien": ("vai trò", "khóa/mở khóa")}


def test_cli_restore_without_yes_and_no_tty_refuses_when_accounts_change(
        app, data_dir, planted_zip):
    before = snapshot(data_dir)
    result = app.test_cli_runner().invoke(restore_command, [str(planted_zip)])
    assert result.exit_code == 2, result.output
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Lỗi: ") and "--yes" in last
    for name in ("ke-gian", "thu-ky", "chu-tich", "doan-vien"):
        assert name in result.output
    assert snapshot(data_dir) == before


def test_cli_restore_with_yes_proceeds_and_prints_the_accounts(app, data_dir, planted_zip):
    result = app.test_cli_runner().invoke(restore_command, [str(planted_zip), "--yes"])
    assert result.exit_code == 0, result.output
    assert "thêm tài khoản: ke-gian" in result.stdout
    assert "xóa tài khoản: thu-ky" in result.stdout
    assert "chu-tich (mật khẩu)" in result.stdout
    conn = db.connect(data_dir / db.DB_NAME)
    names = {r[0] for r in conn.execute("SELECT name FROM users")}
    conn.close()
    assert names == {"chu-tich", "doan-vien", "ke-gian"}


def test_cli_restore_with_unchanged_accounts_needs_no_yes(app, data_dir, good_zip):
    result = app.test_cli_runner().invoke(restore_command, [str(good_zip)])
    assert result.exit_code == 0, result.output


def restore_post(client, data: dict):
    token = csrf_token(client, "/admin/backups")
    return client.post("/admin/backups/restore", data={"csrf_token": token, **data},
                       content_type="multipart/form-data")


def test_admin_restore_shows_the_account_diff_before_replacing(app, admin, data_dir, planted_zip):
    # The admin is logged in, so the backup below was made with the same accounts but for one.
    before = snapshot(data_dir)
    first = restore_post(admin, {"confirm": "1",
                                 "file": (io.BytesIO(planted_zip.read_bytes()), "p.zip")})
    page = first.get_data(as_text=True)
    assert first.status_code == 200
    for name in ("ke-gian", "thu-ky", "chu-tich", "doan-vien"):
        assert name in page
    assert snapshot(data_dir) == before
    token = re.search(r'name="staged" value="([0-9a-f]+)"', page).group(1)
    staged = list((data_dir / "backups").glob(f"*{token}*"))
    assert len(staged) == 1
    second = restore_post(admin, {"staged": token, "accounts_ok": "1"})
    assert second.status_code == 302 and second.headers["Location"] == "/login"
    conn = db.connect(data_dir / db.DB_NAME)
    names = {r[0] for r in conn.execute("SELECT name FROM users")}
    conn.close()
    assert names == {"chu-tich", "doan-vien", "ke-gian"}
    assert not staged[0].exists()


def test_admin_restore_refuses_a_token_it_did_not_give(app, admin, data_dir):
    before = snapshot(data_dir)
    response = restore_post(admin, {"staged": "0" * 32, "accounts_ok": "1"})
    assert response.status_code == 302
    assert snapshot(data_dir) == before


def test_cli_restore_on_a_terminal_asks_and_no_keeps_everything(
        app, data_dir, planted_zip, monkeypatch):
    monkeypatch.setattr("kiosk.cli.backup._stdin_is_terminal", lambda: True)
    before = snapshot(data_dir)
    result = app.test_cli_runner().invoke(restore_command, [str(planted_zip)], input="n\n")
    assert result.exit_code == 2, result.output
    assert "Vẫn khôi phục?" in result.output and "ke-gian" in result.output
    assert snapshot(data_dir) == before


def test_admin_confirm_refuses_when_accounts_changed_since_they_were_shown(
        app, admin, data_dir, planted_zip):
    first = restore_post(admin, {"file": (io.BytesIO(planted_zip.read_bytes()), "p.zip")})
    token = re.search(r'name="staged" value="([0-9a-f]+)"', first.get_data(as_text=True)).group(1)
    conn = db.connect(data_dir / db.DB_NAME)
    users.create_user(conn, "moi-them", "một mật khẩu mới thêm 9", "member")
    conn.close()
    before = snapshot(data_dir)
    second = restore_post(admin, {"staged": token, "accounts_ok": "1"})
    assert second.status_code == 302 and second.headers["Location"].endswith("/admin/backups")
    assert snapshot(data_dir) == before
