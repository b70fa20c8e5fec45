"""Short codes made for new shops and sites, and holder names as bank apps show them (issue 18)."""

from __future__ import annotations

import io
import re

import pytest

from kiosk.codes import check_code, suggest_code
from kiosk.store import shops, sites
from qr.text import holder_name
from tests.helpers.admin import connect, post


@pytest.mark.parametrize(("name", "taken", "code"), [
    ("Quán Phở Bà Tư", set(), "QPBT22"),
    ("Quán Phở Bà Tư", {"QPBT22", "QPBT23"}, "QPBT24"),
    ("Đình làng Lộc Yên", set(), "DY22"),  # l and L are misread as 1: dropped
    ("Ốc Ông Lâm", set(), "CH22"),  # nothing usable is left: the fallback prefix
    ("", {"CH22"}, "CH23"),
])
def test_suggested_codes_come_from_the_initials(name, taken, code):
    assert suggest_code(name, taken) == code


def test_a_thousand_generated_codes_pass_the_rule_and_are_unique():
    taken: set[str] = set()
    for n in range(1000):
        code = suggest_code(["Quán Phở", "Tạp hóa", "Quán"][n % 3], taken)
        assert check_code(code) is None, code
        assert code not in taken
        taken.add(code)
    assert len(taken) == 1000


def test_a_thousand_imported_shops_get_codes_unique_against_the_database(app, member):
    for code in ("Q22", "Q23", "Q25"):  # what the generator would give first
        post(member, "/admin/shops/new", {"code": code, "name": "Quán cũ", "bank": "970436",
                                         "account": "0011000000001", "holder": "AN",
                                         "action": "save"})
    text = "Tên cửa hàng;Ngân hàng;Số tài khoản;Tên chủ tài khoản\n" + "".join(
        f"Quán;970436;0011{n:09d};AN\n" for n in range(1000))
    page = post(member, "/admin/shops/import", {
        "encoding": "auto", "file": (io.BytesIO(text.encode()), "x.csv")}).get_data(as_text=True)
    token = re.search(r'name="token" value="(\w+)"', page).group(1)
    assert post(member, "/admin/shops/import", {"token": token}).status_code == 302
    codes = [s.code for s in shops.list_shops(connect(app))]
    assert len(codes) == len(set(codes)) >= 1003
    assert all(check_code(code) is None for code in codes)
    assert {"Q22", "Q23", "Q24", "Q25", "Q26"} <= set(codes)


def test_the_new_shop_form_offers_an_editable_code_that_saves(app, member):
    page = member.get("/admin/shops/new").get_data(as_text=True)
    offered = re.search(r'id="code"[^>]*value="([A-Z0-9]+)"', page) or re.search(
        r'value="([A-Z0-9]+)"[^>]*id="code"', page)
    assert offered and check_code(offered.group(1)) is None
    assert post(member, "/admin/shops/new", {
        "code": offered.group(1), "name": "Chè", "bank": "VCB", "account": "0011001234567",
        "holder": "Nguyễn Văn Ân", "action": "save"}).status_code == 302
    shop = shops.get_shop(connect(app), offered.group(1))
    assert (shop.name, shop.holder) == ("Chè", "NGUYEN VAN AN")
    typed = post(member, "/admin/shops/new", {
        "code": "CHE7", "name": "Chè 2", "bank": "VCB", "account": "0011001234568",
        "holder": "AN", "action": "save"})
    assert typed.headers["Location"].endswith("/admin/shops/CHE7")


def test_the_new_site_form_offers_an_editable_code(app, member):
    page = member.get("/admin/sites/new").get_data(as_text=True)
    offered = re.search(r'id="code"[^>]*value="([A-Z0-9]+)"', page) or re.search(
        r'value="([A-Z0-9]+)"[^>]*id="code"', page)
    assert offered and check_code(offered.group(1)) is None
    assert offered.group(1) not in {s.code for s in sites.list_sites(connect(app))}
    response = post(member, "/admin/sites/new", {
        "slug": "chua-moi", "code": "", "position": "0", "name.vi": "Chùa Mới",
        "summary.vi": "Một ngôi chùa.", "category.vi": "Chùa", "story.vi": "Chùa mới.",
        "action": "save"})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    assert sites.get_site(connect(app), "chua-moi").code == "CM22"


@pytest.mark.parametrize(("typed", "shown"), [
    ("Nguyễn Văn An", "NGUYEN VAN AN"),
    ("  trần   thị  đào ", "TRAN THI DAO"),
    ("Nguye\u0303n", "NGUYEN"),  # decomposed (NFD) input
    ("LE THI TU", "LE THI TU"),
])
def test_holder_names_are_shown_as_bank_apps_show_them(typed, shown):
    assert holder_name(typed) == shown


def test_a_holder_stored_in_mixed_case_reads_as_the_bank_app_shows_it(app, member):
    db = connect(app)
    with db:
        db.execute("INSERT INTO shops (code, name, owner, bank_bin, account, holder, amount, "
                   "purpose, demo) VALUES ('HX3K', 'Hủ tiếu', '', '970436', '0011001234567', "
                   "'Lê Thị Hà', NULL, '', 0)")
    assert shops.get_shop(db, "HX3K").holder == "LE THI HA"
    page = member.get("/admin/shops/HX3K").get_data(as_text=True)
    assert "LE THI HA" in page and "Hủ tiếu" in page
    assert "ứng dụng ngân hàng" in page  # the note next to the field says why
