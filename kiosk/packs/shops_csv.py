"""The shops CSV format (content packs, print centre, admin import): read, check, write.

Every row is checked the way qr/ will build its payment code, so a shop that imports is a shop
whose card scans.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable
from dataclasses import replace
from typing import Any

from kiosk.codes import check_code, suggest_code
from kiosk.models import Shop
from kiosk.problems import N_, Report
from qr import banks, vietqr
from qr.emv import PayloadError
from qr.text import holder_name

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
            report.error(filename, _NOT_UTF8_1258 if _looks_like_1258(data) else _NOT_UTF8_1252,
                         byte=exc.start)
            return None
    report.error(filename, N_("tệp UTF-16 bị hỏng; hãy lưu lại dạng CSV UTF-8"))
    return None


# The columns people write in Vietnamese spreadsheets, matched ignoring case, accents and spaces
# (see header_key); the English names of COLUMNS always work too.
HEADERS = {
    "code": ("Mã", "Mã ngắn"),
    "name": ("Tên cửa hàng", "Tên"),
    "owner": ("Chủ", "Chủ cửa hàng"),
    "bank": ("Ngân hàng",),
    "account": ("Số tài khoản", "STK"),
    "holder": ("Tên chủ tài khoản", "Chủ tài khoản"),
    "amount": ("Số tiền",),
    "purpose": ("Nội dung", "Nội dung chuyển khoản"),
    "demo": ("Mẫu",),
}
LABELS = {column: names[0] for column, names in HEADERS.items()}  # what the template writes
IGNORED = ("STT", "#")  # the row number column people add
SEPARATORS = (",", ";", "\t")
# What Excel shows for a long number in a General cell, e.g. 1.02346E+12 (1,02346E+12 in Vietnam).
# Excel always writes the "+", which no account has, so e-wallet accounts like 12E3 still pass.
_EXCEL_NUMBER = re.compile(r"\d{1,15}(?:[.,]\d{0,15})?[eE]\+\d{1,3}")
EXCEL_NUMBER = N_("'%(account)s': Excel đã coi số tài khoản là một con số và viết dạng số mũ, nên"
                  " có thể đã mất chữ số (cả số 0 ở đầu); hãy định dạng cột Số tài khoản là Văn"
                  " bản (Text) rồi nhập lại số")


def column_label(column: str) -> str:
    """A column named for people of both header styles: "Số tài khoản (account)"."""
    return f"{LABELS[column]} ({column})"


def header_key(text: str) -> str:
    """A header as compared: no diacritics (đ → d), lower case, letters and digits only."""
    return "".join(ch for ch in holder_name(text).casefold() if ch.isalnum())


_BY_KEY = {header_key(name): column for column, names in HEADERS.items()
           for name in (column, *names)}
_IGNORED_KEYS = {header_key(name) for name in IGNORED}


def column_of(header: str) -> str | None:
    """The field a header cell names (English or Vietnamese), or None."""
    return _BY_KEY.get(header_key(header))


def detect_separator(text: str) -> str:
    """`,` `;` or tab: whichever the header line has most of outside quotes (`,` on a tie).

    csv.Sniffer guesses from the data rows and is fooled by amounts like "45.000,5"; the header
    line is what a spreadsheet program wrote with its list separator.
    """
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    return max(SEPARATORS, key=lambda sep: counts[sep])  # max keeps the first of equals


def read_table(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows with their spreadsheet row number (the header is row 1).

    Rows with every cell empty, as spreadsheets leave at the end, are left out.
    """
    reader = csv.reader(io.StringIO(text), delimiter=detect_separator(text))
    header = next(reader, [])
    rows = [(number, values) for number, values in enumerate(reader, start=2)
            if any(v.strip() for v in values)]
    return header, rows


