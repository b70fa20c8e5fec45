"""The site admin on a 390×844 phone in real Chromium: photos chosen with a new site are checked
before sending (the message beside the inputs, the typed text kept), and the public address
warning appears once the background check finds that the address does not answer."""

from __future__ import annotations

import pytest

from kiosk.admin import public_address
from kiosk.ops import checks
from kiosk.store import settings as setting_store
from kiosk.store import sites as site_store
from tests.helpers.admin import ADMIN, connect, make_accounts
from tests.helpers.browser import log_in, phone_page
from tests.helpers.images import gps_jpeg

pytestmark = pytest.mark.browser


@pytest.fixture
def page(app):
    make_accounts(app)
    public_address.REMEMBERED.clear()
    with phone_page(app) as page:
        yield page
    public_address.REMEMBERED.clear()


def test_new_site_photos_too_heavy_for_one_request_are_stopped_beside_the_input(app, page):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # 1 MB requests: 0.5 MB left for photos
    log_in(page, "/admin/sites/new", ADMIN)
    page.fill("#code", "CM3K")
    page.fill("#slug", "chua-moi")
    page.fill("#name\\.vi", "Chùa Mới")
    page.fill("#summary\\.vi", "Một ngôi chùa.")
    page.fill("#story\\.vi", "Chùa cổ.")
    heavy = [{"name": f"IMG_{n}.jpg", "mimeType": "image/jpeg", "buffer": bytes(400 * 1024)}
             for n in (1, 2)]
    page.set_input_files("#photo", files=heavy)
    message = page.locator("[data-photo-check]")
    assert message.inner_text() == ("các ảnh đã chọn nặng 0,8 MB, mỗi lần gửi tối đa 1 MB: "
                                    "hãy chọn bớt ảnh và gửi phần còn lại sau")
    field, shown = page.locator("#photo").bounding_box(), message.bounding_box()
    assert 0 <= shown["y"] - (field["y"] + field["height"]) < 40  # right under the input
    page.get_by_role("button", name="Lưu").tap()
    assert page.url == f"{page.base}/admin/sites/new"  # not sent: the typed text is still here
    assert page.input_value("#name\\.vi") == "Chùa Mới"

    page.set_input_files("#photo", files=[{"name": "IMG_3.jpg", "mimeType": "image/jpeg",
                                           "buffer": gps_jpeg()}])
    assert message.is_hidden()
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu").tap()
    assert page.url == f"{page.base}/admin/sites/chua-moi"
    assert page.get_by_text("Đã lưu di tích Chùa Mới và 1 ảnh.").is_visible()
    assert len(site_store.get_site(connect(app), "chua-moi").photos) == 1


def test_public_address_that_does_not_answer_is_shown_after_the_page(app, page, monkeypatch):
    monkeypatch.setattr(checks, "lan_addresses", lambda: ["192.168.1.20"])
    monkeypatch.setattr(public_address, "fetch_healthz", lambda url, timeout: False)
    conn = connect(app)
    with conn:
        setting_store.save_settings(conn, {"public_base_url": "http://192.168.1.20:8080"})
        site_store.set_retired(conn, "DH7K", True)  # no outdoor poster: a LAN address is fine
    log_in(page, "/admin/print", ADMIN)
    warning = page.locator("[data-public-warning]")
    warning.wait_for(state="visible", timeout=5000)
    assert "http://192.168.1.20:8080 không trả lời từ mạng LAN" in warning.inner_text()
    assert page.get_by_role("button", name="Lưu địa chỉ").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
