"""The Vietnamese admin in Vietnamese: no English words, jargon or shell commands on its pages."""

from __future__ import annotations

import pytest

from kiosk.backup import archive
from tests.helpers.admin import ADMIN, csrf_token, login, make_accounts, post


@pytest.fixture
def admin(app, client):
    make_accounts(app)
    login(client, ADMIN)
    return client


def test_the_login_page_says_in_vietnamese_how_to_get_an_account(client):
    page = client.get("/login").get_data(as_text=True)
    assert "langso" not in page and "create-user" not in page and "<code>" not in page
    assert "nhờ người kỹ thuật đã cài máy tạo tài khoản quản trị đầu tiên" in page


def test_the_audit_log_says_logins_and_roles_in_vietnamese(app, client, admin):
    post(admin, "/admin/accounts", {"name": "ba-tu", "role": "member",
                                    "password": "hoa sen nở giữa hồ 12",
                                    "password2": "hoa sen nở giữa hồ 12"})
    admin.post("/logout", data={"csrf_token": csrf_token(admin, "/admin/")})
    login(admin, ADMIN)
    page = admin.get("/admin/").get_data(as_text=True)
    for word in (">login<", ">logout<", "— member<", "— admin<"):
        assert word not in page
    assert ">đăng nhập<" in page and ">đăng xuất<" in page and "ba-tu — thành viên" in page


def test_backup_kinds_and_the_restore_hint_are_vietnamese(app, admin):
    from pathlib import Path

    data = Path(app.config["DATA"])
    archive.create_backup(data, archive.new_backup_path(data, "daily"), kind="daily")
    page = admin.get("/admin/backups").get_data(as_text=True)
    assert "Tự động hằng ngày" in page and ">daily<" not in page
    assert "langso restore" not in page


def test_the_bank_hint_has_no_jargon(admin):
    assert "mã BIN" not in admin.get("/admin/shops/new").get_data(as_text=True)
