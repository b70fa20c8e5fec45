"""The admin on a 390×844 phone in real Chromium: typed work survives an expired session, tables
name every value, touch targets are at least 44 px, activity entries can be corrected."""

from __future__ import annotations

import pytest

from tests.helpers.admin import MEMBER, connect, make_accounts
from tests.helpers.browser import CHROMIUM_ARGS, chromium_path, serve_in_thread
from tests.helpers.clock import FakeClock

pytestmark = pytest.mark.browser


@pytest.fixture
def page(app):
    from playwright.sync_api import sync_playwright

    make_accounts(app)
    with serve_in_thread(app) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                      is_mobile=True)
        page = context.new_page()
        page.base = url
        yield page
        browser.close()


def log_in(page, account, landing: str) -> None:
    """Log in on the login page, then wait for the admin page whose path (and query) starts
    with `landing`."""
    page.fill("#name", account[0])
    page.fill("#password", account[1])
    page.get_by_role("button", name="Đăng nhập").tap()
    page.wait_for_url(lambda url: url.split("/", 3)[3].startswith(landing.lstrip("/")))


def test_typed_work_survives_an_expired_session(app, page, monkeypatch):
    page.goto(f"{page.base}/admin/activity")
    log_in(page, MEMBER, "/admin/activity")
    FakeClock(monkeypatch).sleep(16 * 60)  # the member left the phone on the table 16 minutes
    page.get_by_label("Định danh điện tử VNeID").check()
    page.fill("#people", "3")
    page.fill("#note", "Giúp bà Tư cài VNeID")
    page.get_by_role("button", name="Lưu", exact=True).tap()
    page.wait_for_url(lambda url: "/login?" in url)
    assert page.get_by_text("đã được giữ lại").is_visible()
    assert connect(app).execute("SELECT COUNT(*) FROM activity_log").fetchone()[0] == 0

    log_in(page, MEMBER, "/admin/activity?kept=")
    assert page.get_by_text("Phiên đã hết hạn — chúng tôi đã giữ lại nội dung bạn nhập").is_visible()
    assert page.input_value("#note") == "Giúp bà Tư cài VNeID"
    assert page.input_value("#people") == "3"
    assert page.is_checked("input[name=skill][value=vneid]")
    page.get_by_role("button", name="Lưu", exact=True).tap()
    page.wait_for_url(lambda url: "kept=" not in url)
    rows = connect(app).execute("SELECT skill, people, note, member FROM activity_log").fetchall()
    assert [tuple(r) for r in rows] == [("vneid", 3, "Giúp bà Tư cài VNeID", MEMBER[0])]
