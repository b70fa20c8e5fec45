"""Admin: shops from a spreadsheet (preview, all-or-nothing, hostile files), CSV export for Excel,
backups download and restore through the browser's forms."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest

from kiosk import db
from kiosk.backup import archive
from kiosk.store import shops
from tests.helpers.admin import ADMIN, MEMBER, csrf_token, login, make_accounts


@pytest.fixture
def admin(app, client):
    make_accounts(app)
    login(client, ADMIN)
    return client


def shops_in(app) -> dict[str, str]:
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    return {s.code: s.name for s in shops.list_shops(conn)}


def upload(client, data: bytes, encoding: str = "auto", name: str = "shops.csv"):
    token = csrf_token(client, "/admin/shops/import")
    return client.post("/admin/shops/import", data={
        "csrf_token": token, "encoding": encoding, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data")


GOOD = ("code,name,owner,bank,account,holder,amount,purpose,demo\n"
        "BX4K,Bánh xèo Cô Tư,,Vietcombank,0011009876543,LE THI TU,,,0\n"
        "TH2A,Tạp hóa Cô Lan (mới),,970436,0001234567,NGUYEN THI LAN,,,1\n")


def test_import_previews_then_imports_all(app, admin):
    response = upload(admin, GOOD.encode("utf-8-sig"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Không có lỗi." in page and "Nhập 2 cửa hàng?" in page
    assert "BX4K" not in shops_in(app)  # nothing written before confirmation
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    confirm = admin.post("/admin/shops/import", data={"csrf_token": csrf_token(
        admin, "/admin/shops/import"), "token": token})
    assert confirm.status_code == 302
    assert shops_in(app)["BX4K"] == "Bánh xèo Cô Tư"
    assert shops_in(app)["TH2A"] == "Tạp hóa Cô Lan (mới)"


def test_bad_rows_are_all_marked_and_nothing_can_be_imported(app, admin):
    bad = (GOOD + "ZZ9Z,=HYPERLINK(\"http://x\"),,970436,1,A,,,0\n"
           "QQ3C,Rau,,Ngân hàng Mặt Trăng,12,B,,,0\n"
           "QQ4D,Phở,,970436,0011,C,1.50,,0\n" + "QQ5E," + "x" * 5000 + ",,970436,1,D,,,0\n")
    response = upload(admin, bad.encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "4 lỗi" in page and 'name="token"' not in page
    assert "công thức Excel" in page and "Không tìm thấy ngân hàng" in page
    assert "BX4K" not in shops_in(app)


def test_windows_1258_file_is_refused_in_auto_and_read_when_chosen(app, admin):
    data = ("code,name,bank,account,holder\nCF2M,Cà phê,970436,0011001234567,A\n"
            ).encode("cp1258")
    auto = upload(admin, data)
    assert auto.status_code == 400 and "không phải UTF-8" in auto.get_data(as_text=True)
    chosen = upload(admin, data, "cp1258")
    assert chosen.status_code == 200 and "Cà phê" in chosen.get_data(as_text=True)


def test_utf16_excel_file_is_read(admin):
    data = ("code,name,bank,account,holder\nCF2M,Cà phê,970436,0011001234567,A\n"
            ).encode("utf-16")
    assert upload(admin, data).status_code == 200


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02binary", b"name\n" + b"a" * 3_000_000])
def test_hostile_files_get_a_message_not_a_crash(admin, data):
    response = upload(admin, data)
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert "quá lớn" in admin.get("/admin/shops/import").get_data(as_text=True)


def test_export_is_excel_friendly_and_reimports(app, admin):
    response = admin.get("/admin/shops/export.csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["code", "name", "owner"] and len(rows) == 3
    assert upload(admin, response.data).status_code == 200


def test_backup_download_and_restore_round_trip(app, admin, tmp_path):
    response = admin.post("/admin/backups/new", data={"csrf_token": csrf_token(
        admin, "/admin/backups")})
    assert response.status_code == 200
    downloaded = tmp_path / "backup.zip"
    downloaded.write_bytes(response.data)
    assert "langso.sqlite3" in zipfile.ZipFile(downloaded).namelist()
    # change something, then restore the backup through the form
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    conn.execute("DELETE FROM shops")
    assert shops_in(app) == {}
    token = csrf_token(admin, "/admin/backups")
    restored = admin.post("/admin/backups/restore", data={
        "csrf_token": token, "confirm": "1", "file": (io.BytesIO(downloaded.read_bytes()), "b.zip")},
        content_type="multipart/form-data")
    assert restored.status_code == 302 and restored.headers["Location"] == "/login"
    assert set(shops_in(app)) == {"TH2A", "PH3B"}
    assert any(f.kind == "before-restore" for f in archive.list_backups(Path(app.config["DATA"])))


def test_restore_of_a_bad_file_changes_nothing(app, admin):
    before = shops_in(app)
    token = csrf_token(admin, "/admin/backups")
    response = admin.post("/admin/backups/restore", data={
        "csrf_token": token, "confirm": "1", "file": (io.BytesIO(b"PK\x03\x04 not a zip"), "x.zip")},
        content_type="multipart/form-data", follow_redirects=True)
    assert "Chưa khôi phục" in response.get_data(as_text=True)
    assert shops_in(app) == before


def test_backups_are_for_admins_only(app, client):
    make_accounts(app)
    login(client, MEMBER)
    assert client.get("/admin/backups").status_code == 403
