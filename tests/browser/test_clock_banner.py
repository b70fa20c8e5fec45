"""The clock banner in real Chromium (issue 19): a phone 14 hours ahead of the server sees
"Đồng hồ máy chủ chậm …" and an admin sets the clock from it (the setter is injected: this
machine's clock is never changed)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from tests.helpers.admin import ADMIN, MEMBER, make_accounts
from tests.helpers.browser import CHROMIUM_ARGS, chromium_path, serve_in_thread

pytestmark = pytest.mark.browser
HOURS_14 = 14 * 3600


@pytest.fixture
def calls(app):
    made: list[int] = []
    app.config["CLOCK_SETTER"] = lambda data_dir, epoch: made.append(epoch) or "Đã đặt giờ."
    make_accounts(app)
    return made


@pytest.fixture
def phone(app, calls):
    """A phone-sized page whose clock runs 14 hours ahead of the server's."""
    from playwright.sync_api import sync_playwright

    with serve_in_thread(app) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True)
        page = context.new_page()
        page.clock.set_system_time(datetime.fromtimestamp(time.time() + HOURS_14, UTC))
        page.base = url
        yield page
        browser.close()


def log_in(page, account) -> None:
    page.goto(f"{page.base}/login")
    page.fill("#name", account[0])
    page.fill("#password", account[1])
    with page.expect_response("**/admin/clock/report") as report:
        page.get_by_role("button", name="Đăng nhập").tap()
    assert report.value.ok


def test_an_admin_sets_the_server_clock_from_the_phone(phone, calls):
    log_in(phone, ADMIN)
    banner = phone.locator("#clock-banner")
    banner.wait_for(state="visible")
    assert "Đồng hồ máy chủ chậm 14 giờ" in banner.inner_text()
    assert "Đặt giờ theo điện thoại này?" in banner.inner_text()
    with phone.expect_navigation():
        banner.get_by_role("button", name="Đặt giờ").tap()
    assert len(calls) == 1 and abs(calls[0] - (time.time() + HOURS_14)) < 120
    assert phone.get_by_text("Đã đặt giờ.").is_visible()


def test_a_member_is_told_to_ask_an_admin(phone, calls):
    log_in(phone, MEMBER)
    banner = phone.locator("#clock-banner")
    banner.wait_for(state="visible")
    assert "Hãy nhờ quản trị viên" in banner.inner_text()
    assert banner.get_by_role("button").count() == 0


def test_no_banner_when_the_clocks_agree(phone, calls):
    phone.clock.set_system_time(datetime.now(UTC))
    log_in(phone, ADMIN)
    phone.locator('#clock-banner[data-checked="ok"]').wait_for(state="attached")
    assert not phone.locator("#clock-banner").is_visible()
