"""Shop payment cards (printables/cards.py): read back, rasterized, every QR decoded."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from printables import CardSpec, LayoutError
from printables.cards import DEMO_MARK, card_payload, shop_cards_pdf
from qr import vietqr
from qr.vietqr import group_account
from tests.helpers import pdfcheck
from tests.helpers.pdfcheck import (
    BASE14,
    dark_pixels,
    find_qr,
    fonts,
    page_sizes_mm,
    page_texts,
    quiet_zone_dark_pixels,
    rasterize,
    red_pixels,
)

SHOPS = [
    CardSpec("Tạp hoá Cô Lan", "970436", "0123456789012", "Nguyễn Thị Lan", "S01",
             "Thôn Đông Hòa", amount=50000, purpose="Mua hàng tạp hoá"),
    CardSpec("Quán phở Bà Tư — phở bò, phở gà, bún chả gia truyền", "970405", "1500205123456",
             "Trần Văn Tư", "S02", "Thôn Đông Hòa"),
    CardSpec("Rau sạch nhà Hùng", "970422", "0000123456", "Phạm Văn Hùng", "S03", "Thôn Đông Hòa",
             purpose="Rau"),
    CardSpec("Gà đồi Ứng Hoà", "970436", "9876543210", "Đỗ Thị Hằng", "S04", "Thôn Đông Hòa",
             amount=150000),
    CardSpec("Bánh chưng Ặ Ỗ Ữ Ỵ", "970405", "1234567", "Lê Văn Ấn", "S05", "Thôn Đông Hòa"),
]
DEMO = CardSpec("Cửa hàng mẫu để tập huấn", "970422", "0000123456", "Lê Văn Mẫu", "DEMO1",
                "Thôn Đông Hòa", demo=True, amount=20000)


def expected_payload(spec: CardSpec) -> str:
    return vietqr.payload(spec.bank_bin, spec.account, amount=spec.amount, purpose=spec.purpose,
                          service=spec.service)


@pytest.fixture(scope="module")
def sheet_pdf():
    return shop_cards_pdf(SHOPS)


@pytest.fixture(scope="module")
def tent_pdf():
    return shop_cards_pdf(SHOPS[:2], layout="a5-tent")


def test_four_cards_per_a4_page(sheet_pdf):
    assert page_sizes_mm(sheet_pdf) == [(210, 297), (210, 297)]


def test_every_expected_text_is_printed_with_diacritics(sheet_pdf):
    text = " ".join(page_texts(sheet_pdf))
    assert unicodedata.is_normalized("NFC", text)
    for spec in SHOPS:
        assert spec.holder.upper() in text
        assert group_account(spec.account) in text
        assert f"Mã: {spec.code}" in text
    for expected in ("Tạp hoá Cô Lan", "Quét mã để thanh toán", "Scan to pay", "Vietcombank",
                     "Agribank", "MBBank", "Số tiền: 50.000 đ", "Nội dung: Mua hàng tạp hoá",
                     "Thôn Đông Hòa", "Bánh chưng Ặ Ỗ Ữ Ỵ", "LÊ VĂN ẤN"):
        assert expected in text


def test_fonts_are_embedded_truetype_and_no_base14(sheet_pdf):
    used = fonts(sheet_pdf)
    assert used
    assert all(f.embedded and f.subtype == "/TrueType" for f in used)
    assert not {f.name.split("+")[-1] for f in used} & BASE14


@pytest.mark.parametrize("dpi", [72, 150])
def test_every_card_decodes_to_its_shops_payload(sheet_pdf, dpi):
    decoded = []
    for image in rasterize(sheet_pdf, dpi):
        # reading order on the sheet: top row first, left to right
        codes = sorted(find_qr(image, dpi), key=lambda q: (q.top > image.height / 2, q.left))
        decoded.extend(q.text for q in codes)
    assert decoded == [expected_payload(spec) for spec in SHOPS]


def test_card_codes_meet_print_rules(sheet_pdf):
    for image in rasterize(sheet_pdf, 150):
        for qr in find_qr(image, 150):
            assert qr.ec_level == "M"
            assert qr.module_mm >= 0.5
            assert qr.width_mm >= 300 / 10  # read from ~30 cm
            assert quiet_zone_dark_pixels(image, qr) == 0


def safe_margin_intrusions(image) -> list:
    """Strips of the 5 mm safe margin that hold anything but the cut marks."""
    px = image.width / 210
    bad = []
    margin = 4.6 * px  # 5 mm, less anti-aliasing of the frame drawn right at it
    cut_x, cut_y = image.width / 2, image.height / 2
    keep_off = 1.2 * px  # cut ticks and the centre cross lie on the cut lines
    for col in range(2):
        for row in range(2):
            left, top = col * cut_x, row * cut_y
            right, bottom = left + cut_x, top + cut_y
            strips = [(left, top, right, top + margin), (left, bottom - margin, right, bottom),
                      (left, top, left + margin, bottom), (right - margin, top, right, bottom)]
            for strip in strips:
                dark = dark_pixels(image, strip)
                on_cut_lines = sum(
                    dark_pixels(image, box) for box in (
                        (cut_x - keep_off, strip[1], cut_x + keep_off, strip[3]),
                        (strip[0], cut_y - keep_off, strip[2], cut_y + keep_off),
                    )
                )
                if dark > on_cut_lines:
                    bad.append((col, row, strip))
    return bad


@pytest.mark.parametrize("cards", [SHOPS[:4], [DEMO, *SHOPS[:2], DEMO]])
def test_nothing_drawn_in_the_safe_margin_except_cut_marks(cards):
    assert safe_margin_intrusions(rasterize(shop_cards_pdf(cards), 150)[0]) == []


NAME_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặếềểễệốồổỗộớờởỡợứừửữựĐẶỖỮ -—0123"


@settings(max_examples=12, deadline=None)
@given(name=st.text(alphabet=NAME_ALPHABET, min_size=1, max_size=220).filter(str.strip),
       holder=st.text(alphabet=NAME_ALPHABET, max_size=60),
       purpose=st.none() | st.text(alphabet="abc xyz", min_size=1, max_size=25)
       .filter(str.strip),
       demo=st.booleans())
def test_any_card_text_stays_inside_the_card_and_the_code_scans(name, holder, purpose, demo):
    spec = CardSpec(name, "970436", "0123456789", holder, "S99", "Thôn Đông Hòa",
                    purpose=purpose, demo=demo)
    try:
        pdf = shop_cards_pdf([spec, spec, spec, spec])
    except LayoutError as exc:
        assert "S99" in str(exc)
        return
    image = rasterize(pdf, 100)[0]
    assert safe_margin_intrusions(image) == []
    assert [q.text for q in find_qr(image, 100)] == [expected_payload(spec)] * 4


def test_cut_marks_are_drawn_on_the_cut_lines(sheet_pdf):
    image = rasterize(sheet_pdf, 150)[0]
    px = 150 / 25.4
    cut_x, cut_y = image.width / 2, image.height / 2
    assert dark_pixels(image, (cut_x - 2, 0, cut_x + 2, 7 * px)) > 0
    assert dark_pixels(image, (0, cut_y - 2, 7 * px, cut_y + 2)) > 0


def test_demo_card_is_marked_and_still_decodes():
    pdf = shop_cards_pdf([DEMO, SHOPS[1]])  # SHOPS[1] has no amount, printed in red
    text = page_texts(pdf)[0]
    assert text.count(DEMO_MARK) == 2
    image = rasterize(pdf, 150)[0]
    codes = sorted(find_qr(image, 150), key=lambda q: q.left)
    assert [q.text for q in codes] == [expected_payload(DEMO), expected_payload(SHOPS[1])]
    demo_qr = codes[0]
    assert quiet_zone_dark_pixels(image, demo_qr) == 0
    # the red band sits in the demo card's top-left cell, outside the code
    assert red_pixels(image.crop((0, 0, image.width // 2, image.height // 2))) > 5000
    assert red_pixels(image.crop((image.width // 2, 0, image.width, image.height // 2))) == 0


def test_real_card_has_no_demo_mark(sheet_pdf):
    assert DEMO_MARK not in " ".join(page_texts(sheet_pdf))


def test_tent_has_both_faces_one_upside_down(tent_pdf):
    assert page_sizes_mm(tent_pdf) == [(210, 297), (210, 297)]
    for image, spec in zip(rasterize(tent_pdf, 150), SHOPS[:2], strict=True):
        codes = find_qr(image, 150)
        assert [q.text for q in codes] == [expected_payload(spec)] * 2
        top, bottom = sorted(codes, key=lambda q: q.top)
        assert top.upside_down and not bottom.upside_down
        assert top.bottom < image.height / 2 < bottom.top  # one code per face of the fold
        for qr in codes:
            assert qr.width_mm >= 30 and qr.module_mm >= 0.5
            assert quiet_zone_dark_pixels(image, qr) == 0


def test_tent_text_is_printed_on_both_faces(tent_pdf):
    assert page_texts(tent_pdf)[0].count("Tạp hoá Cô Lan") == 2


def test_two_builds_are_byte_identical():
    assert shop_cards_pdf(SHOPS) == shop_cards_pdf(SHOPS)
    assert shop_cards_pdf(SHOPS, layout="a5-tent") == shop_cards_pdf(SHOPS, layout="a5-tent")


def test_decomposed_input_is_printed_composed():
    nfd = CardSpec(unicodedata.normalize("NFD", "Tạp hoá Ứng"), "970436", "0123456789",
                   unicodedata.normalize("NFD", "Nguyễn Thị Ứng"), "S09")
    text = page_texts(shop_cards_pdf([nfd]))[0]
    assert "Tạp hoá Ứng" in text
    assert "NGUYỄN THỊ ỨNG" in text


@pytest.mark.parametrize("layout", ["a6x4", "a5-tent"])
def test_200_character_name_fits_and_the_code_still_scans(layout):
    name = ("Cửa hàng tạp hoá và điện thoại Ặ Ỗ Ữ " * 6)[:200]
    spec = CardSpec(name, "970436", "0123456789", "Đỗ Văn Dài", "S10", "Thôn Đông Hòa")
    pdf = shop_cards_pdf([spec], layout=layout)
    assert name.split()[0] in page_texts(pdf)[0]
    codes = find_qr(rasterize(pdf, 150)[0], 150)
    assert codes and all(q.text == expected_payload(spec) for q in codes)
    assert all(q.width_mm >= 30 for q in codes)


def test_5000_character_name_is_a_layout_error_naming_shop_and_field():
    spec = CardSpec("Tạp hoá " * 625, "970436", "0123456789", "Lan", "S11")
    with pytest.raises(LayoutError, match=r"mã S11.*tên cửa hàng quá dài"):
        shop_cards_pdf([spec])


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (CardSpec("Quán A", "999999", "0123456789", "A", "S12"), r"Quán A.*S12"),
        (CardSpec("Quán B", "970436", "01-23", "B", "S13"), r"Quán B.*S13"),
        (CardSpec("Quán C", "970436", "0123456789", "C", "S14", amount=-5), r"Quán C.*S14"),
    ],
)
def test_bad_bank_data_is_a_layout_error_naming_the_shop(spec, message):
    with pytest.raises(LayoutError, match=message):
        shop_cards_pdf([spec])


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"shop_name": " "}, "tên cửa hàng"), ({"account": ""}, "số tài khoản")],
)
def test_missing_required_field_is_named(kwargs, field):
    base = {"shop_name": "Quán D", "bank_bin": "970436", "account": "0123456789",
            "holder": "D", "code": "S15"}
    with pytest.raises(LayoutError, match=field):
        CardSpec(**{**base, **kwargs})


def test_card_without_short_code_prints_and_scans():
    spec = CardSpec("Quán E", "970436", "0123456789", "TRAN E", code="")
    pdf = shop_cards_pdf([spec])
    assert "Mã:" not in " ".join(pdfcheck.page_texts(pdf))
    (image,) = pdfcheck.rasterize(pdf, 150)
    assert [q.text for q in pdfcheck.find_qr(image, 150)] == [card_payload(spec)]


def test_unknown_layout_and_empty_batch_are_refused():
    with pytest.raises(LayoutError, match="a6x4"):
        shop_cards_pdf(SHOPS, layout="a7")
    with pytest.raises(LayoutError):
        shop_cards_pdf([])


def test_card_number_payment_is_labelled_and_encoded_as_card():
    spec = CardSpec("Quán E", "970436", "9704361234567890", "E", "S16", service="card")
    pdf = shop_cards_pdf([spec])
    assert "Số thẻ: 9704 3612 3456 7890" in page_texts(pdf)[0]
    assert [q.text for q in find_qr(rasterize(pdf, 150)[0], 150)] == [expected_payload(spec)]


def test_demo_tent_is_marked_on_both_faces():
    pdf = shop_cards_pdf([DEMO], layout="a5-tent")
    assert page_texts(pdf)[0].count(DEMO_MARK) == 4
    codes = find_qr(rasterize(pdf, 150)[0], 150)
    assert [q.text for q in codes] == [expected_payload(DEMO)] * 2
