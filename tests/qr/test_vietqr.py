"""VietQR build, parse and validation (qr/vietqr.py)."""

import unicodedata

import pytest
import qr_pay
from hypothesis import given, settings
from hypothesis import strategies as st

from qr import banks, vietqr
from qr.emv import parse_tlv
from qr.vietqr import PayloadError, VietQR

# Payloads published in public documentation, with the inputs that produced them.
PUBLISHED = [
    # xuannghia/vietnam-qr-pay README.md, "VietQR tĩnh" (same vector in its PHP/Ruby/C# ports).
    pytest.param(
        ("970416", "257678859", None, None, "account"),
        "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F",
        id="vietnam-qr-pay static ACB",
    ),
    # xuannghia/vietnam-qr-pay README.md, "VietQR động" (10 000 VND, "Chuyen tien").
    pytest.param(
        ("970416", "257678859", 10000, "Chuyen tien", "account"),
        "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA530370454051000"
        "05802VN62150811Chuyen tien630453E6",
        id="vietnam-qr-pay dynamic ACB",
    ),
    # subiz/vietqr README.md: 120 000 VND to VietinBank 0011001932418, "ủng hộ lũ lụt".
    pytest.param(
        ("970415", "0011001932418", 120000, "ủng hộ lũ lụt", "account"),
        "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061"
        "200005802VN62170813ung ho lu lut6304C15C",
        id="subiz/vietqr VietinBank",
    ),
]

# Expected strings produced by an independent encoder, napas-qr-python 0.2.0
# (QRPay(bin, account, amount, purpose, service_code=..., point_of_initiation_method=...).code).
INDEPENDENT = [
    pytest.param(
        ("Vietcombank", "1012345678", None, None, "account"),
        "00020101021138540010A00000072701240006970436011010123456780208QRIBFTTA53037045802VN6304497A",
        id="static account VCB",
    ),
    pytest.param(
        ("BIDV", "21510001234567", "500.000", "Hoc phi thang 9", "account"),
        "00020101021238580010A000000727012800069704180114215100012345670208QRIBFTTA53037045406"
        "5000005802VN62190815Hoc phi thang 963040C72",
        id="dynamic account BIDV with purpose",
    ),
    pytest.param(
        ("Agribank", "9704050123456789", None, None, "card"),
        "00020101021138600010A00000072701300006970405011697040501234567890208QRIBFTTC53037045802VN630431B7",
        id="static card Agribank",
    ),
    pytest.param(
        ("TCB", "9704070000123456789", 75000, "Tiền điện T10", "card"),
        "00020101021238630010A00000072701330006970407011997040700001234567890208QRIBFTTC530370454"
        "05750005802VN62170813Tien dien T106304FD2A",
        id="dynamic card Techcombank",
    ),
    pytest.param(
        ("970454", "99MM24011M34875080", None, None, "account"),
        "00020101021138620010A00000072701320006970454011899MM24011M348750800208QRIBFTTA53037045802VN63042216",
        id="e-wallet virtual account BVBank",
    ),
    pytest.param(
        ("MB", "0123456789012345678", 9999999999999, "ABCDEFGHIJKLMNOPQRSTUVWXY", "account"),
        "00020101021238630010A00000072701330006970422011901234567890123456780208QRIBFTTA53037045413"
        "99999999999995802VN62290825ABCDEFGHIJKLMNOPQRSTUVWXY63046B9C",
        id="longest account, amount and purpose",
    ),
    pytest.param(
        ("970422", "1", 1, "a", "account"),
        "00020101021238450010A00000072701150006970422010110208QRIBFTTA5303704540115802VN62050801a6304A772",
        id="shortest values",
    ),
]


@pytest.mark.parametrize(("args", "expected"), PUBLISHED + INDEPENDENT)
def test_payload(args, expected):
    bank, account, amount, purpose, service = args
    assert vietqr.payload(bank, account, amount, purpose, service) == expected


