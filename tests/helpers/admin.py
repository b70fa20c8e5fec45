"""Logging in through the real form (CSRF token and all) for admin tests."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk import db, users

ADMIN = ("chu-tich", "mật khẩu rất dài 2026")
MEMBER = ("doan-vien", "một câu mật khẩu khác 7")


def make_accounts(app) -> None:
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    users.create_user(conn, ADMIN[0], ADMIN[1], "admin")
    users.create_user(conn, MEMBER[0], MEMBER[1], "member")
    conn.close()


def read_admin_in(app, account, lang: str) -> None:
    """Set `account` (a (name, password) pair) to read the admin pages in `lang`."""
    conn = connect(app)
    try:
        user_id = conn.execute("SELECT id FROM users WHERE name = ?", (account[0],)).fetchone()[0]
        users.set_ui_lang(conn, user_id, lang)
        conn.commit()
    finally:
        conn.close()


def csrf_token(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
        re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client, account=ADMIN, next_path: str = ""):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"csrf_token": token, "name": account[0],
                                       "password": account[1], "next": next_path})


def connect(app):
    """A connection to the test app's database."""
    return db.connect(Path(app.config["DATA"]) / db.DB_NAME)


def post(client, path, data=None, form_page=None):
    """POST like the browser: multipart, with the CSRF token of the page the form is on."""
    token = csrf_token(client, form_page or path)
    return client.post(path, data={**(data or {}), "csrf_token": token},
                       content_type="multipart/form-data")


def save_shops(app, shops) -> None:
    """Save shops through the store in one transaction (fast: 1 000 in well under a second)."""
    from kiosk.store import shops as shop_store

    conn = connect(app)
    try:
        with db.transaction(conn):
            for shop in shops:
                shop_store.save_shop(conn, shop)
    finally:
        conn.close()


def choose_admin_language(client, lang: str):
    """The logged-in account reads the admin in `lang` from now on (its "Tài khoản của tôi" form)."""
    return post(client, "/admin/language", {"lang": lang}, "/admin/password")
