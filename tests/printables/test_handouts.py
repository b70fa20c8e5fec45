"""Guide handouts (printables/handouts.py): pages, text, illustrations and the guide's QR."""

import io

import pytest
from PIL import Image, ImageDraw

from kiosk.packs.shapes import MAX_STEPS, TEXT_LIMITS
from printables import HandoutSpec, HandoutStep, LayoutError
from printables.handouts import guide_handout_pdf
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
    reader,
)

URL = "http://192.168.1.10:8080/guides/kich-hoat-vneid"
# An illustration with its own text in a font we do not embed (Arial): it must not leak in.
SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="300" viewBox="0 0 200 300">
<rect x="10" y="10" width="180" height="280" rx="20" fill="#eeeeff" stroke="#333366"
 stroke-width="4"/><circle cx="100" cy="120" r="40" fill="#ff9900"/>
<text x="100" y="230" font-size="24" text-anchor="middle" font-family="Arial">Ấn OK</text>
</svg>""".encode()


def png() -> bytes:
    image = Image.new("RGB", (400, 300), (200, 220, 240))
    ImageDraw.Draw(image).ellipse([50, 50, 350, 250], fill=(30, 90, 160))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def step(n: int, **kwargs) -> HandoutStep:
    return HandoutStep(f"Bước thứ {n}: mở ứng dụng", "Chạm vào biểu tượng VNeID trên màn hình "
                       "điện thoại. Nếu chưa có, vào CH Play hoặc App Store để cài.", **kwargs)


SPEC = HandoutSpec(
    "Kích hoạt tài khoản định danh điện tử mức 2", URL,
    (step(1, image=SVG, image_kind="svg", tip="Ứng dụng thật do Bộ Công an phát hành."),
     step(2, image=png(), image_kind="png", warning="Không đọc mã OTP cho người gọi điện."),
     step(3)),
    hamlet="Thôn Đông Hòa",
)


@pytest.fixture(scope="module")
def pdf():
    return guide_handout_pdf(SPEC)


def test_one_or_two_a4_pages(pdf):
    assert page_sizes_mm(pdf)[0] == (210, 297)
    assert 1 <= len(page_sizes_mm(pdf)) <= 2


def test_title_steps_tips_and_warnings_are_printed(pdf):
    text = " ".join(page_texts(pdf))
    for expected in (SPEC.title, "Thôn Đông Hòa", "Bước thứ 1: mở ứng dụng",
                     "Bước thứ 3: mở ứng dụng", "Mẹo: Ứng dụng thật do Bộ Công an phát hành.",
                     "Lưu ý: Không đọc mã OTP cho người gọi điện.", "Quét để xem trên điện thoại"):
        assert expected in text
    assert URL in text.replace(" ", "")


def test_svg_text_uses_the_embedded_font_and_no_base14(pdf):
    used = fonts(pdf)
    assert used and all(f.embedded for f in used)
    assert not {f.name.split("+")[-1] for f in used} & BASE14
    assert "Ấn OK" in " ".join(page_texts(pdf))


def test_svg_is_drawn_as_vector_and_png_as_image(pdf):
    assert image_count(pdf) == 1  # only the PNG is a raster image
    page = rasterize(pdf, 50)[0]
    colors = {c for _, c in page.getcolors(1 << 20)}
    assert any(r > 240 and 140 < g < 170 and b < 20 for r, g, b in colors)  # the SVG's circle


def test_code_decodes_to_the_guide_url(pdf):
    image = rasterize(pdf, 150)[0]
    codes = find_qr(image, 150)
    assert [q.text for q in codes] == [URL]
    assert codes[0].width_mm >= 30 and codes[0].module_mm >= 0.5
    assert quiet_zone_dark_pixels(image, codes[0]) == 0


def test_two_builds_are_byte_identical(pdf):
    assert guide_handout_pdf(SPEC) == pdf


def test_many_steps_still_fit_two_pages():
    spec = HandoutSpec("Hướng dẫn dài", URL, tuple(step(n, image=png(), image_kind="png")
                                                   for n in range(1, 9)))
    pdf = guide_handout_pdf(spec)
    assert len(page_sizes_mm(pdf)) == 2
    assert "Bước thứ 8" in page_texts(pdf)[-1]


def test_a_guide_longer_than_two_pages_runs_on_instead_of_refusing():
    spec = HandoutSpec("Hướng dẫn dài", URL, tuple(step(n, image=SVG, image_kind="svg")
                                                   for n in range(1, 30)))
    texts = page_texts(guide_handout_pdf(spec))
    assert len(texts) > 2
    assert "Bước thứ 29" in texts[-1]


def test_every_page_is_numbered_out_of_the_total():
    spec = HandoutSpec("Hướng dẫn dài", URL, tuple(step(n) for n in range(1, 30)))
    texts = page_texts(guide_handout_pdf(spec))
    for number, text in enumerate(texts, start=1):
        assert f"Trang {number}/{len(texts)}" in text


def test_later_pages_have_a_running_header_and_a_small_code_to_the_guide():
    spec = HandoutSpec("Hướng dẫn dài", URL, tuple(step(n, image=SVG, image_kind="svg")
                                                   for n in range(1, 30)))
    pdf = guide_handout_pdf(spec)
    for text in page_texts(pdf)[1:]:
        assert "Tờ hướng dẫn “Hướng dẫn dài” (tiếp)" in text
    for image in rasterize(pdf, 150)[1:]:
        codes = find_qr(image, 150)
        assert [q.text for q in codes] == [URL]
        assert codes[0].module_mm >= 0.5
        assert quiet_zone_dark_pixels(image, codes[0]) == 0


def longest(words: str, limit: int) -> str:
    """Vietnamese words repeated up to exactly `limit` characters (the pack checker's limit)."""
    return (words * (limit // len(words) + 1))[:limit].strip()


# The largest guide a pack or the admin accepts (kiosk/packs/shapes.py): it must print.
MAXIMAL = HandoutSpec(
    longest("Hướng dẫn dài nhất có thể ", TEXT_LIMITS["title"]), URL,
    tuple(HandoutStep(longest(f"Bước {n} với tiêu đề thật dài ", TEXT_LIMITS["title"]),
                      longest("Chạm vào nút màu xanh ở cuối màn hình rồi chờ một lúc. ",
                              TEXT_LIMITS["text"]),
                      tip=longest("Mẹo hay cho người mới dùng điện thoại. ", TEXT_LIMITS["tip"]),
                      warning=longest("Không đọc mã OTP cho bất kỳ ai. ",
                                      TEXT_LIMITS["warning"]),
                      image=SVG, image_kind="svg")
          for n in range(1, MAX_STEPS + 1)),
    hamlet=longest("Thôn ", 120),
)


@pytest.fixture(scope="module")
def maximal_pdf():
    return guide_handout_pdf(MAXIMAL)


def test_the_largest_guide_the_pack_allows_prints_every_step(maximal_pdf):
    assert set(page_sizes_mm(maximal_pdf)) == {(210, 297)}
    text = " ".join(page_texts(maximal_pdf))
    for s in MAXIMAL.steps:
        assert s.title in text


def test_the_largest_guide_keeps_its_code_on_the_first_page(maximal_pdf):
    image = rasterize(maximal_pdf, 150)[0]
    codes = [q for q in find_qr(image, 150) if q.width_mm >= 30]
    assert [q.text for q in codes] == [URL]


def text_sizes(pdf: bytes) -> dict[str, float]:
    """Each text run drawn on the pages and the smallest size (pt) it is drawn at."""
    sizes: dict[str, float] = {}

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            actual = size * abs(tm[3]) * abs(cm[3])
            sizes[text.strip()] = min(actual, sizes.get(text.strip(), actual))

    for page in reader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_text_a_resident_reads_is_never_below_12_pt(maximal_pdf):
    small = {text for text, size in text_sizes(maximal_pdf).items() if size < 11.95}
    # Only the page numbers, the link under the code (for a helper to type) and the text inside
    # the illustration are smaller.
    assert small and all(text.startswith("Trang ") or text in URL or text == "Ấn OK"
                         for text in small), small


def test_bad_illustration_names_the_step():
    spec = HandoutSpec("Hướng dẫn", URL, (step(1), step(2, image=b"<svg", image_kind="svg")))
    with pytest.raises(LayoutError, match="bước 2"):
        guide_handout_pdf(spec)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"steps": ()}, "chưa có bước"), ({"title": ""}, "tiêu đề"), ({"url": ""}, "URL")],
)
def test_incomplete_spec_is_refused(kwargs, message):
    base = {"title": "Hướng dẫn", "url": URL, "steps": (step(1),)}
    with pytest.raises(LayoutError, match=message):
        HandoutSpec(**{**base, **kwargs})


def test_unknown_image_kind_is_refused():
    with pytest.raises(LayoutError, match="gif"):
        HandoutStep("Bước", "Chữ", image=b"GIF89a", image_kind="gif")


def test_step_longer_than_a_page_is_our_layout_error():
    spec = HandoutSpec("Hướng dẫn", URL, (HandoutStep("Bước dài", "Chữ rất dài. " * 900),))
    with pytest.raises(LayoutError, match="Hướng dẫn.*dài hơn cả trang"):
        guide_handout_pdf(spec)


def test_nothing_is_printed_in_the_outer_8_mm(pdf):
    for image in rasterize(pdf, 72):
        assert outer_strip_dark_pixels(image, 72, 8) == 0
