"""The admin on a phone in real Chromium: log in, add a shop with the bank picker, print its card,
decode the QR in the downloaded PDF; edit a heritage site's story with its live preview and add a
photo from the camera."""

from __future__ import annotations

import pytest

from qr import vietqr
from tests.helpers import pdfcheck
from tests.helpers.admin import ADMIN, connect, make_accounts
from tests.helpers.browser import phone_page
from tests.helpers.images import gps_jpeg

pytestmark = pytest.mark.browser


@pytest.fixture
def page(app):
    make_accounts(app)
    with phone_page(app, 360, 740) as page:
        yield page


def test_add_shop_on_a_phone_and_print_its_card(page, tmp_path):
    page.goto(f"{page.base}/admin/shops/new")
    assert "/login" in page.url
    page.fill("#name", ADMIN[0])
    page.fill("#password", ADMIN[1])
    page.get_by_role("button", name="Đăng nhập").tap()
    page.wait_for_url(f"{page.base}/admin/shops/new")
    page.fill("#code", "RX7N")
    page.fill("#name", "Rau sạch Cô Mai")
    page.fill("#bank", "BIDV")
    options = page.eval_on_selector_all("#banks option", "els => els.map(e => e.value)")
    bidv = next(o for o in options if o.startswith("970418"))
    page.fill("#bank", bidv)
    page.fill("#account", "12010000123456")
    page.fill("#holder", "LE THI MAI")
    page.fill("#purpose", "Rau sạch")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    with page.expect_navigation():
        page.get_by_role("button", name="Xem trước mã QR").tap()
    assert page.locator(".error").all_inner_texts() == []
    assert page.locator(".preview dd").first.inner_text() == "BIDV"
    page.get_by_role("button", name="Lưu").tap()
    page.wait_for_url(f"{page.base}/admin/shops/RX7N")
    assert page.get_by_text("Đã lưu cửa hàng Rau sạch Cô Mai.").is_visible()

    page.goto(f"{page.base}/admin/print")
    page.locator('input[name=code][value="RX7N"]').check()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="In cửa hàng đã đánh dấu").tap()
    pdf = tmp_path / "card.pdf"
    download_info.value.save_as(pdf)
    (image,) = pdfcheck.rasterize(pdf.read_bytes(), 150)
    assert [q.text for q in pdfcheck.find_qr(image, 150)] == [
        vietqr.payload("970418", "12010000123456", purpose="Rau sạch")]


def test_on_a_phone_story_preview_is_live_and_a_camera_photo_uploads(app, page):
    page.goto(f"{page.base}/admin/sites/dinh-thu")
    page.fill("#name", ADMIN[0])
    page.fill("#password", ADMIN[1])
    page.get_by_role("button", name="Đăng nhập").tap()
    page.wait_for_url(f"{page.base}/admin/sites/dinh-thu")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.fill("#story\\.vi", "Đình **cổ** <i>x</i>")
    page.wait_for_selector("#preview-vi strong", timeout=5000)
    assert page.inner_html("#preview-vi").strip() == \
        "<p>Đình <strong>cổ</strong> &lt;i&gt;x&lt;/i&gt;</p>"
    assert page.get_attribute("#photo-camera", "capture") == "environment"
    page.set_input_files("#photo-camera", files=[{"name": "IMG_2001.jpg",
                                                  "mimeType": "image/jpeg",
                                                  "buffer": gps_jpeg()}])
    with page.expect_navigation():
        page.get_by_role("button", name="Tải ảnh lên").tap()
    assert page.get_by_text("Đã thêm 1 ảnh.").is_visible()
    photos = connect(app).execute("SELECT name FROM site_photos ORDER BY position").fetchall()
    assert len(photos) == 2


def test_quiz_preview_draws_the_message_in_the_kiosk_colours(app, page):
    """The preview uses the kiosk's practice.css: its soft bubble and green answer colours must
    exist in the admin too, or the team previews a colourless message."""
    from kiosk.db import transaction
    from kiosk.models import QuizItem
    from kiosk.store import quiz as quiz_store

    conn = connect(app)
    with transaction(conn):
        quiz_store.save_quiz_item(conn, QuizItem(
            "sms-otp", "zalo", {"vi": "Ngân hàng"}, {"vi": "Gửi mã OTP để nhận quà."}, "scam",
            {"vi": "Ngân hàng không bao giờ hỏi mã OTP."}))
    conn.close()
    page.goto(f"{page.base}/admin/quiz/sms-otp/preview")
    page.fill("#name", ADMIN[0])
    page.fill("#password", ADMIN[1])
    page.get_by_role("button", name="Đăng nhập").tap()
    page.wait_for_url(f"{page.base}/admin/quiz/sms-otp/preview")
    colours = page.evaluate("""() => {
      const style = s => getComputedStyle(document.querySelector(s));
      return {bubble: style('.quiz-message').backgroundColor,
              answer: style('.quiz-feedback').backgroundColor,
              answerLine: style('.quiz-feedback').borderLeftColor};
    }""")
    assert colours == {"bubble": "rgb(229, 239, 255)", "answer": "rgb(231, 245, 236)",
                       "answerLine": "rgb(20, 83, 45)"}
