"""The public address warning on the dashboard, a site's page and the print centre: what a phone
opens, the demo address named, the one-step fix for admins, and whether the address answers —
asked in the background, once a minute at most, against a fake address and a live server."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from kiosk.admin import public_address
from kiosk.ops import checks
from kiosk.store import settings as setting_store
from kiosk.store import sites as site_store
from tests.helpers.admin import ADMIN, connect, login, make_accounts, post

OWN = "192.168.1.20"
LAN = checks.lan_addresses()  # this machine's real addresses, read before fresh_memory fakes them


@pytest.fixture(autouse=True)
def fresh_memory(monkeypatch):
    """No answer remembered from another test; this machine's address is OWN unless set."""
    public_address.REMEMBERED.clear()
    monkeypatch.setattr(checks, "lan_addresses", lambda: [OWN])
    yield
    public_address.REMEMBERED.clear()


@pytest.fixture
def asked(monkeypatch):
    """The /healthz URLs the server fetched (each answered "no")."""
    urls: list[str] = []
    monkeypatch.setattr(public_address, "fetch_healthz",
                        lambda url, timeout: urls.append(url) or False)
    return urls


@pytest.fixture
def admin(app, client):
    make_accounts(app)
    login(client, ADMIN)
    return client


def set_public(app, url: str) -> None:
    conn = connect(app)
    with conn:
        setting_store.save_settings(conn, {"public_base_url": url})


@pytest.mark.parametrize("path", ["/admin/", "/admin/print", "/admin/sites/dinh-thu"])
def test_demo_address_is_warned_about_with_what_a_phone_opens(member, asked, path):
    page = member.get(path).get_data(as_text=True)
    assert "Mã QR có thể không mở được:" in page
    assert "http://192.168.1.10:8080 là địa chỉ mẫu của nội dung cài sẵn" in page
    assert "Điện thoại quét mã sẽ mở: <strong class=\"url\">http://192.168.1.10:8080/h/DH7K" in page
    assert "Hãy báo quản trị viên" in page and "Lưu địa chỉ" not in page  # members see, not fix
    assert asked == []  # a page never waits on the network


def test_admin_gets_this_machines_address_as_a_one_step_fix(app, admin):
    page = admin.get("/admin/print").get_data(as_text=True)
    assert f'name="use" value="http://{OWN}">Dùng http://{OWN} (máy này)' in page
    response = post(admin, "/admin/public-address", {"use": f"http://{OWN}:8080",
                                                     "next": "/admin/print"}, "/admin/print")
    assert response.headers["Location"] == "/admin/print"
    assert setting_store.get_settings(connect(app))["public_base_url"] == f"http://{OWN}:8080"
    assert "Đã lưu địa chỉ công khai" in admin.get("/admin/print").get_data(as_text=True)


def test_fix_form_uses_the_settings_rule_and_stays_on_this_site(app, admin):
    response = post(admin, "/admin/public-address", {"public_base_url": "192.168.1.20",
                                                     "next": "//evil.example/admin"}, "/admin/")
    assert response.headers["Location"] == "/admin/"
    assert "phải là địa chỉ bắt đầu bằng http://" in admin.get("/admin/").get_data(as_text=True)
    assert setting_store.get_settings(connect(app))["public_base_url"] == "http://192.168.1.10:8080"


def test_members_cannot_change_the_address(app, member):
    response = post(member, "/admin/public-address", {"use": f"http://{OWN}:8080"}, "/admin/")
    assert response.status_code == 403
    assert setting_store.get_settings(connect(app))["public_base_url"] == "http://192.168.1.10:8080"


def test_another_machines_address_is_never_fetched(app, member, asked):
    set_public(app, "http://10.255.255.1:8080")
    found = member.get("/admin/public-address.json").get_json()
    assert (found["level"], asked) == ("warn", [])
    assert "không phải địa chỉ của máy này" in found["message"]


def test_own_address_where_nothing_answers_is_an_error_asked_once_a_minute(app, member, asked):
    set_public(app, f"http://{OWN}:8080")
    first = member.get("/admin/public-address.json").get_json()
    second = member.get("/admin/public-address.json").get_json()
    assert first == second
    assert (first["level"], first["sample"]) == ("fail", f"http://{OWN}:8080/h/DH7K")
    assert "không trả lời" in first["message"]
    assert asked == [f"http://{OWN}:8080/healthz"]
    # The pages now show the remembered answer without asking again.
    assert "không trả lời" in member.get("/admin/").get_data(as_text=True)
    assert len(asked) == 1


def test_live_server_answers_then_stops_answering(app, member, monkeypatch):
    lan = LAN
    if not lan:
        pytest.skip("this machine has no LAN address to serve on")
    monkeypatch.setattr(checks, "lan_addresses", lambda: lan)
    conn = connect(app)
    with conn:  # no outdoor site: a LAN address is then the right one
        site_store.set_retired(conn, "DH7K", True)
    server = make_server(lan[0], 0, app, threaded=True)
    base = f"http://{lan[0]}:{server.server_port}"
    set_public(app, base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        found = member.get("/admin/public-address.json").get_json()
        assert (found["level"], found["message"]) == ("ok", base)
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
    assert member.get("/admin/public-address.json").get_json()["level"] == "ok"  # remembered
    public_address.REMEMBERED.clear()
    stopped = member.get("/admin/public-address.json").get_json()
    assert stopped["level"] == "fail" and "không trả lời" in stopped["message"]
