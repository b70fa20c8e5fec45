"""The admin's "Xã" section on a commune machine: upload, register by fingerprint, table, CSV, PDF."""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest
from nacl.signing import SigningKey

from kiosk import create_app, db
from kiosk.auth import limiter
from kiosk.commune import bundle, identity, inbox
from kiosk.reporting import usage
from kiosk.reporting.activity import SKILLS
from tests.helpers import pdfcheck
from tests.helpers.admin import (
    ADMIN,
    MEMBER,
    choose_admin_language,
    connect,
    csrf_token,
    login,
    make_accounts,
)
from tests.helpers.commune import COMMUNE_KEY, commune_pack


def signed(key: SigningKey, name: str, month: str, guided: int, created: str) -> bytes:
    skills = {k: {"entries": 0, "people": 0, "households": 0} for k, _ in SKILLS}
    skills["payment"] = {"entries": 1, "people": guided, "households": guided}
    payload = {"format": bundle.FORMAT, "format_version": bundle.FORMAT_VERSION,
               "hamlet": {"name": name, "commune": "Xã Hòa Bình", "province": "Tỉnh Mẫu",
                          "public_key": identity.public_key_text(key.verify_key)},
               "month": month, "created_at": created, "app_version": "0.1.0", "households": 120,
               "skills": skills,
               "usage": {k: 1 for k in bundle.USAGE_KEYS}, "shops_with_qr": 0,
               "practice": {"started": 0, "finished": 0}, "quiz": {"answers": 0, "right": 0}}
    return bundle.sign_bundle(payload, key)


@pytest.fixture
def commune_app(tmp_path):
    app = create_app({"DATA": str(tmp_path / "data"), "TESTING": True, "COMMUNE_MODE": True})
    limiter.reset()
    db.open_database(tmp_path / "data").close()
    make_accounts(app)
    yield app
    usage.get_recorder(app).close()


def upload(client, files: list[tuple[str, bytes]]):
    token = csrf_token(client, "/admin/commune")
    return client.post("/admin/commune/import", content_type="multipart/form-data", data={
        "csrf_token": token, "bundle": [(io.BytesIO(data), name) for name, data in files]})


def test_the_section_exists_only_on_a_commune_machine(app, client):
    make_accounts(app)
    login(client, ADMIN)
    assert client.get("/admin/commune").status_code == 404
    assert ">Xã</a>" not in client.get("/admin/").get_data(as_text=True)


def test_a_first_file_asks_to_register_then_the_hamlet_appears(commune_app):
    client = commune_app.test_client()
    login(client, ADMIN)
    assert ">Xã</a>" in client.get("/admin/").get_data(as_text=True)
    key = SigningKey.generate()
    fingerprint = identity.fingerprint(key.verify_key)
    page = upload(client, [("dong.json", signed(key, "Thôn Đông", "2026-11", 30,
                                                "2026-12-01T08:00:00Z"))]).get_data(as_text=True)
    assert "Đã nhận 0/1 tệp" in page and fingerprint in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    document = re.search(r'name="document" value="([^"]+)"', page)[1]
    page = client.post("/admin/commune/register", data={
        "csrf_token": token, "name": "dong.json", "document": html.unescape(document),
        "confirm": fingerprint}).get_data(as_text=True)
    assert "Đã nhận 1/1 tệp" in page
    table = client.get("/admin/commune?month=2026-11").get_data(as_text=True)
    assert "Thôn Đông" in table and "30 (25 %)" in table and "<svg" in table
    csv_text = client.get("/admin/commune/report.csv?month=2026-11").get_data().decode("utf-8-sig")
    assert "Thôn Đông" in csv_text and ",25.0," in csv_text
    token = csrf_token(client, "/admin/commune")
    pdf = client.post("/admin/commune/report.pdf", data={"csrf_token": token, "month": "2026-11"})
    assert "Thôn Đông" in "\n".join(pdfcheck.page_texts(pdf.get_data()))


def test_a_tampered_upload_is_refused_with_the_reason(commune_app):
    client = commune_app.test_client()
    login(client, MEMBER)
    key = SigningKey.generate()
    data = signed(key, "Thôn Đông", "2026-11", 30, "2026-12-01T08:00:00Z").replace(b"30", b"31")
    page = upload(client, [("dong.json", data)]).get_data(as_text=True)
    assert "không nhận" in page and "chữ ký không khớp" in page


