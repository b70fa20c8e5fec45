"""EMVCo merchant-presented QR building blocks: TLV objects and the CRC-16 that seals them.

VietQR (NAPAS) payloads are a flat string of data objects, each ID (2 digits) + length
(2 digits) + value, some of whose values are themselves such strings (templates).
"""

from __future__ import annotations

from qr.messages import N_, fill

# CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final XOR.
# A 256-entry table makes the CRC ~8x faster than bit-by-bit, which matters for bulk printing.
_POLY = 0x1021


def _make_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ _POLY) if crc & 0x8000 else (crc << 1)
        table.append(crc & 0xFFFF)
    return tuple(table)


_TABLE = _make_table()


class PayloadError(ValueError):
    """A payload input or a scanned payload is not valid.

    str(error) is a plain Vietnamese sentence naming the field and the bad value, meant to be
    shown as is to team members (the CLI prints it); `template` is the msgid it was made from and
    `params` its values, so a page shows it in its own language (kiosk.web.i18n.problem_text).
    `field` is a stable English key ("bank", "account", "amount", "purpose", "payload", ...),
    `value` the offending input. No value is named file, message, field or line: kiosk's
    problem reports take those as keywords and carry `params` over as they are.
    """

    def __init__(self, template: str, *, field: str, value: object = None, **params: object):
        self.template = template
        self.params = tuple(params.items())
        self.message = fill(template, self.params)
        super().__init__(self.message)
        self.field = field
        self.value = value


def crc16(data: str) -> str:
    """Return the CRC-16/CCITT-FALSE of `data` (UTF-8 bytes) as 4 uppercase hex digits."""
    crc = 0xFFFF
    table = _TABLE
    for byte in data.encode("utf-8"):
        crc = ((crc << 8) & 0xFFFF) ^ table[(crc >> 8) ^ byte]
    return f"{crc:04X}"


def encode_tlv(tag: str, value: str) -> str:
    """Return one data object: `tag` + 2-digit length + `value`.

    Raises:
        PayloadError: the tag is not 2 digits, or the value is empty or longer than 99 characters
            (a longer value would need a 3-digit length and corrupt the whole payload).
    """
    if len(tag) != 2 or not tag.isascii() or not tag.isdigit():
        raise PayloadError(
            N_("Mã trường '%(tag)s' không hợp lệ: phải là 2 chữ số."), field="tag", value=tag,
            tag=tag,
        )
    if not 1 <= len(value) <= 99:
        raise PayloadError(
            N_("Trường %(tag)s dài %(length)s ký tự, phải từ 1 đến 99."), field=tag, value=value,
            tag=tag, length=len(value),
        )
    return f"{tag}{len(value):02d}{value}"


def parse_tlv(text: str, offset: int = 0) -> list[tuple[str, str]]:
    """Split a string of data objects into (tag, value) pairs, in the order they appear.

    `offset` is where `text` starts inside the whole payload (for a template's value), so that
    error positions count from the start of the payload.

    Raises:
        PayloadError: the string is not a clean sequence of ID + length + value objects; the
            message gives the character position where it goes wrong.
    """
    items: list[tuple[str, str]] = []
    pos = 0
    end = len(text)
    while pos < end:
        header = text[pos:pos + 4]
        if len(header) < 4 or not header.isascii() or not header.isdigit():
            raise PayloadError(
                N_("Dữ liệu mã QR hỏng ở vị trí %(position)s: cần 2 chữ số mã trường và 2 chữ số"
                   " độ dài, gặp '%(header)s'."),
                field="payload", value=text, position=offset + pos + 1, header=header,
            )
        tag, length = header[:2], int(header[2:])
        start = pos + 4
        if start + length > end:
            raise PayloadError(
                N_("Dữ liệu mã QR hỏng ở vị trí %(position)s: trường %(tag)s khai báo dài"
                   " %(length)s ký tự nhưng chỉ còn %(left)s."),
                field=tag, value=text, position=offset + pos + 1, tag=tag, length=length,
                left=end - start,
            )
        items.append((tag, text[start:start + length]))
        pos = start + length
    return items
