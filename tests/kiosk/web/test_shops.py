"""Shop payment pages through the Flask client: the code decodes (zxing) to the right transfer,
amounts are parsed like the print tools parse them, demo shops are marked, codes are forgiving."""

from __future__ import annotations

import re

import pytest
import zxingcpp

from qr import vietqr
from tests.helpers.images import svg_image
from tests.helpers.pages import app_with, html


def decoded(page_or_svg: str) -> vietqr.VietQR:
    svg = re.search(r"<svg.*?</svg>", page_or_svg, re.S).group(0)
    found = zxingcpp.read_barcodes(svg_image(svg), formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1
    return vietqr.parse(found[0].text)


def test_shop_page_shows_what_the_bank_app_will_show(client):
    response = client.get("/s/TH2A")
    assert response.status_code == 200
    page = html(response)
    assert '<html lang="vi">' in page
    assert "<h1>Tạp hóa Cô Lan</h1>" in page
    assert "<strong>Vietcombank</strong>" in page
    assert "<strong>NGUYEN THI LAN</strong>" in page
    assert '<span class="account">0001 2345 67</span>' in page
    assert 'data-copy="0001234567"' in page
    code = decoded(page)
    assert (code.bank_bin, code.account, code.amount, code.purpose) == (
        "970436", "0001234567", None, "Mua hang")


def test_demo_shop_is_marked_prominently(client):
    page = html(client.get("/s/TH2A"))
    assert page.count("MẪU — KHÔNG CHUYỂN TIỀN") >= 3  # title, banner, under the code
    assert '<p class="demo-mark" role="note"><strong>MẪU — KHÔNG CHUYỂN TIỀN</strong>' in page


def test_real_shop_has_no_demo_mark(tmp_path):
    shops = ("code,name,bank,account,holder\n"
             "RA6U,Rau sạch Chị Mai,970418,0001234567892,LE THI MAI\n")
    page = html(app_with(tmp_path, shops=shops).test_client().get("/s/RA6U"))
    assert "MẪU" not in page
    assert decoded(page).account == "0001234567892"


def test_fixed_amount_shop_starts_with_a_dynamic_code(client):
    page = html(client.get("/s/PH3B"))
    assert decoded(page).amount == 50000
    assert 'value="50.000"' in page


@pytest.mark.parametrize("typed, amount", [("150.000", 150000), ("150000", 150000),
                                           ("150 000đ", 150000), ("35,000", 35000)])
def test_amount_form_without_javascript_gives_a_code_with_that_amount(client, typed, amount):
    page = html(client.get("/s/TH2A", query_string={"amount": typed}))
    assert decoded(page).amount == amount
    assert f'value="{typed}"' in page
    assert 'aria-invalid' not in page


@pytest.mark.parametrize("typed, message", [
    ("1.5", "không rõ ràng"), ("abc", "không hợp lệ"), ("-5000", "phải lớn hơn 0"),
    ("0", "phải lớn hơn 0"), ("99999999999999", "quá lớn"),
])
def test_bad_amount_keeps_the_input_and_says_why_in_vietnamese(client, typed, message):
    response = client.get("/s/TH2A", query_string={"amount": typed})
    assert response.status_code == 200
    page = html(response)
    assert message in page
    assert f'value="{typed}"' in page and 'aria-invalid="true"' in page
    assert decoded(page).amount is None  # the code shown never carries a wrong amount


def test_cleared_amount_gives_a_code_without_amount(client):
    assert decoded(html(client.get("/s/PH3B?amount="))).amount is None


def test_huge_amount_warns_about_fast_transfer_limits(client):
    page = html(client.get("/s/TH2A?amount=600000000"))
    assert decoded(page).amount == 600_000_000
    assert "500 triệu" in page


def test_qr_endpoint_draws_the_code_for_the_script(client):
    response = client.get("/s/TH2A/qr.svg?amount=35.000")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["X-Amount"] == "35000"
    assert decoded(response.get_data(as_text=True)).amount == 35000


def test_qr_endpoint_refuses_bad_amounts_with_a_plain_message(client):
    response = client.get("/s/TH2A/qr.svg?amount=1.5")
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert "tiền Việt không có phần lẻ" in response.get_data(as_text=True)


@pytest.mark.parametrize("code", ["th2a", "Th2A"])
def test_codes_are_case_insensitive(client, code):
    response = client.get(f"/s/{code}?amount=5000")
    assert response.status_code == 301
    assert response.headers["Location"] == "/s/TH2A?amount=5000"
    assert client.get(f"/s/{code}/qr.svg").status_code == 200


@pytest.mark.parametrize("path", ["/s/ZZZZ", "/s/TH0A", "/s/THOA", "/s/T", "/s/ZZZZ/qr.svg"])
def test_unknown_shops_are_kind_404s(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Không tìm thấy trang này" in html(response)


def test_english_page_keeps_language_in_the_form(client):
    page = html(client.get("/s/TH2A?lang=en"))
    assert '<html lang="en">' in page
    assert '<input type="hidden" name="lang" value="en">' in page
    assert "Your bank app will show" in page
    assert "MẪU — KHÔNG CHUYỂN TIỀN" in page


def test_bad_amount_is_explained_in_the_page_language(client):
    page = html(client.get("/s/TH2A", query_string={"amount": "1.5", "lang": "en"}))
    assert ("The amount &#39;1.5&#39; is unclear: Vietnamese money has no decimals." in page)
    assert "không rõ ràng" not in page
    assert 'value="1.5"' in page and 'aria-invalid="true"' in page


def test_bad_amount_on_the_vietnamese_page_is_the_vietnamese_sentence(client):
    page = html(client.get("/s/TH2A", query_string={"amount": "1.5"}))
    assert ("Số tiền &#39;1.5&#39; không rõ ràng: tiền Việt không có phần lẻ. Hãy ghi số nguyên"
            " đồng, ví dụ 150000 hoặc 150.000.") in page


def test_huge_amount_warning_in_the_page_language(client):
    page = html(client.get("/s/TH2A", query_string={"amount": "600000000", "lang": "en"}))
    assert "The amount 600.000.000 đồng is 500 million or more" in page
    assert "500 triệu" not in page


def test_qr_endpoint_message_in_the_page_language(client):
    response = client.get("/s/TH2A/qr.svg", query_string={"amount": "1.5", "lang": "en"})
    assert response.status_code == 400
    assert "Vietnamese money has no decimals" in response.get_data(as_text=True)


def test_script_asks_for_the_code_in_the_page_language(client):
    page = html(client.get("/s/TH2A?lang=en"))
    assert 'data-qr-url="/s/TH2A/qr.svg?lang=en"' in page


def test_plain_page_is_cached_but_amount_pages_are_not(client):
    first = html(client.get("/s/TH2A"))
    with_amount = html(client.get("/s/TH2A?amount=20000"))
    assert decoded(with_amount).amount == 20000
    assert html(client.get("/s/TH2A")) == first
    assert decoded(html(client.get("/s/TH2A?amount=30000"))).amount == 30000