@pytest.mark.parametrize(("args", "expected"), PUBLISHED + INDEPENDENT)
def test_parse_published(args, expected):
    _, account, amount, _, service = args
    parsed = vietqr.parse(expected)
    assert (parsed.account, parsed.amount, parsed.service) == (
        account, vietqr.parse_amount(amount) if amount else None, service)


def test_parse_tolerates_other_issuers_tags():
    # MoMo "QR đa năng", published in xuannghia/vietnam-qr-pay README.md: 62.05 and tag 80.
    momo = ("00020101021138620010A00000072701320006970454011899MM24011M348750800208QRIBFTTA53037045802"
            "VN62190515MOMOW2W3487508080030466304EBC8")
    assert vietqr.parse(momo) == VietQR("970454", "99MM24011M34875080", "account", None, None)


def test_parse_tolerates_bill_terminal_and_language_tags(with_crc):
    text = with_crc(
        "000201010212"
        "38540010A00000072701240006970436011010123456780208QRIBFTTA"
        "5303704" "5406150000" "5802VN" "5910NGUYEN VAN" "6006HA NOI"
        "6233" "0107HD12345" "070512345" "0809Tien nuoc"
        "6406" "0002vi"
        "8203abc"
        "6304"
    )
    assert vietqr.parse(text) == VietQR("970436", "1012345678", "account", 150000, "Tien nuoc")


def test_parse_accepts_lowercase_crc_and_surrounding_whitespace():
    text = "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304ae9f"
    assert vietqr.parse(f" {text}\n").account == "257678859"


@pytest.fixture
def with_crc():
    from qr.emv import crc16

    return lambda body: body + crc16(body)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("01021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN0002016304",
         "Mã VietQR không hợp lệ: trường 00 phải đứng đầu."),
        ("00020201021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304",
         "Mã VietQR không hợp lệ: trường 00 (phiên bản) phải là '01', gặp '02'."),
        ("00020101021338530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304",
         "Mã VietQR không hợp lệ: trường 01 (kiểu mã) phải là '11' hoặc '12', gặp '13'."),
        ("00020101021153037045802VN6304", "Mã VietQR thiếu trường 38 (tài khoản NAPAS)."),
        ("00020101021138530010A0000007750123000697041601092576788590208QRIBFTTA53037045802VN6304",
         "Mã VietQR không hợp lệ: trường 38.00 (mã NAPAS) phải là A000000727, gặp 'A000000775'."),
        ("00020101021138510010A0000007270123000697041601092576788590206QRPUSH53037045802VN6304",
         "Mã VietQR không hợp lệ: trường 38.02 (loại dịch vụ) phải là QRIBFTTA hoặc QRIBFTTC, gặp"
         " 'QRPUSH'."),
        ("00020101021138520010A000000727012200059704101092576788590208QRIBFTTA53037045802VN6304",
         "Mã VietQR không hợp lệ: trường 38.01.00 (mã BIN ngân hàng) phải là 6 chữ số, gặp"
         " '97041'."),
        ("00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53038405802VN6304",
         "Mã VietQR không hợp lệ: trường 53 (tiền tệ) phải là 704 (VND), gặp '840'."),
        ("00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN5802VN"
         "6304", "Mã VietQR không hợp lệ: trường 58 xuất hiện hai lần."),
        ("00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540710000.5"
         "5802VN6304",
         "Mã VietQR không hợp lệ: trường 54 (số tiền) phải là số nguyên dương tới 13 chữ số,"
         " không số 0 ở đầu, gặp '10000.5'."),
        ("00020101021138530010A0000007270123000697041601092576788590208QRIBFTTC53037045802VN6304",
         None),  # card service with a 9-digit card number is structurally fine
        ("00020101021138530010A0000007270123000697041601092576788A90208QRIBFTTC53037045802VN6304",
         "Số thẻ '2576788A9' chỉ được gồm chữ số 0–9."),
        ("00020101021138530010A000000727012300069704160109257678859020XQRIBFTTA53037045802VN6304",
         "Dữ liệu mã QR hỏng ở vị trí 58: cần 2 chữ số mã trường và 2 chữ số độ dài, gặp"
         " '020X'."),
    ],
)
def test_parse_rejects(with_crc, body, message):
    if message is None:
        assert vietqr.parse(with_crc(body)).service == "card"
        return
    with pytest.raises(PayloadError) as info:
        vietqr.parse(with_crc(body))
    assert str(info.value) == message


