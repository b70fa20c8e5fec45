"""Shops spreadsheets as volunteers make them: the downloadable templates and .xlsx uploads.

An .xlsx upload becomes the same CSV text a CSV upload gives, so one reader (shops_csv) checks
both; the templates write the Vietnamese headers that reader matches.
"""

from __future__ import annotations

import csv
import io
import zipfile

from kiosk.packs.shops_csv import LABELS, column_of
from kiosk.problems import Report

TEMPLATE_COLUMNS = ("name", "owner", "bank", "account", "holder", "amount", "purpose")
TEMPLATE_HEADER = ("STT", *(LABELS[c] for c in TEMPLATE_COLUMNS))
TEMPLATE_EXAMPLE = ("1", "Tạp hóa Cô Lan", "Nguyễn Thị Lan", "Vietcombank", "0011001234567",
                    "NGUYEN THI LAN", "", "Tap hoa Co Lan")
TEMPLATE_ROWS = 500  # rows of the .xlsx whose account cell is already formatted as Text
MAX_ROWS = 2000  # a hamlet has tens of shops; more is a wrong file
MAX_COLUMNS = 30
MAX_UNZIPPED = 30 * 1024 * 1024  # an .xlsx is a zip: refuse one that would unpack into far more


def template_csv() -> bytes:
    """The CSV template: `;` as Excel writes it on a PC set to Vietnam, UTF-8 with a BOM."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows([TEMPLATE_HEADER, TEMPLATE_EXAMPLE])
    return out.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    """The Excel template; the account column is Text so Excel keeps leading zeros and digits."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Cửa hàng"
    sheet.append(TEMPLATE_HEADER)
    sheet.append(TEMPLATE_EXAMPLE)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    account = TEMPLATE_HEADER.index(LABELS["account"]) + 1
    for row in range(1, TEMPLATE_ROWS + 1):
        sheet.cell(row=row, column=account).number_format = "@"
    for letter, width in zip("ABCDEFGH", (5, 24, 20, 16, 18, 22, 10, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_to_csv(data: bytes, filename: str, report: Report) -> str | None:
    """The first sheet of an .xlsx as CSV text, every cell read as text; None if unreadable.

    A number in the account column is written the way Excel shows it (1.02346E+12) so the row
    check refuses it with the fix: Excel may already have dropped leading zeros or digits.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        report.error(filename, "không phải tệp Excel .xlsx; hãy lưu lại dạng .xlsx hoặc CSV UTF-8")
        return None
    if unzipped > MAX_UNZIPPED:
        report.error(filename, "tệp Excel quá lớn khi giải nén; hãy chỉ giữ trang danh sách cửa hàng")
        return None
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:  # read_only parses lazily: a damaged sheet fails here, not at load
            rows = list(book.worksheets[0].iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS,
                                                     values_only=True))
        finally:
            book.close()
    except Exception:  # openpyxl raises many kinds for a damaged file  # noqa: BLE001
        report.error(filename, "không đọc được tệp Excel; hãy mở lại và lưu dạng .xlsx")
        return None
    if len(rows) > MAX_ROWS + 1:
        report.error(filename, f"quá nhiều dòng (tối đa {MAX_ROWS} cửa hàng mỗi lần nhập)")
        return None
    header = [_text(v) for v in rows[0]] if rows else []
    account = [column_of(h) == "account" for h in header]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for values in rows[1:]:
        writer.writerow([_number_as_excel_shows(v) if i < len(account) and account[i]
                         and isinstance(v, int | float) and not isinstance(v, bool) else _text(v)
                         for i, v in enumerate(values)])
    return out.getvalue()


def _number_as_excel_shows(value: float) -> str:
    return f"{float(value):.5E}"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
