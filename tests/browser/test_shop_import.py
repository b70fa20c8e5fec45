"""Importing shops on a phone (390×844) in real Chromium (issue 18): a spreadsheet written the way
the downloaded template shows, saved with `;` and Vietnamese headers, with mistakes in it — every
problem is shown by its row and column, and every value of the preview keeps its column name."""

from __future__ import annotations

import pytest

from tests.helpers.admin import MEMBER, make_accounts
from tests.helpers.browser import log_in, phone_page

pytestmark = pytest.mark.browser


@pytest.fixture
def page(app):
    make_accounts(app)
    with phone_page(app, 390, 844) as page:
        yield page


# Rows as a volunteer types them under the template's header, with the mistakes people make.
ROWS = [
    "2;Phở Bà Tư;Trần Thị Tư;Vietcombank;1.02346E+12;Trần Thị Tư;45.000;Phở bò",
    "3;Bánh xèo Cô Hà;;Ngân hàng Mặt Trăng;12010000123456;;;",
    "4;Chè Cô Ba;;BIDV;12010000999999;LE THI BA;năm nghìn;",
    "5;Tạp hóa An;Nguyễn Văn An;970418;12010000888888;NGUYEN VAN AN;;",
]
# (spreadsheet row, column) of every mistake above; the template's example row 2 is fine.
MISTAKES = [(3, "Số tài khoản"), (4, "Ngân hàng"), (4, "Tên chủ tài khoản"), (5, "Số tiền")]


def test_a_phone_import_shows_every_problem_by_row_and_column(page, tmp_path):
    log_in(page, "/admin/shops/import", MEMBER)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="mẫu CSV").tap()
    template = download_info.value.path().read_bytes().decode("utf-8-sig").splitlines()
    header, example = template[0], template[1]
    assert header.split(";")[:3] == ["STT", "Tên cửa hàng", "Chủ"]
    sheet = tmp_path / "cua-hang.csv"
    sheet.write_bytes("\r\n".join([header, example, *ROWS, ""]).encode("utf-8-sig"))

    page.set_input_files("#file", str(sheet))
    with page.expect_navigation():
        page.get_by_role("button", name="Xem trước").tap()

    assert page.get_by_text("4 lỗi — chưa nhập được").is_visible()
    assert page.locator("input[name=token]").count() == 0
    marked = page.eval_on_selector_all(
        "tr[id^=line-] td.bad",
        "cells => cells.map(td => [Number(td.closest('tr').id.slice(5)), td.dataset.label])")
    assert sorted(map(tuple, marked)) == MISTAKES
    for line, column in MISTAKES:
        problem = page.locator(f"#line-{line} .problems p", has_text=f"Dòng {line} · {column}:")
        assert problem.count() == 1 and problem.is_visible()
    assert "Văn bản (Text)" in page.locator("#line-3 .problems").inner_text()
    for line in (2, 6):
        assert page.locator(f"#line-{line} .problems").inner_text().strip() == "✓"

    # On a phone the table stacks: every value is labelled with its column, nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert page.locator(".import-preview thead").is_hidden()
    labels = page.eval_on_selector_all(
        "#line-3 td", "tds => tds.map(td => getComputedStyle(td, '::before').content)")
    assert labels[:6] == ['"Dòng: "', '"STT: "', '"Tên cửa hàng: "', '"Chủ: "', '"Ngân hàng: "',
                          '"Số tài khoản: "']
    assert "none" not in labels