def test_parse_rejects_wrong_crc():
    text = "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9E"
    with pytest.raises(PayloadError) as info:
        vietqr.parse(text)
    assert str(info.value) == (
        "Mã VietQR bị hỏng hoặc bị sửa: mã kiểm tra ghi 'AE9E' nhưng tính ra 'AE9F'.")
    assert info.value.field == "63"


def test_parse_rejects_changed_account_digit():
    # One changed digit must never parse as another account.
    text = "00020101021138530010A0000007270123000697041601092576788580208QRIBFTTA53037045802VN6304AE9F"
    with pytest.raises(PayloadError):
        vietqr.parse(text)


def test_parse_rejects_missing_crc():
    with pytest.raises(PayloadError) as info:
        vietqr.parse("000201010211")
    assert str(info.value) == "Mã VietQR không hợp lệ: thiếu mã kiểm tra (trường 63) ở cuối."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (150000, 150000),
        ("150000", 150000),
        ("150.000", 150000),
        ("150,000", 150000),
        ("150 000", 150000),
        ("150\u00a0000", 150000),
        ("1.500.000", 1500000),
        ("150.000đ", 150000),
        ("150.000 VND", 150000),
        ("150000 đồng", 150000),
        (" 5000 ", 5000),
        ("9.999.999.999.999", 9999999999999),
    ],
)
def test_parse_amount(value, expected):
    assert vietqr.parse_amount(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1500.5", "Số tiền '1500.5' không rõ ràng: tiền Việt không có phần lẻ. Hãy ghi số nguyên"
                   " đồng, ví dụ 150000 hoặc 150.000."),
        ("1.50", "Số tiền '1.50' không rõ ràng: tiền Việt không có phần lẻ. Hãy ghi số nguyên đồng,"
                 " ví dụ 150000 hoặc 150.000."),
        ("0.500", "Số tiền '0.500' không rõ ràng: tiền Việt không có phần lẻ. Hãy ghi số nguyên"
                  " đồng, ví dụ 150000 hoặc 150.000."),
        ("1.500,000", "Số tiền '1.500,000' không rõ ràng: tiền Việt không có phần lẻ. Hãy ghi số"
                      " nguyên đồng, ví dụ 150000 hoặc 150.000."),
        ("150k", "Số tiền '150k' không hợp lệ: hãy ghi số nguyên đồng, ví dụ 150000 hoặc 150.000."),
        ("1.5000", "Số tiền '1.5000' không rõ ràng: tiền Việt không có phần lẻ. Hãy ghi số nguyên"
                   " đồng, ví dụ 150000 hoặc 150.000."),
        ("0", "Số tiền '0' phải lớn hơn 0."),
        (0, "Số tiền '0' phải lớn hơn 0."),
        (-5000, "Số tiền '-5000' phải lớn hơn 0."),
        ("-5.000", "Số tiền '-5.000' phải lớn hơn 0."),
        ("", "Chưa ghi số tiền."),
        ("10000000000000", "Số tiền '10000000000000' quá lớn: tối đa 13 chữ số."),
        ("1" + " " * 30 + "1", "Số tiền dài quá (32 ký tự, tối đa 25): hãy ghi số nguyên đồng,"
                               " ví dụ 150000 hoặc 150.000."),
        pytest.param(10 ** 5000, "Số tiền quá lớn: tối đa 13 chữ số.", id="5001-digit int"),
        (1500.0, "Số tiền '1500.0' phải là số nguyên đồng, ví dụ 150000 hoặc 150.000."),
        (True, "Số tiền 'True' phải là số nguyên đồng, ví dụ 150000 hoặc 150.000."),
    ],
)
def test_parse_amount_rejects(value, message):
    with pytest.raises(PayloadError) as info:
        vietqr.parse_amount(value)
    assert str(info.value) == message
    assert info.value.field == "amount"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chuyen tien", ("Chuyen tien", False)),
        ("Trả tiền hàng", ("Tra tien hang", True)),
        ("ĐỖ VĂN ĐỨC", ("DO VAN DUC", True)),
        ("đóng học phí", ("dong hoc phi", True)),
        ("  Tiền   nước  ", ("Tien nuoc", True)),
        ("HD-12_3.4", ("HD-12_3.4", False)),
        ("Hóa đơn #12, tháng 9!", ("Hoa don 12 thang 9", True)),
        ("", ("", False)),
    ],
)
def test_normalize_purpose(text, expected):
    assert vietqr.normalize_purpose(text) == expected


