"""A shop's and a site's admin page lead to what is printed for them: the public page, the card
or poster (one item, read back from the PDF) and the QR code as a PNG (decoded with zxing-cpp)."""

from __future__ import annotations

import html
import io
import re

from PIL import Image

from kiosk.store import settings as setting_store
from kiosk.store import sites as site_store
from qr import vietqr
from tests.helpers import pdfcheck
from tests.helpers.admin import connect, post
from tests.helpers.qrcodes import decode

BASE = "http://192.168.1.10:8080"


def links(page: str) -> dict[str, str]:
    """Link text → href of the page's <a class="button"> links."""
    found = re.findall(r'<a class="button" href="([^"]+)"[^>]*>([^<]+)</a>', page)
    return {text.strip(): html.unescape(href) for href, text in found}


def decoded_png(response) -> list[str]:
    assert response.mimetype == "image/png"
    return [code.text for code in decode(Image.open(io.BytesIO(response.data)))]


def qr_texts(pdf: bytes) -> list[str]:
    return [qr.text for page in pdfcheck.rasterize(pdf, 150) for qr in pdfcheck.find_qr(page, 150)]


# --- shops ---------------------------------------------------------------------------------------

def test_shop_page_offers_its_page_card_and_qr(member):
    actions = links(member.get("/admin/shops/TH2A").get_data(as_text=True))
    assert actions["Xem trang thanh toán"] == "/s/TH2A"
    assert actions["In thẻ"] == "/admin/print/cards.pdf?code=TH2A"
    assert actions["Tải mã QR (PNG)"] == "/admin/shops/TH2A/qr.png"


def test_shop_qr_png_is_the_cards_payment_code(member):
    expected = vietqr.payload("970436", "0001234567", purpose="Mua hang")
    assert decoded_png(member.get("/admin/shops/th2a/qr.png")) == [expected]


def test_shop_card_link_prints_that_shop_alone(member):
    response = member.get("/admin/print/cards.pdf?code=PH3B")
    assert response.mimetype == "application/pdf"
    expected = vietqr.payload("970405", "0009876543", amount=50000)
    assert qr_texts(response.data) == [expected]
    text = " ".join(pdfcheck.page_texts(response.data))
    assert "Phở Bác Hùng" in text and "Tạp hóa Cô Lan" not in text


def test_a_new_shop_is_offered_its_card_and_qr_once_saved(member):
    form = {"code": "BX4K", "name": "Bánh xèo Cô Tư", "owner": "", "bank": "970436",
            "account": "0011009876543", "holder": "LE THI TU", "amount": "", "purpose": "",
            "action": "save"}
    new_page = member.get("/admin/shops/new").get_data(as_text=True)
    assert "In thẻ" not in links(new_page)  # nothing to print before it exists
    response = post(member, "/admin/shops/new", form)
    assert response.headers["Location"] == "/admin/shops/BX4K"
    actions = links(member.get("/admin/shops/BX4K").get_data(as_text=True))
    assert actions["In thẻ"] == "/admin/print/cards.pdf?code=BX4K"
    assert decoded_png(member.get(actions["Tải mã QR (PNG)"])) == [
        vietqr.payload("970436", "0011009876543")]


def test_unknown_shop_qr_is_404(member):
    assert member.get("/admin/shops/ZZ9Z/qr.png").status_code == 404


# --- sites ---------------------------------------------------------------------------------------

def test_site_page_offers_its_page_poster_and_qr(member):
    actions = links(member.get("/admin/sites/dinh-thu").get_data(as_text=True))
    assert actions["Xem trang"] == "/heritage/dinh-thu"
    assert actions["In áp phích"] == "/admin/print/posters.pdf?site=dinh-thu"
    assert actions["Tải mã QR (PNG)"] == "/admin/sites/dinh-thu/qr.png"


def test_site_qr_png_is_the_posters_short_link(member):
    assert decoded_png(member.get("/admin/sites/dinh-thu/qr.png")) == [f"{BASE}/h/DH7K"]


def test_site_poster_link_prints_one_poster(member):
    response = member.get("/admin/print/posters.pdf?site=dinh-thu")
    assert len(pdfcheck.page_sizes_mm(response.data)) == 1
    assert qr_texts(response.data) == [f"{BASE}/h/DH7K"]


def test_poster_of_a_site_without_english_name_prints_the_name_once(app, member):
    conn = connect(app)
    with conn:
        conn.execute("UPDATE sites SET name = ? WHERE code = 'DH7K'",
                     ('{"vi": "Đình làng Thử"}',))
    assert site_store.get_site(conn, "dinh-thu").name == {"vi": "Đình làng Thử"}
    (text,) = pdfcheck.page_texts(member.get("/admin/print/posters.pdf?site=dinh-thu").data)
    assert text.count("Đình làng Thử") == 1


def test_site_qr_without_public_address_says_why(app, member):
    conn = connect(app)
    with conn:
        setting_store.save_settings(conn, {"public_base_url": ""})
    response = member.get("/admin/sites/dinh-thu/qr.png")
    assert response.headers["Location"] == "/admin/sites/dinh-thu"
    page = member.get("/admin/sites/dinh-thu").get_data(as_text=True)
    assert "Chưa tạo được mã QR" in page and "địa chỉ công khai" in page
    assert "Tải mã QR (PNG)" not in links(page)
