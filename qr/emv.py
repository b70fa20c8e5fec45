"""EMVCo merchant-presented QR building blocks: TLV objects and the CRC-16 that seals them.

VietQR (NAPAS) payloads are a flat string of data objects, each ID (2 digits) + length
(2 digits) + value, some of whose values are themselves such strings (templates).
"""

from __future__ import annotations

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
    shown as is to team members; `field` is a stable English key ("bank", "account", "amount",
    "purpose", "payload", ...), `value` the offending input and `message_en` an English version
    for logs.
    """

    def __init__(self, message: str, *, field: str, value: object = None, message_en: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field
        self.value = value
        self.message_en = message_en or message


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
            f"Mã trường '{tag}' không hợp lệ: phải là 2 chữ số.",
            field="tag", value=tag, message_en=f"tag {tag!r} must be 2 digits",
        )
    if not 1 <= len(value) <= 99:
        raise PayloadError(
            f"Trường {tag} dài {len(value)} ký tự, phải từ 1 đến 99.",
            field=tag, value=value,
            message_en=f"field {tag} is {len(value)} characters long, must be 1-99",
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
                f"Dữ liệu mã QR hỏng ở vị trí {offset + pos + 1}: cần 2 chữ số mã trường và 2 chữ số độ dài,"
                f" gặp '{header}'.",
                field="payload", value=text,
                message_en=f"bad ID/length header {header!r} at position {offset + pos + 1}",
            )
        tag, length = header[:2], int(header[2:])
        start = pos + 4
        if start + length > end:
            raise PayloadError(
                f"Dữ liệu mã QR hỏng ở vị trí {offset + pos + 1}: trường {tag} khai báo dài {length} ký tự"
                f" nhưng chỉ còn {end - start}.",
                field=tag, value=text,
                message_en=f"field {tag} at position {offset + pos + 1} declares {length} characters,"
                f" only {end - start} left",
            )
        items.append((tag, text[start:start + length]))
        pos = start + length
    return items