def test_normalize_purpose_nfd_equals_nfc():
    text = "Cảm ơn cô Hường, đã nhận"
    assert vietqr.normalize_purpose(unicodedata.normalize("NFD", text)) == \
        vietqr.normalize_purpose(text)


def test_payload_nfd_purpose_equals_nfc():
    text = "Tiền điện tháng 10"
    assert vietqr.payload("VCB", "123", purpose=unicodedata.normalize("NFD", text)) == \
        vietqr.payload("VCB", "123", purpose=text)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(bank="Ngân hàng Mặt Trăng"),
         "Không tìm thấy ngân hàng 'Ngân hàng Mặt Trăng'. Hãy ghi mã ngân hàng (ví dụ 970436), tên viết"
         " tắt (VCB) hoặc tên thường gọi (Vietcombank)."),
        (dict(account=""), "Chưa ghi số tài khoản."),
        (dict(account="0123 456 789"),
         "Số tài khoản '0123 456 789' có ký tự không hợp lệ ' ': chỉ được dùng chữ số 0–9 và chữ"
         " in hoa A–Z, không dấu cách, không gạch."),
        (dict(account="0123-456"),
         "Số tài khoản '0123-456' có ký tự không hợp lệ '-': chỉ được dùng chữ số 0–9 và chữ in"
         " hoa A–Z, không dấu cách, không gạch."),
        (dict(account="99mm2401"),
         "Số tài khoản '99mm2401' có ký tự không hợp lệ 'm': chỉ được dùng chữ số 0–9 và chữ in"
         " hoa A–Z, không dấu cách, không gạch."),
        (dict(account="12345678901234567890"),
         "Số tài khoản '12345678901234567890' dài 20 ký tự, tối đa 19."),
        (dict(account="9704A", service="card"), "Số thẻ '9704A' chỉ được gồm chữ số 0–9."),
        (dict(account="97041234567890123456", service="card"),
         "Số thẻ '97041234567890123456' dài 20 ký tự, tối đa 19."),
        (dict(service="wallet"),
         "Loại mã 'wallet' không hợp lệ: chỉ 'account' (vào tài khoản) hoặc 'card' (vào thẻ)."),
        (dict(amount="1500.5"),
         "Số tiền '1500.5' không rõ ràng: tiền Việt không có phần lẻ. Hãy ghi số nguyên đồng, ví"
         " dụ 150000 hoặc 150.000."),
        (dict(amount=0), "Số tiền '0' phải lớn hơn 0."),
        (dict(purpose="Thanh toán tiền hàng tháng mười"),
         "Nội dung chuyển khoản dài 31 ký tự sau khi bỏ dấu, tối đa 25: 'Thanh toan tien hang"
         " thang muoi'."),
        (dict(purpose="!!! ###"),
         "Nội dung chuyển khoản '!!! ###' không còn chữ hoặc số nào sau khi bỏ dấu và ký tự đặc"
         " biệt."),
    ],
)
def test_payload_rejects(kwargs, message):
    args = dict(bank="VCB", account="1012345678") | kwargs
    with pytest.raises(PayloadError) as info:
        vietqr.payload(**args)
    assert str(info.value) == message


