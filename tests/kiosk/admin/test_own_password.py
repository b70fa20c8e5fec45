"""Every member changes their own password: current one first, the password rules, other sessions
end, rate-limited, audited."""

from __future__ import annotations

import pytest

from tests.helpers.admin import MEMBER, connect, csrf_token, login, make_accounts

NEW = "đêm trăng sáng trên đồng lúa 9"


@pytest.fixture
def accounts(app):
    make_accounts(app)


def change(client, current: str, new: str, again: str | None = None):
    token = csrf_token(client, "/admin/password")
    return client.post("/admin/password", data={
        "csrf_token": token, "password": current, "new_password": new,
        "new_password2": new if again is None else again})


def test_a_member_changes_their_password_and_other_sessions_end(app, client, accounts):
    login(client, MEMBER)
    other = app.test_client()
    login(other, MEMBER)
    assert "Tài khoản của tôi" in client.get("/admin/").get_data(as_text=True)
    response = change(client, MEMBER[1], NEW)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200  # this session goes on
    assert other.get("/admin/").status_code == 302  # the phone left logged in does not
    fresh = app.test_client()
    assert login(fresh, MEMBER).status_code == 400  # the old password no longer works
    assert login(fresh, (MEMBER[0], NEW)).status_code == 302
    assert fresh.get("/admin/").status_code == 200
    audit = connect(app).execute(
        "SELECT user_name, action FROM audit_log WHERE action LIKE 'đổi mật khẩu%'").fetchall()
    assert [tuple(r) for r in audit] == [(MEMBER[0], "đổi mật khẩu của mình")]


@pytest.mark.parametrize(("current", "new", "again", "message"), [
    ("sai mật khẩu rồi 123", NEW, None, "Mật khẩu hiện tại: không đúng"),
    (MEMBER[1], NEW, NEW + "x", "Nhập lại mật khẩu mới: không giống lần đầu"),
    (MEMBER[1], "ngắn", None, "Mật khẩu mới: mật khẩu cần ít nhất 10 ký tự"),
    (MEMBER[1], "1234567890", None, "Mật khẩu mới:"),
])
def test_a_refused_change_says_why_and_keeps_the_old_password(app, client, accounts, current,
                                                               new, again, message):
    login(client, MEMBER)
    response = change(client, current, new, again)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert login(app.test_client(), MEMBER).status_code == 302


def test_guessing_the_current_password_is_rate_limited(client, accounts):
    login(client, MEMBER)
    codes = [change(client, f"đoán thử lần số {i}", NEW).status_code for i in range(7)]
    assert codes[:5] == [400] * 5 and codes[-1] == 429
