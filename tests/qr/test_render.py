"""QR rendering (qr/render.py): every PNG must decode, with zxing-cpp, to its payload; SVGs are
decoded after Chromium rasterizes them (tests/browser/test_qr.py)."""

import io
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from qr import render, vietqr
from tests.helpers.qrcodes import decode, sample_payloads

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(("purpose", "level"),
                         [("payment", "M"), ("poster", "Q"), ("link", "M"), ("wifi", "M")])
def test_error_level(purpose, level):
    assert render.error_level(purpose) == level


def test_error_level_unknown():
    with pytest.raises(ValueError, match="Mục đích mã QR 'flyer' không hợp lệ"):
        render.error_level("flyer")


def test_matrix_quiet_zone_and_finder_patterns():
    rows = render.matrix(vietqr.payload("VCB", "1012345678"))
    size = len(rows)
    assert all(len(row) == size for row in rows)
    assert (size - 8 - 17) % 4 == 0  # 4-module quiet zone around a version-v code (17 + 4v)
    for i in range(4):
        assert not any(rows[i]) and not any(rows[size - 1 - i])
        assert not any(row[i] for row in rows) and not any(row[size - 1 - i] for row in rows)
    finder = [[r in (0, 6) or c in (0, 6) or (2 <= r <= 4 and 2 <= c <= 4) for c in range(7)]
              for r in range(7)]
    for top, left in ((4, 4), (4, size - 11), (size - 11, 4)):
        assert [row[left:left + 7] for row in rows[top:top + 7]] == finder


def test_matrix_border():
    text = "https://langso.example.vn/h/dinh-lang"
    assert len(render.matrix(text, border=0)) + 8 == len(render.matrix(text))


def test_matrix_returns_fresh_rows():
    text = "https://langso.example.vn/h/1"
    rows = render.matrix(text)
    rows[0][0] = True
    assert render.matrix(text)[0][0] is False


def test_higher_level_gives_bigger_code():
    text = vietqr.payload("VCB", "1012345678", 150000, "Tien hang")
    assert len(render.matrix(text, "H")) > len(render.matrix(text, "L"))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(payload=""), "Không thể tạo mã QR từ nội dung rỗng."),
        (dict(payload="x", ec="X"), "Mức sửa lỗi 'X' không hợp lệ: chỉ L, M, Q hoặc H."),
        (dict(payload="x", border=-1), "Viền trắng -1 không hợp lệ: phải ≥ 0 (chuẩn là 4 ô)."),
        (dict(payload="x" * 3000, ec="H"),
         "Nội dung quá dài cho một mã QR (3000 ký tự ở mức sửa lỗi H)."),
    ],
)
def test_matrix_rejects(kwargs, message):
    with pytest.raises(ValueError) as info:
        render.matrix(**kwargs)
    assert str(info.value) == message


def test_png_pixels_follow_matrix():
    text = vietqr.payload("ACB", "257678859", 10000, "Chuyen tien")
    rows = render.matrix(text)
    image = Image.open(io.BytesIO(render.to_png(text, scale=5)))
    assert image.format == "PNG"
    assert image.size == (len(rows) * 5, len(rows) * 5)
    gray = image.convert("L")
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            assert gray.getpixel((x * 5 + 2, y * 5 + 2)) == (0 if dark else 255)


@pytest.mark.parametrize("ec", ["L", "M", "Q", "H"])
def test_png_decodes_with_requested_level(ec):
    text = vietqr.payload("BIDV", "21510001234567", 500000, "Hoc phi")
    [result] = decode(Image.open(io.BytesIO(render.to_png(text, ec, scale=3))))
    assert (result.text, result.ec_level) == (text, ec)


def test_png_round_trip_many():
    cases = sample_payloads(300)
    for text in cases:
        results = decode(Image.open(io.BytesIO(render.to_png(text, scale=3))))
        assert [r.text for r in results] == [text]


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
               max_size=120))
def test_png_round_trip_any_text(text):
    results = decode(Image.open(io.BytesIO(render.to_png(text, scale=2))))
    assert [r.text for r in results] == [text]


def test_to_png_rejects_bad_scale():
    with pytest.raises(ValueError, match="Tỉ lệ phóng 0 không hợp lệ"):
        render.to_png("x", scale=0)


def test_svg_structure():
    text = vietqr.payload("VCB", "1012345678", 150000)
    svg = render.to_svg(text)
    size = len(render.matrix(text))
    assert svg.startswith("<svg ") and "<?xml" not in svg
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == f"0 0 {size} {size}"
    assert root.get("width") is None and root.get("height") is None
    assert root.get("shape-rendering") == "crispEdges"
    [rect] = root.findall(f"{SVG_NS}rect")
    assert (rect.get("width"), rect.get("height"), rect.get("fill")) == (str(size), str(size),
                                                                           "#fff")
    [path] = root.findall(f"{SVG_NS}path")
    assert path.get("fill") == "#000"
