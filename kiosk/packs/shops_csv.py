"""The shops CSV format (content packs, print centre, admin import): read, check, write.

Every row is checked the way qr/ will build its payment code, so a shop that imports is a shop
whose card scans.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable

from kiosk.codes import check_code
from kiosk.models import Shop
from kiosk.problems import Report
from qr import banks, vietqr

COLUMNS = ("code", "name", "owner", "bank", "account", "holder", "amount", "purpose", "demo")
REQUIRED = ("code", "name", "bank", "account", "holder")
MAX_NAME = 80
_TRUE = {"1", "yes", "true", "có", "co", "x"}
_FALSE = {"", "0", "no", "false", "không", "khong"}
# A cell starting with these runs as a formula in Excel or LibreOffice, which also read the
# full-width forms (＝ ＋ － ＠) and skip leading spaces before deciding.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_SEPARATOR_START = (";", ",")  # ";=1+1": a spreadsheet split on ; or , sees "=1+1"


def formula_like(text: str) -> bool:
    """Whether a spreadsheet might run this text as a formula (OWASP CSV injection)."""
    if text.startswith(_FORMULA_START):  # tab and CR count before stripping
        return True
    head = text.lstrip()
    if head.startswith(_SEPARATOR_START):
        head = head[1:].lstrip()
    return head.startswith(_FORMULA_START)


def excel_safe(value: object) -> str:
    """A CSV cell Excel will not run as a formula (OWASP: prefix such a cell with a quote).

    Numbers we produce are written as they are: only text can carry a formula.
    """
    text = str(value)
    if isinstance(value, str) and formula_like(text):
        return "'" + text
    return text


def decode(data: bytes, filename: str, report: Report) -> str | None:
    """CSV bytes as text: UTF-8 (with or without BOM) or UTF-16 with a BOM, as Excel saves them."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return unicodedata.normalize("NFC", data.decode("utf-16"))
        except UnicodeDecodeError:
            pass
    else:
        try:
            return unicodedata.normalize("NFC", data.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            report.error(filename, f"không phải UTF-8 (byte {exc.start}); trong Excel hãy chọn "
                                   "Lưu thành → \"CSV UTF-8 (Comma delimited)\"")
            return None
    report.error(filename, "tệp UTF-16 bị hỏng; hãy lưu lại dạng CSV UTF-8")
    return None


def parse_csv(text: str, filename: str, report: Report, require_code: bool = True) -> list[Shop]:
    """Shops from CSV text; every bad row and column is reported, good rows returned.

    `require_code=False` is for printing straight from a spreadsheet, where shops may have no
    short code yet.
    """
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    required = REQUIRED if require_code else tuple(c for c in REQUIRED if c != "code")
    unknown = [c for c in header if c not in COLUMNS]
    missing = [c for c in required if c not in header]
    if unknown:
        report.error(filename, f"cột không biết: {', '.join(unknown)} (các cột: {', '.join(COLUMNS)})",
                     line=1)
    if missing:
        report.error(filename, f"thiếu cột: {', '.join(missing)}", line=1)
    if unknown or missing:
        return []
    shops: list[Shop] = []
    seen: dict[str, int] = {}
    accounts: dict[tuple[str, str], int] = {}
    for row in reader:
        line = reader.line_num
        if None in row:
            report.error(filename, "dòng có nhiều ô hơn tiêu đề", line=line)
            continue
        shop = check_row({k: (v or "") for k, v in row.items()}, filename, line, report,
                         require_code)
        if shop is None:
            continue
        if shop.code and shop.code in seen:
            report.error(filename, f"mã {shop.code} trùng với dòng {seen[shop.code]}", "code", line)
            continue
        key = (shop.bank_bin, shop.account)
        if key in accounts:
            report.warn(filename, f"cùng ngân hàng và số tài khoản với dòng {accounts[key]}",
                        "account", line)
        seen[shop.code] = line
        accounts[key] = line
        shops.append(shop)
    return shops


def check_row(row: dict[str, str], filename: str, line: int, report: Report,
              require_code: bool = True) -> Shop | None:
    """One CSV row as a Shop, or None with every problem of the row reported."""
    before = len(report.problems)
    values = {k: unicodedata.normalize("NFC", v.strip()) for k, v in row.items()}
    for column in REQUIRED if require_code else (c for c in REQUIRED if c != "code"):
        if not values.get(column):
            report.error(filename, "ô bắt buộc đang trống", column, line)
    for column in ("name", "owner", "holder", "purpose"):
        if formula_like(values.get(column, "")):
            report.error(filename, "nội dung bắt đầu như công thức Excel (=, +, -, @); hãy bỏ ký tự đó",
                         column, line)
    for column in ("name", "owner", "holder", "purpose", "account"):
        if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in values.get(column, "")):
            # Zero-width and right-to-left marks make a name look like another on a card.
            report.error(filename, "có ký tự ẩn hoặc ký tự đảo chiều chữ; hãy gõ lại ô này",
                         column, line)
    for column in ("name", "owner", "holder"):
        if len(values.get(column, "")) > MAX_NAME:
            report.error(filename, f"quá dài ({len(values[column])} ký tự, tối đa {MAX_NAME})",
                         column, line)
    code = values.get("code", "").upper()
    if code and (reason := check_code(code)):
        report.error(filename, reason, "code", line)
    demo_text = values.get("demo", "").lower()
    if demo_text not in _TRUE | _FALSE:
        report.error(filename, f"'{values['demo']}' không rõ; ghi 1 (mẫu) hoặc 0", "demo", line)
    bank = values.get("bank", "")
    if bank:
        try:
            bank = banks.lookup(bank).bin
        except ValueError as exc:
            report.error(filename, str(exc), "bank", line)
    amount: int | None = None
    if values.get("amount"):
        try:
            amount = vietqr.parse_amount(values["amount"])
        except ValueError as exc:
            report.error(filename, str(exc), "amount", line)
    if len(report.problems) > before:
        return None
    try:
        vietqr.payload(bank, values["account"], amount=amount, purpose=values.get("purpose") or None)
    except ValueError as exc:
        report.error(filename, str(exc), "", line)
        return None
    return Shop(
        code=code, name=values["name"], bank_bin=bank, account=values["account"],
        holder=values["holder"], owner=values.get("owner", ""), amount=amount,
        purpose=values.get("purpose", ""), demo=demo_text in _TRUE,
    )


def to_csv(shops: Iterable[Shop]) -> str:
    """The same CSV format back (UTF-8, no BOM, \\n line ends), in the order given."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for s in shops:
        writer.writerow([s.code, s.name, s.owner, s.bank_bin, s.account, s.holder,
                         "" if s.amount is None else s.amount, s.purpose, "1" if s.demo else "0"])
    return out.getvalue()