def map_header(header: list[str], filename: str, report: Report,
               required: tuple[str, ...]) -> list[str | None] | None:
    """The field of each header cell (None: ignored), or None with the problems reported."""
    fields: list[str | None] = []
    unknown: list[str] = []
    seen: set[str] = set()
    for text in header:
        key = header_key(text)
        column = column_of(text)
        if column in seen:
            report.error(filename, N_("cột «%(column)s» ghi hai lần"), line=1, column=text.strip())
        elif column is None and key not in _IGNORED_KEYS and (key or text.strip()):
            unknown.append(text.strip())
        fields.append(column)
        seen.add(column or "")
    if unknown:
        known = ", ".join(column_label(c) for c in COLUMNS)
        report.error(filename, N_("cột không biết: %(unknown)s (các cột: %(known)s)"), line=1,
                     unknown=", ".join(unknown), known=known)
    missing = [column_label(c) for c in required if c not in seen]
    if missing:
        report.error(filename, N_("thiếu cột: %(missing)s"), line=1, missing=", ".join(missing))
    return None if report.has_errors else fields


_NOT_UTF8_1258 = N_("không phải UTF-8, có vẻ là bảng mã Windows-1258 của Excel cũ (byte %(byte)s)."
                    " Trong Excel chọn Lưu tệp dưới dạng (Save As) → \"CSV UTF-8 (Comma"
                    " delimited)\" rồi tải lên lại, hoặc chọn Bảng mã Windows-1258 nếu tệp từ"
                    " Excel cũ")
_NOT_UTF8_1252 = N_("không phải UTF-8, có vẻ là bảng mã Windows cũ (Windows-1252) (byte %(byte)s)."
                    " Trong Excel chọn Lưu tệp dưới dạng (Save As) → \"CSV UTF-8 (Comma"
                    " delimited)\" rồi tải lên lại, hoặc chọn Bảng mã Windows-1258 nếu tệp từ"
                    " Excel cũ")


def _looks_like_1258(data: bytes) -> bool:
    """Whether the bytes look like Windows-1258 rather than 1252, for the message (a guess)."""
    text = data[:65536].decode("cp1258", errors="replace")
    # Windows-1258 writes Vietnamese as base letters and combining tone marks (U+0300 …).
    return any(unicodedata.combining(ch) for ch in text) or any(
        ch in "ăâđêôơưĂÂĐÊÔƠƯ" for ch in text)


def parse_rows(text: str, filename: str, report: Report, require_code: bool = True,
               make_codes: Collection[str] | None = None) -> list[tuple[int, Shop]]:
    """Shops from CSV text with their row numbers; every bad row and cell is reported.

    `make_codes` (the codes already taken) gives rows without a code a generated one, so a
    spreadsheet needs no code column; `require_code=False` is for printing straight from a
    spreadsheet, where shops may have no short code yet.
    """
    need_code = require_code and make_codes is None
    required = REQUIRED if need_code else tuple(c for c in REQUIRED if c != "code")
    header, rows = read_table(text)
    fields = map_header(header, filename, report, required)
    if fields is None:
        return []
    shops: list[tuple[int, Shop]] = []
    seen: dict[str, int] = {}
    accounts: dict[tuple[str, str], int] = {}
    taken = set(make_codes or ())
    for line, values in rows:
        if len(values) > len(fields) and any(v.strip() for v in values[len(fields):]):
            report.error(filename, N_("dòng có nhiều ô hơn tiêu đề"), line=line)
            continue
        row = {f: v for f, v in zip(fields, values, strict=False) if f}
        shop = check_row(row, filename, line, report, need_code)
        if shop is None:
            continue
        if shop.code and shop.code in seen:
            report.error(filename, N_("mã %(code)s trùng với dòng %(other)s"), "code", line,
                         code=shop.code, other=seen[shop.code])
            continue
        if make_codes is not None and not shop.code:
            shop = replace(shop, code=suggest_code(shop.name, taken | seen.keys()))
        key = (shop.bank_bin, shop.account)
        if key in accounts:
            report.warn(filename, N_("cùng ngân hàng và số tài khoản với dòng %(other)s"),
                        "account", line, other=accounts[key])
        seen[shop.code] = line
        accounts[key] = line
        shops.append((line, shop))
    return shops


