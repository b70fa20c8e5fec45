"""Each account reads the admin in its own language (issue 17): Vietnamese by default, English
shipped, and any language whose ui/<lang>.po the pack brings; the kiosk and phone pages keep
following ?lang=."""

from __future__ import annotations

import pytest

from kiosk.users import AccountError, check_password
from kiosk.web.i18n import problem_text, ui_language
from tests.helpers.admin import (
    ADMIN,
    MEMBER,
    choose_admin_language,
    connect,
    csrf_token,
    login,
    make_accounts,
)


@pytest.fixture
def accounts(app):
    make_accounts(app)


def test_an_account_switches_its_admin_to_english_and_only_its_own(app, client, accounts):
    login(client, MEMBER)
    page = client.get("/admin/password").get_data(as_text=True)
    assert '<option value="en" lang="en">English</option>' in page
    response = choose_admin_language(client, "en")
    assert response.status_code == 302
    after = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<html lang="en">' in after and "Admin language changed." in after
    dashboard = client.get("/admin/").get_data(as_text=True)
    assert ">Guides</a>" in dashboard and ">My account</a>" in dashboard
    other = app.test_client()
    login(other, ADMIN)
    assert ">Hướng dẫn</a>" in other.get("/admin/").get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)  # the kiosk still follows ?lang=, not the account
    assert '<html lang="vi"' in home
    audit = connect(app).execute(
        "SELECT action, detail FROM audit_log WHERE action LIKE 'đổi ngôn ngữ%'").fetchall()
    assert [tuple(r) for r in audit] == [("đổi ngôn ngữ trang quản trị", "en")]


def test_a_language_not_offered_is_refused_in_words(client, accounts):
    login(client, MEMBER)
    response = choose_admin_language(client, "xx")
    assert response.status_code == 400
    assert "Hãy chọn một ngôn ngữ trong danh sách." in response.get_data(as_text=True)


def test_account_errors_are_shown_in_the_accounts_language(app, client, accounts):
    login(client, MEMBER)
    choose_admin_language(client, "en")
    token = csrf_token(client, "/admin/password")
    response = client.post("/admin/password", data={
        "csrf_token": token, "password": MEMBER[1], "new_password": "abcabcabcabc",
        "new_password2": "abcabcabcabc"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Not changed: New password: the password is too simple (a few characters" in page
    with pytest.raises(AccountError) as caught:
        check_password("short")
    assert str(caught.value) == "mật khẩu cần ít nhất 10 ký tự (có thể là một câu dễ nhớ)"
    with app.test_request_context("/"), ui_language("en"):
        assert problem_text(caught.value).startswith("the password needs at least 10 characters")
