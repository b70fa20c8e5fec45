"""The shop list and the print centre at the size of a town (issue 17): 1 000 shops searched
without accents, filtered by bank, demo and date, paged by 50, and printed as the filtered set."""

from __future__ import annotations

import re

import pytest

from kiosk.codes import CODE_ALPHABET
from kiosk.db import transaction
from kiosk.models import Shop
from tests.helpers import pdfcheck
from tests.helpers.admin import MEMBER, connect, login, make_accounts, post, save_shops

LETTERS = sorted(CODE_ALPHABET)
NAMES = ("Bún phở Bà Tư", "Tạp hóa Đông Hưng", "Cà phê Sáng")  # by i % 3
BANKS = ("970436", "970405", "970418", "970422")               # by i % 4
PACK_SHOPS = 2  # the test pack's two demo shops, TH2A and PH3B


def code(i: int) -> str:
    return "K" + "".join(LETTERS[i // len(LETTERS) ** p % len(LETTERS)] for p in (2, 1, 0))


def town_shop(i: int) -> Shop:
    return Shop(code=code(i), name=f"{NAMES[i % 3]} {i}", bank_bin=BANKS[i % 4],
                account=f"{100_000_000 + i}", holder="CHU CUA HANG",
                owner="Nguyễn Văn Đạt" if i % 10 == 0 else "", demo=i % 100 == 0)


@pytest.fixture
def town(app):
    """1 000 shops saved through the store in one transaction; the first 100 changed in March."""
    make_accounts(app)
    save_shops(app, (town_shop(i) for i in range(1000)))
    conn = connect(app)
    with transaction(conn):
        conn.execute("UPDATE shops SET updated_at = '2025-01-01T00:00:00Z'")
        conn.executemany("UPDATE shops SET updated_at = '2026-03-02T08:00:00Z' WHERE code = ?",
                         [(code(i),) for i in range(100)])
    conn.close()
    return app


@pytest.fixture
def member_client(town, client):
    login(client, MEMBER)
    return client


def listed(page: str) -> list[str]:
    return re.findall(r'href="/admin/shops/(K[0-9A-Z]{3}|TH2A|PH3B)"', page)


def expected(keep) -> list[str]:
    return sorted(code(i) for i in range(1000) if keep(i))


def test_search_ignores_accents_and_d_with_stroke(member_client):
    for query in ("bun pho", "BÚN PHỞ", "Bu\u0301n pho\u031b\u0309"):  # plain, capitals, NFD
        page = member_client.get("/admin/shops", query_string={"q": query}).get_data(as_text=True)
        assert "1–50 trong 334 cửa hàng khớp" in page, query
    dong = member_client.get("/admin/shops?q=dong+hung").get_data(as_text=True)
    assert "trong 333 cửa hàng khớp" in dong
    dat = member_client.get("/admin/shops?q=Dat&page=2").get_data(as_text=True)  # owner, đ→d
    assert listed(dat) == expected(lambda i: i % 10 == 0)[50:]


@pytest.mark.parametrize(("query", "found"), [
    ("K222", ["K222"]),                      # the code, any case: k222 too
    ("k222", ["K222"]),
    ("100000417", [code(417)]),              # the account
    ("ca phe 41", expected(lambda i: i % 3 == 2 and "41" in str(i))),  # 41 in name, account
])
def test_search_finds_code_account_and_all_words(member_client, query, found):
    page = member_client.get("/admin/shops", query_string={"q": query}).get_data(as_text=True)
    assert listed(page) == found


def test_pages_hold_fifty_in_code_order_and_the_last_is_partial(member_client):
    everything = sorted([code(i) for i in range(1000)] + ["PH3B", "TH2A"])
    first = member_client.get("/admin/shops").get_data(as_text=True)
    assert listed(first) == everything[:50] and "Trang 1/21" in first
    second = member_client.get("/admin/shops?page=2").get_data(as_text=True)
    assert listed(second) == everything[50:100] and "51–100 trong 1002 cửa hàng khớp" in second
    last = member_client.get("/admin/shops?page=21").get_data(as_text=True)
    assert listed(last) == everything[1000:] and "Trang 21/21" in last
    for beyond in ("22", "9" * 50):  # a stale or silly link: the nearest page
        assert listed(member_client.get(f"/admin/shops?page={beyond}").get_data(as_text=True)) \
            == everything[1000:], beyond
    for bad in ("0", "-1", "abc", "1e9", "２"):
        assert listed(member_client.get(f"/admin/shops?page={bad}").get_data(as_text=True)) == \
            everything[:50], bad


def test_page_links_keep_the_search(member_client):
    page = member_client.get("/admin/shops?q=bun+pho&bank=970436").get_data(as_text=True)
    assert 'href="/admin/shops?q=bun+pho&amp;bank=970436&amp;page=2"' in page
    assert "Trang 1/2" in page  # i % 12 == 0: 84 shops


def test_filters_bank_demo_and_changed_since(member_client):
    def codes(**args):
        found, n = [], 1
        while True:
            args["page"] = n
            text = member_client.get("/admin/shops", query_string=args).get_data(as_text=True)
            found += listed(text)
            if f"Trang {n}/" not in text or re.search(rf"Trang {n}/{n}\b", text):
                return found
            n += 1

    assert codes(bank="970405") == sorted([*expected(lambda i: i % 4 == 1), "PH3B"])
    assert codes(demo="demo") == sorted([code(i) for i in range(0, 1000, 100)] + ["PH3B", "TH2A"])
    assert len(codes(demo="real")) == 990
    assert codes(since="01/03/2026") == expected(lambda i: i < 100)      # dd/mm/yyyy
    assert codes(since="2026-03-03") == []                               # yyyy-mm-dd
    assert codes(q="pho", bank="970436", demo="real", since="2026-03-02") == \
        expected(lambda i: i < 100 and i % 12 == 0 and i % 100)


@pytest.mark.parametrize(("args", "message"), [
    ({"since": "31/02/2026"}, "Ngày “thay đổi từ” phải là một ngày có thật, dạng ngày/tháng/năm"),
    ({"since": "hôm qua"}, "như 01/11/2026"),
    ({"since": "2026-3-1"}, "năm-tháng-ngày như 2026-11-01"),
    ({"bank": "vcb<script>"}, "Ngân hàng không có trong danh sách"),
])
def test_bad_filters_are_named_in_vietnamese(member_client, args, message):
    response = member_client.get("/admin/shops", query_string=args)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert message in text and "<script>" not in text
    assert "1–50 trong 1002 cửa hàng khớp" in text  # the bad filter is left out


def test_a_long_search_is_cut_before_use(member_client):
    text = member_client.get("/admin/shops", query_string={"q": "bun " * 5000}).get_data(
        as_text=True)
    assert "trong 334 cửa hàng khớp" in text
    assert 'value="' + "bun " * 24 + 'bun"' in text  # 100 characters kept


def printed_codes(pdf: bytes) -> list[str]:
    return sorted(re.findall(r"Mã: ([0-9A-Z]{4})", " ".join(pdfcheck.page_texts(pdf))))


def test_print_all_that_match_prints_exactly_the_filtered_set(town, member_client):
    centre = member_client.get("/admin/print?q=bun+pho&bank=970436").get_data(as_text=True)
    assert "In tất cả 80 cửa hàng khớp" in centre  # 84 match, 4 of them demo: left out
    response = post(member_client, "/admin/print/cards.pdf",
                    {"q": "bun pho", "bank": "970436", "demo": "real", "since": "",
                     "scope": "match", "layout": "a6x4"}, form_page="/admin/print")
    assert response.mimetype == "application/pdf"
    assert printed_codes(response.data) == expected(lambda i: i % 12 == 0 and i % 100)
    assert len(pdfcheck.page_sizes_mm(response.data)) == 20  # 4 cards a sheet


def test_print_includes_demo_shops_only_when_asked(town, member_client):
    centre = member_client.get("/admin/print?since=02/03/2026&bank=970436&include_demo=1")
    assert "In tất cả 25 cửa hàng khớp" in centre.get_data(as_text=True)
    asked = post(member_client, "/admin/print/cards.pdf",
                 {"since": "2026-03-02", "bank": "970436", "demo": "all", "scope": "match"},
                 form_page="/admin/print")
    assert printed_codes(asked.data) == expected(lambda i: i < 100 and i % 4 == 0)
    left_out = post(member_client, "/admin/print/cards.pdf",
                    {"since": "2026-03-02", "bank": "970436", "scope": "match"},
                    form_page="/admin/print")
    assert printed_codes(left_out.data) == expected(lambda i: 0 < i < 100 and i % 4 == 0)


def test_ticked_shops_print_and_none_ticked_is_explained(town, member_client):
    ticked = post(member_client, "/admin/print/cards.pdf",
                  {"code": [code(5), code(7)], "scope": "chosen", "q": "zzz"},
                  form_page="/admin/print")
    assert printed_codes(ticked.data) == [code(5), code(7)]
    nothing = post(member_client, "/admin/print/cards.pdf", {"scope": "chosen", "q": "pho"},
                   form_page="/admin/print")
    assert nothing.status_code == 302 and "q=pho" in nothing.headers["Location"]
    assert "Chưa đánh dấu cửa hàng nào" in member_client.get(nothing.headers["Location"]).get_data(
        as_text=True)
