"""The shop form and the shop import page for an account that reads the admin in English
(issue 17): their words, their checks' messages and the column a problem is about."""

from __future__ import annotations

import io
from html import unescape

import pytest

from kiosk.store import shops as shop_store
from tests.helpers.admin import connect, post


@pytest.fixture
def known(app):
    """A shop of the test pack."""
    conn = connect(app)
    try:
        return shop_store.list_shops(conn)[0]
    finally:
        conn.close()


def test_the_new_shop_form_is_in_english(english):
    page = unescape(english.get("/admin/shops/new").get_data(as_text=True))
    assert "<h1>Add a shop</h1>" in page
    assert "Shop name" in page and "Account holder name" in page and "Preview the QR code" in page
    assert "Tên cửa hàng" not in page and "Xem trước" not in page


def test_a_shop_form_check_speaks_english(english, known):
    response = post(english, "/admin/shops/new", {
        "action": "save", "code": known.code, "name": "Tạp hóa Mới", "bank": "970436",
        "account": "0011009876543", "holder": "NGUYEN VAN AN"})
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Not saved: correct the fields with a red message." in page
    assert f"the code {known.code} is already used by another shop" in page


def test_the_import_page_is_in_english(english):
    page = unescape(english.get("/admin/shops/import").get_data(as_text=True))
    assert "<h1>Import shops from a spreadsheet</h1>" in page
    assert "Detect automatically (UTF-8, UTF-16)" in page and "Excel template (.xlsx)" in page
    assert "Nhập cửa hàng" not in page and "Tự nhận biết" not in page


def test_an_import_preview_names_the_column_and_the_problem_in_english(english, known):
    text = ("Tên cửa hàng,Ngân hàng,Số tài khoản,Tên chủ tài khoản\n"
            f"Quán Mới,{known.bank_bin},{known.account},NGUYEN VAN AN\n")
    response = post(english, "/admin/shops/import", {
        "encoding": "auto", "file": (io.BytesIO(text.encode()), "cua-hang.csv")})
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "File <strong>cua-hang.csv</strong>, rows: 1." in page
    assert (f"Row 2 · Số tài khoản: same bank and account number as the existing shop "
            f"{known.code} (warning)") in page  # the column as the file names it