def parse_csv(text: str, filename: str, report: Report, require_code: bool = True) -> list[Shop]:
    """Shops from CSV text (see parse_rows); every bad row and column is reported."""
    return [shop for _, shop in parse_rows(text, filename, report, require_code)]


def check_row(row: dict[str, str], filename: str, line: int, report: Report,
              require_code: bool = True) -> Shop | None:
    """One CSV row or shop form as a Shop, or None with every problem of every cell reported."""
    before = len(report.problems)
    values = {k: unicodedata.normalize("NFC", v.strip()) for k, v in row.items()}

    def refuse(column: str, message: str, **params: object) -> None:
        report.error(filename, message, column, line, **params)

    for column in REQUIRED if require_code else (c for c in REQUIRED if c != "code"):
        if not values.get(column):
            refuse(column, N_("ô bắt buộc đang trống"))
    for column in ("name", "owner", "holder", "purpose"):
        if formula_like(values.get(column, "")):
            refuse(column, N_("nội dung bắt đầu như công thức Excel (=, +, -, @); hãy bỏ ký tự đó"))
    for column in ("name", "owner", "holder", "purpose", "account"):
        if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in values.get(column, "")):
            # Zero-width and right-to-left marks make a name look like another on a card.
            refuse(column, N_("có ký tự ẩn hoặc ký tự đảo chiều chữ; hãy gõ lại ô này"))
    for column in ("name", "owner", "holder"):
        if len(values.get(column, "")) > MAX_NAME:
            refuse(column, N_("quá dài (%(length)s ký tự, tối đa %(max)s)"),
                   length=len(values[column]), max=MAX_NAME)
    code = values.get("code", "").upper()
    if code and (reason := check_code(code)):
        refuse("code", reason.template, **dict(reason.params))
    demo_text = values.get("demo", "").lower()
    if demo_text not in _TRUE | _FALSE:
        refuse("demo", N_("'%(value)s' không rõ; ghi 1 (mẫu) hoặc 0"), value=values["demo"])
    bank = _checked(refuse, "bank", values.get("bank"), lambda v: banks.lookup(v).bin)
    account = values.get("account", "")
    if _EXCEL_NUMBER.fullmatch(account):
        refuse("account", EXCEL_NUMBER, account=account)
    else:
        _checked(refuse, "account", account, vietqr.check_account)
    amount = _checked(refuse, "amount", values.get("amount"), vietqr.parse_amount)
    _checked(refuse, "purpose", values.get("purpose"), vietqr.normalize_purpose)
    if len(report.problems) > before:
        return None
    return Shop(
        code=code, name=values["name"], bank_bin=bank, account=account,
        holder=holder_name(values["holder"]), owner=values.get("owner", ""), amount=amount,
        purpose=values.get("purpose", ""), demo=demo_text in _TRUE,
    )


def _checked(refuse: Callable[..., None], column: str, value: str | None,
             check: Callable[[str], Any]) -> Any:
    """check(value) for a filled cell, or None with its reason reported against the column.

    The reason keeps qr's msgid and values, so a page shows it in its own language.
    """
    if not value:
        return None
    try:
        return check(value)
    except PayloadError as exc:
        refuse(column, exc.template, **dict(exc.params))
        return None


def to_csv(shops: Iterable[Shop]) -> str:
    """The same CSV format back (UTF-8, no BOM, \\n line ends), in the order given."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for s in shops:
        writer.writerow([s.code, s.name, s.owner, s.bank_bin, s.account, s.holder,
                         "" if s.amount is None else s.amount, s.purpose, "1" if s.demo else "0"])
    return out.getvalue()