def test_amount_warning_from_fast_transfer_limit():
    assert vietqr.amount_warning(499_999_999) is None
    assert vietqr.amount_warning(None) is None
    assert str(vietqr.amount_warning(500_000_000)) == (
        "Số tiền 500.000.000 đồng từ 500 triệu trở lên: chuyển nhanh NAPAS 247 có thể bị ngân"
        " hàng của người trả từ chối.")


def test_amount_warning_keeps_msgid_and_values_for_translating():
    warning = vietqr.amount_warning(750_000_000)
    assert warning.template.startswith("Số tiền %(amount)s đồng từ 500 triệu trở lên")
    assert warning.params == (("amount", "750.000.000"),)


def test_payload_blank_amount_and_purpose_give_static_code():
    assert vietqr.payload("VCB", "1012345678", "  ", "  ") == vietqr.payload("VCB", "1012345678")


def test_payload_error_is_a_value_error_naming_field_and_value():
    with pytest.raises(ValueError) as info:
        vietqr.payload("VCB", "0123-456")
    assert info.value.field == "account"
    assert info.value.value == "0123-456"


def test_payload_error_keeps_msgid_and_values_for_translating():
    with pytest.raises(PayloadError) as info:
        vietqr.parse_amount("1.50")
    error = info.value
    assert error.template == (
        "Số tiền '%(amount)s' không rõ ràng: tiền Việt không có phần lẻ. Hãy ghi số nguyên đồng,"
        " ví dụ 150000 hoặc 150.000.")
    assert error.params == (("amount", "1.50"),)
    assert str(error) == error.message == error.template % dict(error.params)


def test_payload_error_without_values_is_the_msgid_as_written():
    with pytest.raises(PayloadError) as info:
        vietqr.parse_amount("đ")
    assert (info.value.template, info.value.params, str(info.value)) == (
        "Chưa ghi số tiền.", (), "Chưa ghi số tiền.")


def test_payload_error_is_shared():
    from qr import payloads
    from qr.emv import PayloadError as EmvError

    assert vietqr.PayloadError is EmvError is payloads.PayloadError


# --- properties -------------------------------------------------------------------------------

BINS = [b.bin for b in banks.all_banks()]
purposes = st.from_regex(r"[A-Za-z0-9._-]([A-Za-z0-9 ._-]{0,23}[A-Za-z0-9._-])?", fullmatch=True)
purposes = purposes.filter(lambda s: "  " not in s)


@st.composite
def transfers(draw) -> VietQR:
    service = draw(st.sampled_from(["account", "card"]))
    alphabet = "0123456789" if service == "card" else "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return VietQR(
        bank_bin=draw(st.sampled_from(BINS)),
        account=draw(st.text(alphabet=alphabet, min_size=1, max_size=19)),
        service=service,
        amount=draw(st.none() | st.integers(min_value=1, max_value=10**13 - 1)),
        purpose=draw(st.none() | purposes),
    )


def check_lengths(text: str, templates=("38", "62")) -> None:
    """Walk the payload by hand: every declared length must match its value exactly."""
    pos = 0
    while pos < len(text):
        tag, length = text[pos:pos + 2], int(text[pos + 2:pos + 4])
        value = text[pos + 4:pos + 4 + length]
        assert len(value) == length
        if tag in templates:
            check_lengths(value, templates=("01",) if tag == "38" else ())
        pos += 4 + length
    assert pos == len(text)


@settings(max_examples=300)
@given(transfers())
def test_parse_inverts_payload(qr):
    assert vietqr.parse(qr.to_payload()) == qr


@settings(max_examples=300)
@given(transfers())
def test_payload_is_ascii_and_lengths_are_right(qr):
    text = qr.to_payload()
    assert text.isascii()
    check_lengths(text)
    assert [tag for tag, _ in parse_tlv(text)] == sorted(tag for tag, _ in parse_tlv(text))
    assert text.endswith("6304" + text[-4:])


