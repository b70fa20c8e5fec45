"""The admin on a 390×844 phone in real Chromium: typed work survives an expired session, tables
name every value, touch targets are at least 44 px, activity entries can be corrected."""

from __future__ import annotations

import pytest

from tests.helpers.admin import ADMIN, MEMBER, connect, make_accounts
from tests.helpers.browser import phone_page
from tests.helpers.clock import FakeClock

pytestmark = pytest.mark.browser


@pytest.fixture
def page(app):
    make_accounts(app)
    with phone_page(app, 390, 844, is_mobile=True) as page:
        yield page


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


# A target is the element, or the <label> around a checkbox or radio. Links inside a sentence (a
# paragraph or list item with other words around them) are exempt, as WCAG 2.5.8 allows.
SMALL_TARGETS = """() => {
  const out = [];
  for (const el of document.querySelectorAll(
      'a[href], button, summary, select, input:not([type=hidden]), textarea')) {
    const target = el.closest('label') || el;
    const box = target.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(target).visibility === 'hidden') continue;
    if (el.tagName === 'A') {
      const block = el.closest('p, li, dd');
      if (block && block.textContent.trim() !== el.textContent.trim()) continue;
    }
    if (box.height < 44 || box.width < 44) {
      out.push(`${el.tagName} “${(el.textContent || el.name || '').trim().slice(0, 30)}” `
               + `${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return out;
}"""

ADMIN_PAGES = ["/admin/", "/admin/guides", "/admin/review", "/admin/sites", "/admin/shops",
               "/admin/quiz", "/admin/print", "/admin/activity", "/admin/stats",
               "/admin/settings", "/admin/accounts", "/admin/backups", "/admin/shops/new",
               "/admin/password", "/admin/languages"]


def test_every_tap_target_on_the_main_admin_pages_is_at_least_44_px(page):
    page.goto(f"{page.base}/admin/")
    log_in(page, ADMIN, "/admin/")
    small = {}
    for path in ADMIN_PAGES:
        page.goto(page.base + path)
        assert page.url == page.base + path
        found = page.evaluate(SMALL_TARGETS)
        if found:
            small[path] = found
    assert small == {}


UNLABELLED_CELLS = """() => {
  const out = [];
  for (const table of document.querySelectorAll('table.list')) {
    if (getComputedStyle(table.querySelector('thead') || table).display !== 'none') {
      out.push('header row still shown');
    }
    for (const td of table.querySelectorAll('tbody td')) {
      const text = td.innerText.trim();
      if (!text || td.querySelector('a, button, form')) continue;  // actions name themselves
      const label = getComputedStyle(td, '::before').content;
      if (!label || label === 'none' || label === 'normal') out.push(text.slice(0, 30));
    }
  }
  return out;
}"""


def record_help(page, account, skill: str, people: str) -> None:
    """Log in on the activity page and record one entry."""
    page.goto(f"{page.base}/admin/activity")
    log_in(page, account, "/admin/activity")
    page.get_by_label(skill).check()
    page.fill("#people", people)
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu", exact=True).tap()


def test_on_a_phone_every_table_value_says_what_it_is(app, page):
    record_help(page, ADMIN, "Thanh toán trực tuyến", "4")
    assert page.locator("table.list td", has_text="Thanh toán trực tuyến").count() == 2
    for path in ["/admin/activity", "/admin/guides", "/admin/stats", "/admin/accounts",
                 "/admin/shops", "/admin/sites", "/admin/", "/admin/review"]:
        page.goto(page.base + path)
        assert page.evaluate(UNLABELLED_CELLS) == [], path
    page.goto(f"{page.base}/admin/activity")
    cell = page.locator("table.list").first.locator("tbody tr").nth(2).locator("td").nth(2)
    assert cell.inner_text() == "4"  # the month's payment total, labelled by its column
    assert page.evaluate("td => getComputedStyle(td, '::before').content",
                         cell.element_handle()) == '"Người: "'


def test_on_a_phone_an_entry_is_corrected_to_zero_then_removed(app, page):
    record_help(page, MEMBER, "Việc khác", "2")
    page.get_by_role("link", name="Sửa lần ghi ngày").first.tap()
    page.wait_for_url(lambda url: "/admin/activity/" in url)
    page.fill("#people", "")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu", exact=True).tap()
    assert page.locator("#people + .error, .error", has_text="Số người: chưa nhập").first.is_visible()
    page.fill("#people", "0")
    page.get_by_role("button", name="Lưu", exact=True).tap()
    page.wait_for_url(lambda url: url.endswith("/admin/activity?month=" + url[-7:]))
    assert connect(app).execute("SELECT people FROM activity_log").fetchone()[0] == 0
    page.get_by_role("link", name="Sửa lần ghi ngày").first.tap()
    page.wait_for_url(lambda url: "/admin/activity/" in url)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Xóa lần ghi này").tap()
    page.wait_for_url(lambda url: "/admin/activity?" in url)
    assert connect(app).execute("SELECT COUNT(*) FROM activity_log").fetchone()[0] == 0
    assert page.get_by_text("Đã xóa lần ghi").is_visible()
