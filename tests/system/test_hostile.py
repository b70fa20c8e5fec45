"""Hostile requests: traversal in every path parameter, huge bodies, broken multipart, script in
every text field (kiosk, public pages, admin, PDFs, exports), SQL metacharacters, Unicode tricks."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kiosk import db
from kiosk.packs.check import check, load
from kiosk.packs.export import pack_files
from kiosk.packs.importer import import_pack
from tests.helpers import pdfcheck
from tests.helpers.admin import ADMIN, csrf_token, login, make_accounts
from tests.helpers.packbuilder import guide_yaml, site_yaml, write_pack

NASTY = ["../../../etc/passwd", "..%2f..%2fsecret_key", "%2e%2e%2f%2e%2e%2fsecret_key", "%00",
         "a" * 5000, "<script>alert(1)</script>", "' OR '1'='1", "\u202egnp.exe", "..\\..\\x"]


def test_every_path_parameter_resists_traversal_and_junk(app, client):
    secret = (Path(app.config["DATA"]) / "secret_key").read_text().strip()
    for rule in app.url_map.iter_rules():
        if not rule.arguments or "GET" not in rule.methods:
            continue
        for value in NASTY:
            url = rule.rule
            for arg in rule.arguments:
                url = url.replace(f"<{arg}>", value).replace(f"<int:{arg}>", value)
                url = url.replace(f"<path:{arg}>", value)
            response = client.get(url)
            assert response.status_code in (301, 302, 308, 400, 404, 405, 410, 414), (url[:80],
                                                                                      response.status_code)
            assert secret not in response.get_data(as_text=True)


def test_very_long_url_is_not_a_crash(client):
    assert client.get("/guides/" + "x" * 20000).status_code in (404, 414)
    assert client.get("/?lang=" + "e" * 20000).status_code == 200


def test_oversized_body_is_refused(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    response = client.post("/login", data=b"x" * (2 * 1024 * 1024),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413


def test_malformed_multipart_is_a_400(app, client):
    make_accounts(app)
    login(client, ADMIN)
    body = b"--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nabc"
    response = client.post("/admin/shops/import", data=body,
                           content_type="multipart/form-data; boundary=BOUNDARY")
    assert response.status_code == 400


SCRIPT = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def poisoned(tmp_path):
    """An app whose pack puts script in every text field a person can write."""
    guide = guide_yaml()
    guide["title"] = {"vi": f"Hướng dẫn {SCRIPT}", "en": f"Guide {ATTR}"}
    guide["steps"][0]["text"] = {"vi": f"Bước {ATTR} {SCRIPT}"}
    site = {**site_yaml(), "name": {"vi": f"Đình {SCRIPT}", "en": f"House {ATTR}"}}
    shops = ("code,name,owner,bank,account,holder,amount,purpose,demo\n"
             f"TH2A,\"Tạp hóa {ATTR}\",{SCRIPT},970436,0001234567,NGUYEN A,,,1\n")
    root = write_pack(tmp_path / "p", guide=guide, site=site, shops=shops, extra={
        "heritage/dinh-thu/story.vi.md": f"# Lịch sử\n\n{SCRIPT}\n\n[x](javascript:alert(1))\n"
                                         .encode()})
    from kiosk import create_app

    data = tmp_path / "data"
    app = create_app({"DATA": str(data), "TESTING": True})
    conn = db.connect(data / db.DB_NAME)
    import_pack(conn, data, load(root))
    conn.close()
    make_accounts(app)
    return app


def test_script_in_content_is_shown_as_text_everywhere(poisoned):
    client = poisoned.test_client()
    client.get("/attract")
    pages = ["/", "/guides/kich-hoat-vneid", "/guides/kich-hoat-vneid/1",
             "/guides/kich-hoat-vneid/1?lang=en", "/heritage/", "/heritage/dinh-thu",
             "/heritage/dinh-thu?lang=en", "/s/TH2A"]
    login(client, ADMIN)
    pages += ["/admin/shops", "/admin/shops/TH2A", "/admin/print"]
    for path in pages:
        page = client.get(path, follow_redirects=True).get_data(as_text=True)
        assert "<script>alert" not in page, path
        assert "<img src=x" not in page, path
        assert 'href="javascript:' not in page, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(
        "/guides/kich-hoat-vneid").get_data(as_text=True)


def test_script_in_content_is_literal_in_pdfs_and_exports(poisoned, tmp_path):
    client = poisoned.test_client()
    login(client, ADMIN)
    pdf = client.get("/admin/print/cards.pdf?include_demo=1").data  # the shop is a demo one
    text = " ".join(pdfcheck.page_texts(pdf))
    assert "<img src=x" in text and "onerror=alert(1)>" in text  # drawn as the letters typed
    conn = db.connect(Path(poisoned.config["DATA"]) / db.DB_NAME)
    files = pack_files(conn, Path(poisoned.config["DATA"]))
    assert SCRIPT in files["guides/kich-hoat-vneid/guide.yaml"].decode()


def test_sql_metacharacters_are_stored_literally(app, client):
    make_accounts(app)
    login(client, ADMIN)
    name = "Quán '; DROP TABLE shops; --"
    token = csrf_token(client, "/admin/shops/new")
    response = client.post("/admin/shops/new", data={
        "csrf_token": token, "action": "save", "code": "SQ2M", "name": name, "owner": "",
        "bank": "970436", "account": "0011001234567", "holder": "A", "amount": "", "purpose": ""})
    assert response.status_code == 302
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    assert conn.execute("SELECT name FROM shops WHERE code='SQ2M'").fetchone()[0] == name


@pytest.mark.parametrize(("name", "ok"), [
    ("Quán Cô Ba\u202e", False), ("Quán\u200bCô Ba", False), ("Qua\u0301n Cô Ba", True)])
def test_unicode_tricks_in_shop_names(app, client, name, ok):
    make_accounts(app)
    login(client, ADMIN)
    token = csrf_token(client, "/admin/shops/new")
    response = client.post("/admin/shops/new", data={
        "csrf_token": token, "action": "save", "code": "UN2C", "name": name,
        "owner": "", "bank": "970436", "account": "0011001234567", "holder": "A", "amount": "",
        "purpose": ""})
    assert (response.status_code == 302) == ok
    if ok:
        conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
        assert conn.execute("SELECT name FROM shops WHERE code='UN2C'").fetchone()[0] == "Quán Cô Ba"
    else:
        assert "ký tự ẩn" in response.get_data(as_text=True)


def test_rtl_override_in_pack_text_is_refused(tmp_path):
    guide = guide_yaml()
    guide["title"]["vi"] = "Kích hoạt \u202eDIeNV"
    data, problems = check(write_pack(tmp_path / "p", guide=guide))
    assert data is None
    assert any("RTL" in str(p) for p in problems)


def test_upload_field_with_huge_filename_is_handled(app, client):
    make_accounts(app)
    login(client, ADMIN)
    token = csrf_token(client, "/admin/shops/import")
    response = client.post("/admin/shops/import", data={
        "csrf_token": token, "encoding": "auto",
        "file": (io.BytesIO(b"code,name\n"), "a" * 5000 + ".csv")},
        content_type="multipart/form-data")
    assert response.status_code == 400


def test_disk_full_during_an_admin_write_is_explained_and_changes_nothing(app, client,
                                                                          monkeypatch):
    import sqlite3

    from kiosk.store import shops as shop_store

    make_accounts(app)
    login(client, ADMIN)
    token = csrf_token(client, "/admin/shops/new")

    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(shop_store, "save_shop", full)
    response = client.post("/admin/shops/new", data={
        "csrf_token": token, "action": "save", "code": "FU2M", "name": "Đầy",
        "owner": "", "bank": "970436", "account": "0011001234567", "holder": "A", "amount": "",
        "purpose": ""})
    assert response.status_code == 507
    assert "Ổ đĩa của máy đã đầy" in response.get_data(as_text=True)
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    assert conn.execute("SELECT count(*) FROM shops WHERE code='FU2M'").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM audit_log WHERE target='FU2M'").fetchone()[0] == 0


def test_disk_full_during_pack_import_is_one_line_and_nothing_changes(tmp_path, pack_dir,
                                                                      monkeypatch):
    import errno

    from click.testing import CliRunner

    from kiosk import atomic
    from kiosk.cli import main

    data = tmp_path / "d"
    from kiosk import create_app

    create_app({"DATA": str(data)})  # the data directory exists; now the disk fills up

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "write_bytes", full)
    result = CliRunner().invoke(main, ["import-pack", str(pack_dir)], env={"LANGSO_DATA": str(data)})
    assert result.exit_code == 2
    assert "ổ đĩa đầy" in result.output and "chưa có gì thay đổi" in result.output
    conn = db.connect(data / db.DB_NAME)
    assert conn.execute("SELECT count(*) FROM guides").fetchone()[0] == 0


def test_secret_key_is_private_to_the_server(app):
    import os
    import stat

    path = Path(app.config["DATA"]) / "secret_key"
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(path.read_text().strip()) >= 64


def test_trusted_hosts_setting_refuses_other_hosts(data_dir, pack_dir):
    from kiosk import create_app

    app = create_app({"DATA": str(data_dir), "TRUSTED_HOSTS": "thon.example.vn 127.0.0.1"})
    client = app.test_client()
    assert client.get("/healthz", headers={"Host": "thon.example.vn"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.parametrize("message", ["database or disk is full",
                                     "attempt to write a readonly database"])
def test_storage_errors_are_a_507_page(app, client, monkeypatch, message):
    import sqlite3

    from kiosk.store import shops as shop_store

    make_accounts(app)
    login(client, ADMIN)

    def refuse(*_args, **_kwargs):
        raise sqlite3.OperationalError(message)

    monkeypatch.setattr(shop_store, "save_shop", refuse)
    token = csrf_token(client, "/admin/shops/new")
    response = client.post("/admin/shops/new", data={
        "csrf_token": token, "action": "save", "code": "RQ2M", "name": "Chỉ đọc", "owner": "",
        "bank": "970436", "account": "0011001234567", "holder": "A", "amount": "", "purpose": ""})
    assert response.status_code == 507


def test_script_in_settings_is_escaped_on_pages_and_printed_literally(app, client):
    make_accounts(app)
    login(client, ADMIN)
    token = csrf_token(client, "/admin/settings")
    client.post("/admin/settings", data={
        "csrf_token": token, "hamlet": f"Thôn {SCRIPT}", "commune": ATTR, "province": "Tỉnh",
        "public_base_url": "http://192.168.1.10:8080", "wifi_name": SCRIPT,
        "wifi_password": ATTR, "idle_timeout": "90"})
    for path in ["/attract", "/", "/heritage/", "/admin/", "/admin/print"]:
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page, path
    assert "&lt;script&gt;" in client.get("/attract").get_data(as_text=True)
    text = " ".join(pdfcheck.page_texts(client.get("/admin/print/wifi.pdf").data))
    assert "<script>alert(1)</script>" in text