@settings(max_examples=200)
@given(st.text(max_size=40))
def test_normalize_purpose_output_is_safe_ascii(text):
    try:
        result, _ = vietqr.normalize_purpose(text)
    except PayloadError:
        return
    assert result.isascii() and len(result) <= 25
    assert result == result.strip() and "  " not in result


# --- independent decoder ----------------------------------------------------------------------

# napas-qr-python is a declared test dependency: if it is missing the import fails loudly, it is
# never skipped.


@settings(max_examples=300)
@given(transfers())
def test_independent_decoder_reads_our_fields(qr):
    decoded = qr_pay.decode(qr.to_payload(), verify_crc=True)
    assert decoded["bin_id"] == qr.bank_bin
    assert decoded["consumer_id"] == qr.account
    assert decoded["service_code"] == vietqr.SERVICE_CODES[qr.service]
    assert decoded["glocal_uuid"] == "A000000727"  # sic, the library's key
    assert decoded["transaction_amount"] == (str(qr.amount) if qr.amount else None)
    assert decoded.get("purpose_of_transaction") == qr.purpose
    assert decoded["point_of_initiation_method"] == ("12" if qr.amount else "11")
    assert (decoded["transaction_currency"], decoded["country_code"]) == ("704", "VN")


@settings(max_examples=300)
@given(transfers())
def test_independent_encoder_gives_the_same_bytes(qr):
    theirs = qr_pay.QRPay(
        qr.bank_bin, qr.account, qr.amount, qr.purpose,
        service_code=qr.service.upper(),
        point_of_initiation_method="DYNAMIC" if qr.amount else "STATIC",
    ).code
    assert qr.to_payload() == theirs


def test_parse_refuses_amount_over_13_digits():
    from qr.emv import crc16, encode_tlv

    body = (encode_tlv("00", "01") + encode_tlv("01", "12")
            + encode_tlv("38", encode_tlv("00", "A000000727")
                         + encode_tlv("01", encode_tlv("00", "970436") + encode_tlv("01", "123"))
                         + encode_tlv("02", "QRIBFTTA"))
            + encode_tlv("53", "704") + encode_tlv("54", "1" * 14) + encode_tlv("58", "VN") + "6304")
    with pytest.raises(vietqr.PayloadError, match="13 chữ số"):
        vietqr.parse(body + crc16(body))


@pytest.mark.parametrize(("amount", "text"), [
    (500, "500 đ"), (50_000, "50.000 đ"), (1_500_000, "1.500.000 đ"),
    (9_999_999_999_999, "9.999.999.999.999 đ"),
])
def test_format_amount_uses_vietnamese_thousands_dots(amount, text):
    assert vietqr.format_amount(amount) == text


@pytest.mark.parametrize(("unit", "text"), [("", "150.000"), ("đồng", "150.000 đồng")])
def test_format_amount_unit(unit, text):
    assert vietqr.format_amount(150_000, unit=unit) == text


@given(st.integers(min_value=1, max_value=10 ** vietqr.MAX_AMOUNT_DIGITS - 1),
       st.sampled_from(["đ", "", "đồng"]))
def test_parse_amount_reads_back_format_amount(amount, unit):
    assert vietqr.parse_amount(vietqr.format_amount(amount, unit=unit)) == amount


@pytest.mark.parametrize(("account", "grouped"), [
    ("0123456789012", "0123 4567 8901 2"), ("1234", "1234"), ("99MM24011M", "99MM 2401 1M"),
    ("9704361234567890", "9704 3612 3456 7890"), ("", ""),
])
def test_group_account_by_four(account, grouped):
    assert vietqr.group_account(account) == grouped


@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", max_size=19))
def test_group_account_only_adds_spaces(account):
    grouped = vietqr.group_account(account)
    assert grouped.replace(" ", "") == account
    assert all(1 <= len(group) <= 4 for group in grouped.split(" ") if account)
