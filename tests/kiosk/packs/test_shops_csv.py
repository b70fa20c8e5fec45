"""The shops CSV format (kiosk/packs/shops_csv.py): decode, parse, check a row, write it back.

The formula guard (excel_safe) has its table in tests/system/test_hostile_numbers.py.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.models import Shop
from kiosk.packs.shops_csv import (
    COLUMNS,
    check_row,
    column_of,
    decode,
    detect_separator,
    parse_csv,
    parse_rows,
    to_csv,
)
from kiosk.problems import Report

HEAD = ",".join(COLUMNS) + "\n"
LAN = "TH2A,Tạp hóa Cô Lan,Nguyễn Thị Lan,970436,0011001234567,NGUYEN THI LAN,,,0\n"
HUNG = "PH3B,Phở Hùng,,VCB,0011007654321,TRAN VAN HUNG,\"45.000đ\",Pho bo,1\n"


def parsed(text: str, require_code: bool = True) -> tuple[list[Shop], list[tuple]]:
    report = Report()
    shops = parse_csv(text, "shops.csv", report, require_code)
    return shops, [(p.line, p.field, p.message, p.level) for p in report.problems]


def row(**changes: str) -> dict[str, str]:
    values = dict(zip(COLUMNS, ["TH2A", "Tạp hóa", "", "970436", "0011001234567", "LAN", "", "",
                                "0"], strict=True))
    return values | changes


def test_parse_reads_every_column():
    shops, problems = parsed(HEAD + LAN + HUNG)
    assert problems == []
    assert shops == [
        Shop(code="TH2A", name="Tạp hóa Cô Lan", bank_bin="970436", account="0011001234567",
             holder="NGUYEN THI LAN", owner="Nguyễn Thị Lan", amount=None, purpose="", demo=False),
        Shop(code="PH3B", name="Phở Hùng", bank_bin="970436", account="0011007654321",
             holder="TRAN VAN HUNG", owner="", amount=45000, purpose="Pho bo", demo=True),
    ]


def test_unknown_and_missing_columns_stop_at_the_header():
    shops, problems = parsed("code,name,colour\nTH2A,Lan,do\n")
    assert shops == []
    assert [(line, message) for line, _, message, _ in problems] == [
        (1, "cột không biết: colour (các cột: Mã (code), Tên cửa hàng (name), Chủ (owner), "
            "Ngân hàng (bank), Số tài khoản (account), Tên chủ tài khoản (holder), Số tiền (amount), "
            "Nội dung (purpose), Mẫu (demo))"),
        (1, "thiếu cột: Ngân hàng (bank), Số tài khoản (account), Tên chủ tài khoản (holder)"),
    ]


def test_duplicate_code_is_an_error_and_shared_account_a_warning():
    again = LAN.replace("Tạp hóa Cô Lan", "Lan 2")
    other_code = LAN.replace("TH2A", "TH3A")
    shops, problems = parsed(HEAD + LAN + again + other_code)
    assert [s.code for s in shops] == ["TH2A", "TH3A"]
    assert problems == [
        (3, "code", "mã TH2A trùng với dòng 2", "error"),
        (4, "account", "cùng ngân hàng và số tài khoản với dòng 2", "warning"),
    ]


def test_a_row_with_more_cells_than_the_header_is_refused():
    shops, problems = parsed(HEAD + LAN.rstrip("\n") + ",extra\n")
    assert (shops, problems) == ([], [(2, "", "dòng có nhiều ô hơn tiêu đề", "error")])


def test_code_may_be_left_out_when_printing_from_a_spreadsheet():
    shops, problems = parsed("name,bank,account,holder\nLan,970436,0011001234567,LAN\n",
                             require_code=False)
    assert problems == [] and [(s.code, s.name) for s in shops] == [("", "Lan")]


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"code": "D0K1"}, "code", "mã 'D0K1' có ký tự không dùng được: 0 1 "
                               "(chỉ chữ in hoa và số, không dùng 0, O, 1, I, L để khỏi nhầm)"),
    ({"name": ""}, "name", "ô bắt buộc đang trống"),
    ({"demo": "maybe"}, "demo", "'maybe' không rõ; ghi 1 (mẫu) hoặc 0"),
    ({"name": "=1+1"}, "name", "nội dung bắt đầu như công thức Excel (=, +, -, @); hãy bỏ ký tự đó"),
    ({"owner": "Lan\u202eabc"}, "owner", "có ký tự ẩn hoặc ký tự đảo chiều chữ; hãy gõ lại ô này"),
    ({"holder": "A" * 81}, "holder", "quá dài (81 ký tự, tối đa 80)"),
])
def test_check_row_says_what_is_wrong_with_the_cell(changes, field, message):
    report = Report()
    assert check_row(row(**changes), "shops.csv", 7, report) is None
    assert [(p.line, p.field, p.message) for p in report.problems] == [(7, field, message)]


def test_check_row_problem_keeps_msgid_and_values():
    report = Report()
    check_row(row(holder="A" * 81), "shops.csv", 7, report)
    [problem] = report.problems
    assert (problem.template, problem.params) == (
        "quá dài (%(length)s ký tự, tối đa %(max)s)", (("length", 81), ("max", 80)))


def test_check_row_carries_the_payload_error_msgid_over():
    report = Report()
    check_row(row(amount="1.5"), "shops.csv", 7, report)
    [problem] = report.problems
    assert problem.field == "amount"
    assert problem.template.startswith("Số tiền '%(amount)s' không rõ ràng")
    assert problem.params == (("amount", "1.5"),)
    assert problem.message == problem.template % {"amount": "1.5"}


@pytest.mark.parametrize(("changes", "attribute", "value"), [
    ({"code": " th2a "}, "code", "TH2A"),
    ({"bank": "Vietcombank"}, "bank_bin", "970436"),
    ({"amount": "150.000 đ"}, "amount", 150000),
    ({"demo": "có"}, "demo", True),
    ({"name": "Ta\u0323p ho\u0301a"}, "name", "Tạp hóa"),  # decomposed (NFD) input is stored NFC
])
def test_check_row_cleans_what_people_type(changes, attribute, value):
    report = Report()
    shop = check_row(row(**changes), "shops.csv", 2, report)
    assert report.problems == []
    assert getattr(shop, attribute) == value


def test_check_row_reports_a_bank_it_does_not_know():
    report = Report()
    assert check_row(row(bank="Ngân hàng Mặt Trăng"), "shops.csv", 2, report) is None
    assert [p.field for p in report.problems] == ["bank"]


@pytest.mark.parametrize("data", [
    (HEAD + LAN).encode("utf-8"),
    (HEAD + LAN).encode("utf-8-sig"),  # Excel's "CSV UTF-8"
    (HEAD + LAN).encode("utf-16"),  # Excel's "Unicode text", BOM first
    b"\xfe\xff" + (HEAD + LAN).encode("utf-16-be"),
])
def test_decode_reads_what_excel_saves(data):
    assert decode(data, "shops.csv", Report()) == HEAD + LAN


def test_decode_gives_nfc_text():
    assert decode("Pho\u031b".encode(), "shops.csv", Report()) == "Phơ"


def test_decode_refuses_windows_1258_and_says_how_to_save():
    report = Report()
    data = "code,name\nCF2M,Cà phê Đông\n".encode("cp1258")  # à, ê, Đ are one byte each there
    assert decode(data, "shops.csv", report) is None
    [problem] = report.problems
    assert problem.message.startswith(
        "không phải UTF-8, có vẻ là bảng mã Windows-1258 của Excel cũ (byte 16). Trong Excel chọn "
        "Lưu tệp dưới dạng (Save As) → \"CSV UTF-8 (Comma delimited)\"")


def test_decode_reports_damaged_utf16():
    report = Report()
    assert decode(b"\xff\xfe" + b"a\x00\x00\xd8", "shops.csv", report) is None
    assert [p.message for p in report.problems] == ["tệp UTF-16 bị hỏng; hãy lưu lại dạng CSV UTF-8"]


def test_to_csv_writes_the_same_format_back():
    shops, _ = parsed(HEAD + LAN + HUNG)
    assert to_csv(shops) == HEAD + LAN + HUNG.replace("VCB", "970436").replace('"45.000đ"', "45000")


_TEXT = st.text(alphabet="abcdeghiklmnopqrstuvxyăâđêôơư ÀÁẠẢÃ,\"'", min_size=1, max_size=40).map(
    str.strip).filter(bool)


@given(name=_TEXT, owner=_TEXT | st.just(""), amount=st.none() | st.integers(1, 10**12),
       demo=st.booleans())
def test_to_csv_round_trips(name, owner, amount, demo):
    shop = Shop(code="TH2A", name=name, bank_bin="970436", account="0011001234567",
                holder="NGUYEN THI LAN", owner=owner, amount=amount, purpose="", demo=demo)
    assert parsed(to_csv([shop])) == ([shop], [])


@pytest.mark.parametrize(("header", "separator"), [
    ("code,name,bank", ","),
    ("STT;Tên cửa hàng;Ngân hàng", ";"),
    ('"Tên, cửa hàng";Ngân hàng;Số tài khoản', ";"),  # a separator inside quotes does not count
    ("STT\tTên cửa hàng\tNgân hàng", "\t"),
    ("name", ","),
])
def test_the_separator_is_decided_by_the_header_line(header, separator):
    assert detect_separator(header + "\n1,2;3\t4\n") == separator


@pytest.mark.parametrize("header", ["Tên cửa hàng", "TÊN CỬA HÀNG", "ten cua hang", " Tên  cửa hàng ",
                                    "Te\u0302n cư\u0309a ha\u0300ng", "name"])
def test_headers_match_ignoring_case_accents_and_spaces(header):
    assert column_of(header) == "name"


def test_a_vietnamese_semicolon_sheet_without_codes_reads_with_generated_codes():
    text = ("STT;Tên cửa hàng;Ngân hàng;Số tài khoản;Tên chủ tài khoản\n"
            "1;Quán Tư;VCB;0011001234567;Trần Tư\n2;Quán Tâm;Vietcombank;0011001234568;TAM\n")
    report = Report()
    rows = parse_rows(text, "x.csv", report, make_codes={"QT22"})
    assert report.problems == []
    assert [(line, s.code, s.holder) for line, s in rows] == [
        (2, "QT23", "TRAN TU"), (3, "QT24", "TAM")]


@pytest.mark.parametrize(("account", "refused"), [
    ("1.02346E+12", True), ("1,02346E+12", True), ("1E+12", True), ("12E3", False),
    ("0011001234567", False)])
def test_accounts_excel_turned_into_numbers_are_refused_with_the_fix(account, refused):
    report = Report()
    check_row(row(account=account), "x.csv", 2, report)
    messages = [p.message for p in report.problems]
    assert any("Văn bản (Text)" in m for m in messages) == refused


def test_every_problem_of_a_row_is_reported():
    report = Report()
    assert check_row(row(name="", bank="Mặt Trăng", account="00-11", amount="abc",
                         purpose="=" + "x" * 40), "x.csv", 2, report) is None
    assert sorted(p.field for p in report.problems) == [
        "account", "amount", "bank", "name", "purpose", "purpose"]
