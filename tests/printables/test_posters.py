"""Heritage, link and Wi-Fi posters (printables/posters.py): read back and QR decoded."""

import io

import pytest
from PIL import Image, ImageDraw

from printables import LayoutError, LinkPosterSpec, PosterSpec, WifiPosterSpec
from printables.posters import heritage_posters_pdf, link_poster_pdf, wifi_poster_pdf
from qr import payloads
from tests.helpers.pdfcheck import (
    BASE14,
    find_qr,
    fonts,
    image_count,
    outer_strip_dark_pixels,
    page_sizes_mm,
    page_texts,
    quiet_zone_dark_pixels,
    rasterize,
)

BASE = "http://192.168.1.10:8080"


def photo(width: int = 1600, height: int = 1000) -> bytes:
    image = Image.new("RGB", (width, height), (150, 120, 90))
    ImageDraw.Draw(image).rectangle([0, height // 2, width, height], fill=(60, 90, 40))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


SITES = [
    PosterSpec(f"{BASE}/h/dinh01", "Đình làng Đông Hòa", "Dong Hoa communal house",
               "Đình làng được dựng vào thời Lê trung hưng, thờ Thành hoàng làng. Mái đình lợp "
               "ngói mũi hài, đầu đao cong vút; lễ hội làng mở vào mùng 10 tháng Giêng.",
               "The communal house dates from the Later Lê dynasty and honours the village's "
               "tutelary god.", photo=photo(), hamlet="Thôn Đông Hòa", commune="Xã Hòa Bình",
               province="Tỉnh Thái Nguyên"),
    PosterSpec(f"{BASE}/h/chua02", "Chùa Phúc Lâm", "Phuc Lam pagoda",
               "Ngôi chùa nhỏ bên sông, có cây đa hơn ba trăm năm tuổi.", hamlet="Thôn Đông Hòa"),
    PosterSpec(f"{BASE}/h/gieng03", "Giếng cổ Ặ Ỗ Ữ Ỵ", "", "Giếng đá ong cổ của làng.",
               photo=photo(600, 900)),
]


@pytest.fixture(scope="module")
def a4_pdf():
    return heritage_posters_pdf(SITES)


def test_one_poster_per_page_in_order(a4_pdf):
    assert page_sizes_mm(a4_pdf) == [(210, 297)] * 3
    texts = page_texts(a4_pdf)
    for text, site in zip(texts, SITES, strict=True):
        assert site.name_vi in text
        assert "Quét mã để xem thêm" in text
        assert site.url in text.replace(" ", "")  # a long link may wrap after a "/"


def test_poster_texts_are_printed_exactly(a4_pdf):
    text = page_texts(a4_pdf)[0]
    for expected in ("Dong Hoa communal house", "Thôn Đông Hòa · Xã Hòa Bình · Tỉnh Thái Nguyên",
                     "Scan for more", "thờ Thành hoàng làng", "tutelary god"):
        assert expected in text


def test_photos_are_embedded(a4_pdf):
    assert image_count(a4_pdf) == 2


def test_fonts_embedded_no_base14(a4_pdf):
    used = fonts(a4_pdf)
    assert used and all(f.embedded for f in used)
    assert not {f.name.split("+")[-1] for f in used} & BASE14


@pytest.mark.parametrize(("size", "mm"), [("a4", (210, 297)), ("a3", (297, 420))])
def test_codes_decode_to_the_short_link_and_meet_poster_rules(size, mm):
    pdf = heritage_posters_pdf(SITES, size=size)
    assert set(page_sizes_mm(pdf)) == {mm}
    for image, site in zip(rasterize(pdf, 150 if size == "a4" else 100), SITES, strict=True):
        dpi = 150 if size == "a4" else 100
        codes = find_qr(image, dpi)
        assert [q.text for q in codes] == [site.url]
        qr = codes[0]
        assert qr.ec_level == "Q"
        assert qr.module_mm >= 1
        assert qr.width_mm >= 1000 / 10  # read from ~1 m
        assert quiet_zone_dark_pixels(image, qr) == 0


def test_a3_code_is_larger_than_a4():
    a4 = find_qr(rasterize(heritage_posters_pdf(SITES[:1]), 100)[0], 100)[0]
    a3 = find_qr(rasterize(heritage_posters_pdf(SITES[:1], size="a3"), 100)[0], 100)[0]
    assert a3.width_mm > a4.width_mm * 1.3


def test_error_correction_level_can_be_chosen():
    spec = PosterSpec(f"{BASE}/h/x", "Nhà thờ họ", "", "Tóm tắt.", ec="H")
    assert find_qr(rasterize(heritage_posters_pdf([spec]), 150)[0], 150)[0].ec_level == "H"


def test_two_builds_are_byte_identical():
    assert heritage_posters_pdf(SITES) == heritage_posters_pdf(SITES)
    spec = WifiPosterSpec("NhaVanHoa", "matkhau123")
    assert wifi_poster_pdf(spec) == wifi_poster_pdf(spec)


def test_long_summary_shrinks_to_fit():
    summary = "Câu chuyện về ngôi đình và lễ hội làng qua nhiều thế hệ. " * 12
    spec = PosterSpec(f"{BASE}/h/dai", "Đình Dài", "Long house", summary, photo=photo())
    pdf = heritage_posters_pdf([spec])
    assert "lễ hội làng qua nhiều thế hệ" in page_texts(pdf)[0]
    assert len(find_qr(rasterize(pdf, 150)[0], 150)) == 1


def test_summary_that_cannot_fit_names_the_site():
    spec = PosterSpec(f"{BASE}/h/qua", "Đình Quá Dài", "", "Chữ " * 3000)
    with pytest.raises(LayoutError, match="Đình Quá Dài.*tóm tắt"):
        heritage_posters_pdf([spec])


def test_unreadable_photo_names_the_site():
    spec = PosterSpec(f"{BASE}/h/anh", "Miếu Cô", "", "Tóm tắt.", photo=b"not an image")
    with pytest.raises(LayoutError, match="Miếu Cô.*ảnh"):
        heritage_posters_pdf([spec])


def test_bad_link_is_a_layout_error_naming_the_site():
    spec = PosterSpec("javascript:alert(1)", "Đình Sai", "", "Tóm tắt.")
    with pytest.raises(LayoutError, match="Đình Sai"):
        heritage_posters_pdf([spec])


def test_unknown_size_is_refused():
    with pytest.raises(LayoutError, match="a4, a3"):
        heritage_posters_pdf(SITES, size="letter")


def test_link_poster():
    spec = LinkPosterSpec("https://zalo.me/g/abcxyz123", "Nhóm Zalo thôn Đông Hòa",
                          "Tham gia nhóm để nhận thông báo của thôn.", hamlet="Thôn Đông Hòa")
    pdf = link_poster_pdf(spec)
    assert page_sizes_mm(pdf) == [(210, 297)]
    text = page_texts(pdf)[0]
    for expected in (spec.title, spec.url, spec.instructions, "Thôn Đông Hòa"):
        assert expected in text
    image = rasterize(pdf, 150)[0]
    codes = find_qr(image, 150)
    assert [q.text for q in codes] == [spec.url]
    assert codes[0].width_mm >= 100 and codes[0].module_mm >= 1
    assert quiet_zone_dark_pixels(image, codes[0]) == 0


def test_long_link_is_printed_whole():
    url = "https://play.google.com/store/apps/details?id=vn.gov.thainguyen.dichvucong&hl=vi"
    pdf = link_poster_pdf(LinkPosterSpec(url, "Tải ứng dụng tỉnh"))
    assert url in page_texts(pdf)[0].replace(" ", "")
    assert [q.text for q in find_qr(rasterize(pdf, 150)[0], 150)] == [url]


@pytest.mark.parametrize(
    "spec",
    [WifiPosterSpec("NhaVanHoa-DongHoa", "langso2025", hamlet="Thôn Đông Hòa"),
     WifiPosterSpec("Nhà văn hóa; thôn", "p@ss:w;rd\\", hidden=True),
     WifiPosterSpec("QuanCafeMo", None, security="nopass")],
)
def test_wifi_poster_decodes_to_the_join_payload(spec):
    pdf = wifi_poster_pdf(spec)
    text = page_texts(pdf)[0]
    assert f"Tên mạng: {spec.ssid}" in text
    assert (f"Mật khẩu: {spec.password}" if spec.password else "không cần mật khẩu") in text
    image = rasterize(pdf, 150)[0]
    codes = find_qr(image, 150)
    expected = payloads.wifi_payload(spec.ssid, spec.password, security=spec.security,
                                     hidden=spec.hidden)
    assert [q.text for q in codes] == [expected]
    assert codes[0].module_mm >= 1 and quiet_zone_dark_pixels(image, codes[0]) == 0


@pytest.mark.parametrize(
    "pdf",
    [
        lambda: heritage_posters_pdf(SITES),
        lambda: heritage_posters_pdf(SITES, size="a3"),
        lambda: link_poster_pdf(LinkPosterSpec("https://zalo.me/g/abcxyz123", "Nhóm Zalo " * 9,
                                               "Hướng dẫn " * 60)),
        lambda: wifi_poster_pdf(WifiPosterSpec("Nhà văn hóa thôn Đông Hòa", "mat khau dai 123")),
    ],
)
def test_nothing_is_printed_in_the_outer_8_mm(pdf):
    for image in rasterize(pdf(), 72):
        assert outer_strip_dark_pixels(image, 72, 8) == 0


@pytest.mark.parametrize("name_en", ["", "Đình làng Đông Hòa", "ĐÌNH LÀNG ĐÔNG HÒA"])
def test_name_is_printed_once_when_there_is_no_other_english_name(name_en):
    spec = PosterSpec(f"{BASE}/h/dinh01", "Đình làng Đông Hòa", name_en, "Đình làng cổ.")
    text = page_texts(heritage_posters_pdf([spec]))[0]
    assert text.casefold().count("đình làng đông hòa") == 1
