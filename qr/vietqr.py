"""VietQR transfer codes (NAPAS 247 on EMVCo merchant-presented mode): build, parse, validate.

A payment code that sends money to the wrong account is the worst failure this product can
have, so every input is checked and every rejection says, in Vietnamese, which field is wrong
and why. Format notes: shared/reference/vietqr.md.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from qr import banks
from qr.emv import PayloadError, crc16, encode_tlv, parse_tlv
from qr.messages import N_, Message
from qr.text import transliterate

__all__ = [
    "PayloadError", "VietQR", "amount_warning", "normalize_purpose", "parse", "parse_amount",
    "payload",
]

NAPAS_GUID = "A000000727"
SERVICE_CODES = {"account": "QRIBFTTA", "card": "QRIBFTTC"}
_SERVICE_NAMES = {code: name for name, code in SERVICE_CODES.items()}
MAX_ACCOUNT = 19
MAX_AMOUNT_DIGITS = 13
MAX_PURPOSE = 25  # NAPAS 62.08 limit; some banks drop or cut longer messages
# NAPAS 247 fast transfers are capped under VND 500 million; banks set lower daily limits.
FAST_TRANSFER_LIMIT = 500_000_000

_ACCOUNT_RE = re.compile(r"[A-Z0-9]+")
_PURPOSE_KEEP_RE = re.compile(r"[^A-Za-z0-9 ._-]")
# Grouped thousands: 150.000, 150,000, 150 000 (one separator kind throughout; first group
# must not start with 0, or "0.500" could be read as half a dong).
_SEPARATORS = ".,  \u00a0\u202f"  # dot, comma, space, no-break space, narrow no-break space
_GROUPED_RE = re.compile(r"[1-9][0-9]{0,2}(?:([" + _SEPARATORS + r"])[0-9]{3})(?:\1[0-9]{3})*")
# Matched by a fixed-width look at the end, not a regex: r"\s*(?:vnđ|…)$" with search() is
# quadratic on "1" + 20 000 spaces + "1", and Python's regex engine holds the GIL meanwhile.
_CURRENCY_SUFFIXES = ("vnđ", "vnd", "đồng", "dong", "đ", "₫")
# "9.999.999.999.999 đồng" is 22 characters; anything much longer is not an amount. Checked
# before any other work, so hostile text costs no more than a real amount.
MAX_AMOUNT_TEXT = 25


@dataclass(frozen=True)
class VietQR:
    """The fields of a VietQR transfer code that matter to the payer."""

    bank_bin: str
    account: str
    service: str = "account"  # "account" (QRIBFTTA) or "card" (QRIBFTTC)
    amount: int | None = None  # whole VND; None for a static (reusable) code
    purpose: str | None = None  # transfer message (tag 62.08)

    @property
    def bank(self) -> banks.Bank | None:
        """Return the bank from our directory, or None if the BIN is not in it."""
        return banks.get_by_bin(self.bank_bin)

    def to_payload(self) -> str:
        """Return the payload string for these fields, validated like payload().

        Raises:
            PayloadError: a field is invalid.
        """
        return payload(self.bank_bin, self.account, self.amount, self.purpose, self.service)


def _error(template: str, field: str, value: object, **params: object) -> PayloadError:
    return PayloadError(template, field=field, value=value, **params)


def _strip_currency(text: str) -> str:
    """Return `text` without one trailing currency word and the whitespace before it."""
    for suffix in _CURRENCY_SUFFIXES:
        if text[-len(suffix):].lower() == suffix:
            return text[:-len(suffix)].rstrip()
    return text


def parse_amount(value: int | str) -> int:
    """Return an amount in whole VND from the ways Vietnamese people write it.

    150000, "150000", "150.000", "150,000", "150 000" and "150.000đ" all mean 150 000 VND.
    Anything that could be a decimal ("1500.5", "1.50") is refused, never truncated, because
    VND has no minor unit and EMVCo would read "150.000" as 150.

    Raises:
        PayloadError: the amount is not a positive whole number of at most 13 digits, or the
            text is longer than MAX_AMOUNT_TEXT characters.
    """
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _error(
            N_("Số tiền '%(amount)s' phải là số nguyên đồng, ví dụ 150000 hoặc 150.000."),
            "amount", value, amount=value,
        )
    if isinstance(value, int):
        if abs(value) >= 10 ** MAX_AMOUNT_TEXT:  # str() of a huge int is slow, or refused
            raise _error(N_("Số tiền quá lớn: tối đa %(digits)s chữ số."), "amount", None,
                         digits=MAX_AMOUNT_DIGITS)
        number = value
    else:
        text = unicodedata.normalize("NFC", value).strip()
        if len(text) > MAX_AMOUNT_TEXT:
            raise _error(
                N_("Số tiền dài quá (%(length)s ký tự, tối đa %(max)s): hãy ghi số nguyên đồng, ví"
                   " dụ 150000 hoặc 150.000."),
                "amount", value[:MAX_AMOUNT_TEXT], length=len(text), max=MAX_AMOUNT_TEXT,
            )
        digits = _strip_currency(text)
        if not digits:
            raise _error(N_("Chưa ghi số tiền."), "amount", value)
        if digits.isascii() and digits.isdigit():
            number = int(digits)
        elif _GROUPED_RE.fullmatch(digits):
            number = int(re.sub("[" + _SEPARATORS + "]", "", digits))
        elif digits.startswith("-"):
            raise _error(N_("Số tiền '%(amount)s' phải lớn hơn 0."), "amount", value, amount=text)
        elif re.fullmatch(r"[0-9]+(?:[.,][0-9]+)+", digits):
            raise _error(
                N_("Số tiền '%(amount)s' không rõ ràng: tiền Việt không có phần lẻ. Hãy ghi số"
                   " nguyên đồng, ví dụ 150000 hoặc 150.000."),
                "amount", value, amount=text,
            )
        else:
            raise _error(
                N_("Số tiền '%(amount)s' không hợp lệ: hãy ghi số nguyên đồng, ví dụ 150000 hoặc"
                   " 150.000."),
                "amount", value, amount=text,
            )
    if number <= 0:
        raise _error(N_("Số tiền '%(amount)s' phải lớn hơn 0."), "amount", value, amount=value)
    if number >= 10 ** MAX_AMOUNT_DIGITS:
        raise _error(N_("Số tiền '%(amount)s' quá lớn: tối đa %(digits)s chữ số."), "amount", value,
                     amount=value, digits=MAX_AMOUNT_DIGITS)
    return number


def format_amount(amount: int, unit: str = "đ") -> str:
    """Whole VND the Vietnamese way, which parse_amount() reads back: 150000 → "150.000 đ".

    `unit=""` leaves the currency off ("150.000"), for a form field or a sentence that names it.
    """
    grouped = f"{amount:,}".replace(",", ".")
    return f"{grouped} {unit}" if unit else grouped


def group_account(account: str) -> str:
    """An account or card number in groups of four, to read aloud and compare ("0123 4567 89")."""
    return " ".join(account[i:i + 4] for i in range(0, len(account), 4))


def amount_warning(amount: int | None) -> Message | None:
    """Return a warning for amounts a fast transfer may refuse, else None.

    Only a warning: the code is valid, but many payers' banks will not send that much at once.
    str() of it is the Vietnamese sentence; a page translates its template and params.
    """
    if amount is not None and amount >= FAST_TRANSFER_LIMIT:
        return Message(N_("Số tiền %(amount)s đồng từ 500 triệu trở lên: chuyển nhanh NAPAS 247 có"
                          " thể bị ngân hàng của người trả từ chối."),
                       amount=format_amount(amount, unit=""))
    return None


def normalize_purpose(text: str) -> tuple[str, bool]:
    """Return the transfer message as bank apps accept it, and whether it had to be changed.

    Vietnamese is written without diacritics (NFD, marks dropped, đ→d, Đ→D); only letters,
    digits, space and "- . _" are kept; runs of spaces become one. NFC and NFD input give the
    same result. An empty text gives ("", False).

    Raises:
        PayloadError: the result is longer than 25 characters, or nothing usable is left.
    """
    original = " ".join(unicodedata.normalize("NFC", text).split())
    ascii_text = _PURPOSE_KEEP_RE.sub("", transliterate(original))
    result = " ".join(ascii_text.split())
    if original and not result:
        raise _error(
            N_("Nội dung chuyển khoản '%(purpose)s' không còn chữ hoặc số nào sau khi bỏ dấu và ký"
               " tự đặc biệt."),
            "purpose", text, purpose=original,
        )
    if len(result) > MAX_PURPOSE:
        raise _error(
            N_("Nội dung chuyển khoản dài %(length)s ký tự sau khi bỏ dấu, tối đa %(max)s:"
               " '%(purpose)s'."),
            "purpose", text, length=len(result), max=MAX_PURPOSE, purpose=result,
        )
    return result, result != original


def _check_account(account: str, service: str) -> str:
    card = service == "card"
    if not account:
        raise _error(N_("Chưa ghi số thẻ.") if card else N_("Chưa ghi số tài khoản."), "account",
                     account)
    if card:
        if not (account.isascii() and account.isdigit()):
            raise _error(N_("Số thẻ '%(account)s' chỉ được gồm chữ số 0–9."), "account", account,
                         account=account)
    elif not _ACCOUNT_RE.fullmatch(account):
        bad = next(ch for ch in account if not ("A" <= ch <= "Z" or "0" <= ch <= "9"))
        raise _error(
            N_("Số tài khoản '%(account)s' có ký tự không hợp lệ '%(char)s': chỉ được dùng chữ số"
               " 0–9 và chữ in hoa A–Z, không dấu cách, không gạch."),
            "account", account, account=account, char=bad,
        )
    if len(account) > MAX_ACCOUNT:
        template = (N_("Số thẻ '%(account)s' dài %(length)s ký tự, tối đa %(max)s.") if card else
                    N_("Số tài khoản '%(account)s' dài %(length)s ký tự, tối đa %(max)s."))
        raise _error(template, "account", account, account=account, length=len(account),
                     max=MAX_ACCOUNT)
    return account


def check_account(account: str, service: str = "account") -> str:
    """Return the account (or card) number stripped, as payload() will accept it.

    Raises:
        PayloadError: empty, a character other than A–Z and 0–9, or too long.
    """
    return _check_account(account.strip(), _check_service(service))


def _check_service(service: str) -> str:
    if service not in SERVICE_CODES:
        raise _error(
            N_("Loại mã '%(service)s' không hợp lệ: chỉ 'account' (vào tài khoản) hoặc 'card'"
               " (vào thẻ)."),
            "service", service, service=service,
        )
    return service


def _build(bank_bin: str, account: str, service: str, amount: int | None,
           purpose: str | None) -> str:
    beneficiary = encode_tlv("00", bank_bin) + encode_tlv("01", account)
    merchant = (encode_tlv("00", NAPAS_GUID) + encode_tlv("01", beneficiary)
                + encode_tlv("02", SERVICE_CODES[service]))
    parts = [
        "000201",
        "010212" if amount is not None else "010211",
        encode_tlv("38", merchant),
        "5303704",
        encode_tlv("54", str(amount)) if amount is not None else "",
        "5802VN",
        encode_tlv("62", encode_tlv("08", purpose)) if purpose else "",
        "6304",
    ]
    body = "".join(parts)
    return body + crc16(body)


def payload(bank: str, account: str, amount: int | str | None = None,
            purpose: str | None = None, service: str = "account") -> str:
    """Return the VietQR payload for a transfer to `account` at `bank`.

    `bank` is a BIN, NAPAS code, short or common name (see banks.lookup). No amount (None or
    blank) gives a static, reusable code; an amount gives a dynamic one. The purpose is
    transliterated to ASCII (use normalize_purpose first to tell the user).

    Raises:
        PayloadError: unknown or ambiguous bank, bad account/card number, amount or purpose.
    """
    service = _check_service(service)
    bank_bin = banks.lookup(bank).bin
    account = _check_account(account.strip(), service)
    if amount is None or (isinstance(amount, str) and not amount.strip()):
        value = None
    else:
        value = parse_amount(amount)
    text = normalize_purpose(purpose)[0] if purpose else ""
    return _build(bank_bin, account, service, value, text or None)


def _field_error(template: str, tag: str, got: str, **params: object) -> PayloadError:
    """A field of a scanned code holds the wrong value: `template` names the field and what it
    should be (one whole sentence per field, for translating) and ends with '%(got)s'."""
    return _error(template, tag, got, got=got, **params)


def _fields(text: str, offset: int, where: str) -> dict[str, tuple[str, int]]:
    """Parse a (template) value into {tag: (value, position of value in the payload)}."""
    fields: dict[str, tuple[str, int]] = {}
    pos = offset
    for tag, value in parse_tlv(text, offset):
        if tag in fields:
            raise _error(N_("Mã VietQR không hợp lệ: trường %(tag)s xuất hiện hai lần."),
                         where + tag, value, tag=where + tag)
        fields[tag] = (value, pos + 4)
        pos += 4 + len(value)
    return fields


def _required(fields: dict[str, tuple[str, int]], tag: str, missing: str) -> tuple[str, int]:
    """fields[tag], or PayloadError with the sentence `missing` (it names the field)."""
    if tag not in fields:
        raise _error(missing, tag, None)
    return fields[tag]


def parse(payload: str) -> VietQR:
    """Return the fields of a VietQR transfer code, after checking CRC, lengths and structure.

    Extra objects other issuers use (62.01/05/07, 64, 80–99 …) are accepted and ignored; the
    BIN need not be in our directory.

    Raises:
        PayloadError: the text is not a valid VietQR transfer code; the message says where.
    """
    text = payload.strip()
    if len(text) < 8 or text[-8:-4] != "6304":
        raise _error(N_("Mã VietQR không hợp lệ: thiếu mã kiểm tra (trường 63) ở cuối."), "63",
                     text)
    given, computed = text[-4:].upper(), crc16(text[:-4])
    if given != computed:
        raise _error(
            N_("Mã VietQR bị hỏng hoặc bị sửa: mã kiểm tra ghi '%(given)s' nhưng tính ra"
               " '%(computed)s'."),
            "63", text, given=text[-4:], computed=computed,
        )
    root = _fields(text, 0, "")
    if list(root)[-1] != "63":
        raise _error(N_("Mã VietQR không hợp lệ: trường 63 (mã kiểm tra) phải đứng cuối."), "63",
                     text)
    if next(iter(root)) != "00":
        raise _error(N_("Mã VietQR không hợp lệ: trường 00 phải đứng đầu."), "00",
                     next(iter(root)))
    if root["00"][0] != "01":
        raise _field_error(N_("Mã VietQR không hợp lệ: trường 00 (phiên bản) phải là '01', gặp"
                              " '%(got)s'."), "00", root["00"][0])
    if "01" in root and root["01"][0] not in ("11", "12"):
        raise _field_error(N_("Mã VietQR không hợp lệ: trường 01 (kiểu mã) phải là '11' hoặc '12',"
                              " gặp '%(got)s'."), "01", root["01"][0])
    merchant = _fields(*_required(root, "38", N_("Mã VietQR thiếu trường 38 (tài khoản NAPAS).")),
                       "38.")
    guid = _required(merchant, "00", N_("Mã VietQR thiếu trường 00 (mã NAPAS)."))[0]
    if guid != NAPAS_GUID:
        raise _field_error(N_("Mã VietQR không hợp lệ: trường 38.00 (mã NAPAS) phải là"
                              " %(guid)s, gặp '%(got)s'."), "38.00", guid, guid=NAPAS_GUID)
    code = _required(merchant, "02", N_("Mã VietQR thiếu trường 02 (loại dịch vụ)."))[0]
    if code not in _SERVICE_NAMES:
        raise _field_error(N_("Mã VietQR không hợp lệ: trường 38.02 (loại dịch vụ) phải là"
                              " QRIBFTTA hoặc QRIBFTTC, gặp '%(got)s'."), "38.02", code)
    service = _SERVICE_NAMES[code]
    beneficiary = _fields(*_required(merchant, "01", N_("Mã VietQR thiếu trường 01 (người nhận).")),
                          "38.01.")
    bank_bin = _required(beneficiary, "00", N_("Mã VietQR thiếu trường 00 (mã BIN ngân hàng)."))[0]
    if not (len(bank_bin) == 6 and bank_bin.isascii() and bank_bin.isdigit()):
        raise _field_error(N_("Mã VietQR không hợp lệ: trường 38.01.00 (mã BIN ngân hàng) phải là"
                              " 6 chữ số, gặp '%(got)s'."), "38.01.00", bank_bin)
    account = _check_account(
        _required(beneficiary, "01", N_("Mã VietQR thiếu trường 01 (số tài khoản)."))[0], service)
    currency = _required(root, "53", N_("Mã VietQR thiếu trường 53 (tiền tệ)."))[0]
    if currency != "704":
        raise _field_error(N_("Mã VietQR không hợp lệ: trường 53 (tiền tệ) phải là 704 (VND), gặp"
                              " '%(got)s'."), "53", currency)
    country = _required(root, "58", N_("Mã VietQR thiếu trường 58 (quốc gia)."))[0]
    if country != "VN":
        raise _field_error(N_("Mã VietQR không hợp lệ: trường 58 (quốc gia) phải là VN, gặp"
                              " '%(got)s'."), "58", country)
    amount = None
    if "54" in root:
        raw = root["54"][0]
        if not (raw.isascii() and raw.isdigit() and raw[0] != "0"
                and len(raw) <= MAX_AMOUNT_DIGITS):
            raise _field_error(N_("Mã VietQR không hợp lệ: trường 54 (số tiền) phải là số nguyên"
                                  " dương tới %(digits)s chữ số, không số 0 ở đầu, gặp"
                                  " '%(got)s'."), "54", raw, digits=MAX_AMOUNT_DIGITS)
        amount = int(raw)
    purpose = None
    if "62" in root:
        extra = _fields(*root["62"], "62.")
        purpose = extra["08"][0] if "08" in extra else None
    return VietQR(bank_bin=bank_bin, account=account, service=service, amount=amount,
                  purpose=purpose)
