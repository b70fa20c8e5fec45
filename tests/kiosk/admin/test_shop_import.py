"""Shops from spreadsheets as volunteers make them (issue 18): Vietnamese headers, `;` or tab,
no code column, banks by name, Excel-mangled accounts, every problem shown, templates, .xlsx."""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

import pytest

from kiosk import db
from kiosk.codes import check_code
from kiosk.store import shops
from tests.helpers.admin import csrf_token

VI_HEAD = "STT;Tên cửa hàng;Chủ;Ngân hàng;Số tài khoản;Tên chủ tài khoản;Số tiền;Nội dung\n"


def upload(client, data: bytes, name: str = "cua-hang.csv"):
    return client.post("/admin/shops/import", data={
        "csrf_token": csrf_token(client, "/admin/shops/import"), "encoding": "auto",
        "file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def confirm(client, page: str):
    token = re.search(r'name="token" value="(\w+)"', page).group(1)
    return client.post("/admin/shops/import", data={
        "csrf_token": csrf_token(client, "/admin/shops/import"), "token": token})


def stored(app) -> dict:
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    try:
        return {s.code: s for s in shops.list_shops(conn)}
    finally:
        conn.close()


def problems(page: str) -> list[str]:
    """Every problem on the preview page, file-level ones first, as the reader sees them."""
    texts = re.findall(r"<li>(.*?)</li>|<p class=\"error\">(.*?)</p>", page, re.S)
    return [unescape(a or b).strip() for a, b in texts]


def test_semicolons_vietnamese_headers_and_no_code_column_import(app, member):
    before = set(stored(app))
    text = VI_HEAD + ("1;Phở Bà Tư;Trần Thị Tư;Vietcombank;0011009876543;Trần Thị Tư;45.000;Phở bò\n"
                      "2;Bánh xèo Cô Hà;;bidv;12010000123456;LE THI HA;;\n")
    response = upload(member, text.encode("utf-8-sig"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200, problems(page)
    assert "(đã có: cập nhật)" not in page
    assert "Không có lỗi" in page and 'data-label="Tên cửa hàng">Phở Bà Tư<' in page
    assert confirm(member, page).status_code == 302
    new = {code: s for code, s in stored(app).items() if code not in before}
    assert sorted((s.name, s.bank_bin, s.account, s.holder, s.amount) for s in new.values()) == [
        ("Bánh xèo Cô Hà", "970418", "12010000123456", "LE THI HA", None),
        ("Phở Bà Tư", "970436", "0011009876543", "TRAN THI TU", 45000),
    ]
    assert all(check_code(code) is None for code in new)
    assert {s.name: code for code, s in new.items()}["Phở Bà Tư"].startswith("PBT")


@pytest.mark.parametrize("separator", [",", "\t"])
def test_comma_and_tab_files_with_english_headers_still_import(app, member, separator):
    text = separator.join(["code", "name", "bank", "account", "holder"]) + "\n" + separator.join(
        ["QT5K", "Quán, Tư", "970436", "0011009876543", "Nguyễn Văn Tư"]) + "\n"
    if separator == ",":
        text = text.replace("Quán, Tư", '"Quán, Tư"')
    response = upload(member, text.encode())
    assert response.status_code == 200, problems(response.get_data(as_text=True))
    confirm(member, response.get_data(as_text=True))
    assert stored(app)["QT5K"].name == "Quán, Tư"
    assert stored(app)["QT5K"].holder == "NGUYEN VAN TU"


def test_an_account_excel_turned_into_a_number_is_refused_with_the_fix(app, member):
    text = VI_HEAD + "1;Phở Bà Tư;;VCB;1.02346E+12;TRAN THI TU;;\n"
    response = upload(member, text.encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'name="token"' not in page
    [problem] = problems(page)
    assert problem.startswith("Dòng 2 · Số tài khoản: '1.02346E+12': Excel đã coi số tài khoản")
    assert "định dạng cột Số tài khoản là Văn bản (Text) rồi nhập lại số" in problem
    assert '<td data-label="Số tài khoản" class="bad">1.02346E+12</td>' in page


def test_every_problem_of_a_row_is_shown_at_once(member):
    text = VI_HEAD + "1;=Phở;Tư;Ngân hàng Mặt Trăng;0011-0098;;abc;\n"
    page = upload(member, text.encode()).get_data(as_text=True)
    found = problems(page)
    assert [p.split(":")[0] for p in found] == [
        "Dòng 2 · Tên cửa hàng", "Dòng 2 · Ngân hàng", "Dòng 2 · Số tài khoản",
        "Dòng 2 · Tên chủ tài khoản", "Dòng 2 · Số tiền"]
    assert "4 lỗi" not in page and "5 lỗi" in page


def test_file_level_problems_are_shown_first_then_the_rows(member):
    text = "Tên cửa hàng;Ngân hàng;Số tài khoản;Ghi chú\nPhở;VCB;1.2E+12;đỏ\n"
    page = upload(member, text.encode()).get_data(as_text=True)
    found = problems(page)
    assert found[0].startswith("Dòng 1 (tiêu đề): cột không biết: Ghi chú (các cột: Mã (code), ")
    assert found[1] == "Dòng 1 (tiêu đề): thiếu cột: Tên chủ tài khoản (holder)"
    assert page.index("Lỗi của cả tệp") < page.index("<table")
    assert "2 lỗi" in page and "✓" not in page and "chưa kiểm tra" in page


def test_bank_by_name_short_name_or_bin(member):
    text = VI_HEAD + "".join(f"{n};Quán {n};;{bank};00110098765{n};AN;;\n" for n, bank in
                             enumerate(["Ngân hàng TMCP Ngoại thương Việt Nam", "VCB", "970436"], 1))
    response = upload(member, text.encode())
    assert response.status_code == 200, problems(response.get_data(as_text=True))


def test_a_windows_1258_file_is_explained(member):
    data = "STT;Ten cua hang\n1;Cà phê Đông\n".encode("cp1258")
    page = upload(member, data).get_data(as_text=True)
    assert "có vẻ là bảng mã Windows-1258 của Excel cũ" in page and "CSV UTF-8" in page


def test_templates_download_and_the_xlsx_account_column_is_text(app, member):
    from openpyxl import load_workbook

    csv_file = member.get("/admin/shops/import/mau-cua-hang.csv")
    assert csv_file.status_code == 200 and csv_file.data.startswith(b"\xef\xbb\xbf")
    assert csv_file.data.decode("utf-8-sig").splitlines()[0] == VI_HEAD.strip()
    xlsx = member.get("/admin/shops/import/mau-cua-hang.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    header = [c.value for c in sheet[1]]
    assert header == VI_HEAD.strip().split(";")
    account = sheet.cell(row=2, column=header.index("Số tài khoản") + 1)
    assert account.value == "0011001234567" and account.number_format == "@"
    assert sheet.cell(row=50, column=header.index("Số tài khoản") + 1).number_format == "@"
    page = member.get("/admin/shops/import").get_data(as_text=True)
    assert "/admin/shops/import/mau-cua-hang.xlsx" in page
    assert "/admin/shops/import/mau-cua-hang.csv" in page
    # The template as downloaded imports as it is.
    before = set(stored(app))
    response = upload(member, xlsx.data, "mau-cua-hang.xlsx")
    assert response.status_code == 200, problems(response.get_data(as_text=True))
    confirm(member, response.get_data(as_text=True))
    [new] = set(stored(app)) - before
    assert stored(app)[new].account == "0011001234567"


def test_an_xlsx_with_a_number_in_the_account_column_is_refused(member):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Tên cửa hàng", "Ngân hàng", "Số tài khoản", "Tên chủ tài khoản"])
    book.active.append(["Phở", "VCB", 11001234567, "AN"])
    out = io.BytesIO()
    book.save(out)
    page = upload(member, out.getvalue(), "cua-hang.xlsx").get_data(as_text=True)
    [problem] = problems(page)
    assert problem.startswith("Dòng 2 · Số tài khoản: '1.10012E+10'")
    assert "Văn bản (Text)" in problem


def test_an_upload_that_is_not_an_xlsx_is_refused(member):
    page = upload(member, b"PK\x03\x04 not really", "x.xlsx").get_data(as_text=True)
    assert "không phải tệp Excel .xlsx" in page


def test_the_preview_labels_every_value_for_narrow_screens(member):
    text = VI_HEAD + "1;Phở;;VCB;0011009876543;AN;;\n"
    page = upload(member, text.encode()).get_data(as_text=True)
    row = re.search(r'<tr id="line-2">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r"<td(?![^>]*data-label)", row) == []
    assert 'data-label="Mã (tự tạo)"' in row


def test_importing_the_same_sheet_twice_updates_rather_than_doubles(app, member):
    text = VI_HEAD + "1;Phở Bà Tư;;VCB;0011009876543;TU;;\n"
    confirm(member, upload(member, text.encode()).get_data(as_text=True))
    first = dict(stored(app))
    page = upload(member, text.replace(";;\n", ";35000;\n").encode()).get_data(as_text=True)
    assert "(đã có: cập nhật)" in page
    confirm(member, page)
    assert stored(app).keys() == first.keys()
    [code] = [c for c, s in first.items() if s.name == "Phở Bà Tư"]
    assert stored(app)[code].amount == 35000


def test_an_empty_code_cell_shows_the_code_that_will_be_made(member):
    text = "Mã;Tên cửa hàng;Ngân hàng;Số tài khoản;Tên chủ tài khoản\n;Gà nướng;VCB;0011001234567;AN\n"
    page = upload(member, text.encode()).get_data(as_text=True)
    assert '<td data-label="Mã">GN22 (tự tạo)</td>' in page


def test_a_damaged_xlsx_and_one_with_too_many_rows_get_a_message(member):
    import zipfile

    from openpyxl import Workbook

    from kiosk.packs import shops_sheet

    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not-xml")
    page = upload(member, broken.getvalue(), "x.xlsx").get_data(as_text=True)
    assert "không đọc được tệp Excel" in page
    book = Workbook()
    book.active.append(["Tên cửa hàng"])
    for n in range(shops_sheet.MAX_ROWS + 1):
        book.active.append([f"Quán {n}"])
    big = io.BytesIO()
    book.save(big)
    page = upload(member, big.getvalue(), "x.xlsx").get_data(as_text=True)
    assert f"quá nhiều dòng (tối đa {shops_sheet.MAX_ROWS} cửa hàng" in page
