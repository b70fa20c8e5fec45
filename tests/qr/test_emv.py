"""EMVCo TLV and CRC-16/CCITT-FALSE (qr/emv.py)."""

import binascii

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qr.emv import PayloadError, crc16, encode_tlv, parse_tlv


def reference_crc(text: str) -> str:
    # binascii.crc_hqx is CRC-CCITT (poly 0x1021, MSB first); with init 0xFFFF it is CCITT-FALSE.
    return f"{binascii.crc_hqx(text.encode('utf-8'), 0xFFFF):04X}"


def test_crc_check_value():
    # The catalogued check value of CRC-16/CCITT-FALSE (reveng.sourceforge.io crc catalogue).
    assert crc16("123456789") == "29B1"


def test_crc_of_empty_is_init_value():
    assert crc16("") == "FFFF"


def test_crc_is_zero_padded():
    # Find inputs whose CRC is below 0x1000 with the stdlib, then check we keep 4 digits.
    small = [s for s in (f"x{i}" for i in range(2000)) if int(reference_crc(s), 16) < 0x1000]
    assert small
    for text in small:
        assert crc16(text) == reference_crc(text)
        assert len(crc16(text)) == 4


@given(st.text())
def test_crc_matches_stdlib(text):
    assert crc16(text) == reference_crc(text)


def test_encode_tlv():
    assert encode_tlv("08", "Chuyen tien") == "0811Chuyen tien"


def test_encode_tlv_two_digit_length():
    assert encode_tlv("54", "5") == "54015"


@pytest.mark.parametrize(
    ("tag", "value", "message"),
    [
        ("8", "x", "Mã trường '8' không hợp lệ: phải là 2 chữ số."),
        ("ab", "x", "Mã trường 'ab' không hợp lệ: phải là 2 chữ số."),
        ("62", "", "Trường 62 dài 0 ký tự, phải từ 1 đến 99."),
        ("62", "x" * 100, "Trường 62 dài 100 ký tự, phải từ 1 đến 99."),
    ],
)
def test_encode_tlv_rejects(tag, value, message):
    with pytest.raises(PayloadError) as info:
        encode_tlv(tag, value)
    assert str(info.value) == message


def test_parse_tlv_nested_example():
    assert parse_tlv("0010A0000007270208QRIBFTTA") == [("00", "A000000727"), ("02", "QRIBFTTA")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0002010", "Dữ liệu mã QR hỏng ở vị trí 7: cần 2 chữ số mã trường và 2 chữ số độ dài,"
                  " gặp '0'."),
        ("0002010x05", "Dữ liệu mã QR hỏng ở vị trí 7: cần 2 chữ số mã trường và 2 chữ số độ"
                       " dài, gặp '0x05'."),
        ("00020162101234", "Dữ liệu mã QR hỏng ở vị trí 7: trường 62 khai báo dài 10 ký tự nhưng"
                           " chỉ còn 4."),
    ],
)
def test_parse_tlv_rejects(text, message):
    with pytest.raises(PayloadError) as info:
        parse_tlv(text)
    assert str(info.value) == message


objects = st.lists(st.tuples(
    st.from_regex(r"[0-9]{2}", fullmatch=True),
    st.text(alphabet=st.characters(codec="ascii"), min_size=1, max_size=99),
))


@given(objects)
def test_parse_tlv_inverts_encode(items):
    assert parse_tlv("".join(encode_tlv(tag, value) for tag, value in items)) == items