def test_only_an_admin_registers_a_hamlet(commune_app):
    client = commune_app.test_client()
    login(client, MEMBER)
    token = csrf_token(client, "/admin/commune")
    response = client.post("/admin/commune/register", data={"csrf_token": token, "name": "x",
                                                            "document": "{}", "confirm": "X"})
    assert response.status_code == 403



def _upload_update(client, path):
    token = csrf_token(client, "/admin/guides/update")
    return client.post("/admin/guides/update", content_type="multipart/form-data", data={
        "csrf_token": token, "pack": (io.BytesIO(path.read_bytes()), path.name)})


def test_a_hamlet_previews_then_applies_the_communes_signed_update(app, client, tmp_path):
    make_accounts(app)
    login(client, ADMIN)
    pack = commune_pack(tmp_path)
    page = _upload_update(client, pack).get_data(as_text=True)
    fingerprint = identity.fingerprint(COMMUNE_KEY.verify_key)
    assert "Hướng dẫn mới: hoc-zalo" in page and "Giữ bản của thôn" in page and fingerprint in page
    assert client.get("/guides/hoc-zalo").status_code == 404  # nothing changed yet
    token = re.search(r'name="token" value="([0-9a-f]{32})"', page)[1]
    form = csrf_token(client, "/admin/guides/update")
    done = client.post("/admin/guides/update/apply", data={"csrf_token": form, "token": token,
                                                           "confirm": fingerprint})
    assert done.status_code == 302
    assert "1 hướng dẫn mới" in client.get(done.headers["Location"]).get_data(as_text=True)
    assert fingerprint in client.get("/admin/guides/update").get_data(as_text=True)  # pinned


def test_an_altered_update_is_refused_on_upload_and_members_cannot_update(app, client, tmp_path):
    make_accounts(app)
    login(client, ADMIN)
    pack = commune_pack(tmp_path)
    altered = tmp_path / "altered.zip"
    with zipfile.ZipFile(pack) as src, zipfile.ZipFile(altered, "w") as out:
        for info in src.infolist():
            body = src.read(info)
            out.writestr(info, body + b"\n#" if info.filename.endswith("hoc-zalo/guide.yaml")
                         else body)
    response = _upload_update(client, altered)
    assert response.status_code == 400
    assert "đã bị sửa sau khi ký" in response.get_data(as_text=True)
    member = app.test_client()
    login(member, MEMBER)
    assert member.get("/admin/guides/update").status_code == 403


def test_the_commune_page_in_english(commune_app):
    key = SigningKey.generate()
    conn = connect(commune_app)
    inbox.import_bundles(conn, [("dong.json", signed(key, "Thôn Đông", "2026-11", 30,
                                                    "2026-12-01T08:00:00Z"))],
                         "test", frozenset({identity.fingerprint(key.verify_key)}))
    conn.close()
    client = commune_app.test_client()
    login(client, ADMIN)
    choose_admin_language(client, "en")
    page = client.get("/admin/commune?month=2026-11").get_data(as_text=True)
    assert "Hamlet figures — month 11/2026" in page
    assert "30 (25 %)<br><small>1 kiosk sessions · 1 guide opens</small>" in page
    assert '<th scope="row">Whole commune</th>' in page
    assert "Thôn Đông" in page and "lượt máy" not in page


def test_a_refused_bundle_is_explained_in_english(commune_app):
    client = commune_app.test_client()
    login(client, MEMBER)
    choose_admin_language(client, "en")
    key = SigningKey.generate()
    data = signed(key, "Thôn Đông", "2026-11", 30, "2026-12-01T08:00:00Z").replace(b"30", b"31")
    bad_count = signed(key, "Thôn Đông", "2026-11", 30, "2026-12-01T08:00:00Z").replace(
        b'"shops_with_qr": 0', b'"shops_with_qr": -1')
    page = upload(client, [("dong.json", data), ("hong.json", bad_count)]).get_data(as_text=True)
    assert ("dong.json</strong>: not taken: the signature does not match: the file was changed "
            "after the hamlet signed it, or it is damaged") in page
    assert "hong.json</strong>: not taken: shops_with_qr: must be a whole number from 0 to" in page
    assert "chữ ký không khớp" not in page and "phải là số nguyên" not in page
