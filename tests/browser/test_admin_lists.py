"""The shop list and the print centre on a 390×844 phone in real Chromium (issues 17, 18): the
search box works, the "MẪU" tag stays on one line, nothing scrolls sideways."""

from __future__ import annotations

import pytest

from kiosk.models import Shop
from tests.helpers.admin import ADMIN, make_accounts, save_shops
from tests.helpers.browser import CHROMIUM_ARGS, chromium_path, serve_in_thread

pytestmark = pytest.mark.browser

LONG = Shop(code="QB4H", name="Quán bún bò Huế và phở gà Cô Ba Long Xuyên mở từ sáng sớm",
            bank_bin="970418", account="12010000123456", holder="NGUYEN THI BA", demo=True)

# Every .tag whose text is laid out on more than one line box (a text range gives one rect a line).
BROKEN_TAGS = """() => [...document.querySelectorAll('.tag')].filter(tag => {
  const range = document.createRange();
  range.selectNodeContents(tag);
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1;
}).map(tag => tag.textContent)"""


@pytest.fixture
def page(app):
    from playwright.sync_api import sync_playwright

    make_accounts(app)
    save_shops(app, [LONG, *(  # 60 more: enough for a second page
        Shop(code=f"M{'23456789'[i // 8]}{'ABCDEFGH'[i % 8]}X", name=f"Tạp hóa số {i}",
             bank_bin="970436", account=f"{5550000 + i}", holder="CHU") for i in range(60))])
    with serve_in_thread(app) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                      is_mobile=True, device_scale_factor=2)
        page = context.new_page()
        page.goto(f"{url}/login")
        page.fill("#name", ADMIN[0])
        page.fill("#password", ADMIN[1])
        page.get_by_role("button", name="Đăng nhập").tap()
        page.wait_for_url(f"{url}/admin/")
        page.base = url
        yield page
        browser.close()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_shop_list_search_on_a_phone(page):
    page.goto(f"{page.base}/admin/shops")
    assert no_sideways_scroll(page)
    assert page.get_by_text("Trang 1/2").is_visible()
    box = page.get_by_label("Tìm cửa hàng")
    shape = box.bounding_box()
    assert shape["height"] >= 44 and shape["x"] >= 0 and shape["x"] + shape["width"] <= 390
    box.tap()
    box.fill("bun bo hue")
    with page.expect_navigation():
        box.press("Enter")
    assert page.get_by_text("1–1 trong 1 cửa hàng khớp").is_visible()
    assert page.locator("table.list tbody tr").count() == 1
    assert page.locator(".tag").all_inner_texts() == ["MẪU"]
    assert page.evaluate(BROKEN_TAGS) == []
    assert no_sideways_scroll(page)


def test_demo_tags_stay_on_one_line_in_the_list_and_the_print_centre(page):
    for path in ("/admin/shops?demo=demo", "/admin/print?include_demo=1&q=quan"):
        page.goto(f"{page.base}{path}")
        assert page.locator(".tag").count() >= 1, path
        assert page.evaluate(BROKEN_TAGS) == [], path
        assert no_sideways_scroll(page), path
