"""Fitting text into boxes (printables/text.py): wrap, shrink, never overflow."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from printables import LayoutError, load_fonts
from printables.text import fit, fit_link, wrap

FONT = load_fonts().regular
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặếềểễệốồổỗộớờởỡợứừửữựýỳỷỹỵĐẶỖỮ"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=VIETNAMESE + " /.-:WMiỊ", min_size=1, max_size=300),
       st.floats(min_value=20, max_value=300))
def test_wrapped_lines_fit_and_keep_every_letter(text, width):
    lines = wrap(text, FONT, 10, width)
    assert all(stringWidth(line, FONT, 10) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_words_stay_whole_when_they_fit():
    assert wrap("Quét mã để thanh toán", FONT, 10, 60) == ["Quét mã để", "thanh toán"]


def test_long_link_breaks_after_a_slash():
    lines = wrap("http://192.168.1.10:8080/guides/kich-hoat-vneid", FONT, 10, 130)
    assert len(lines) > 1
    assert lines[0].endswith(("/", "-", ".", ":"))


def test_fit_shrinks_before_wrapping_too_far():
    block = fit("Tạp hoá Cô Lan và con gái", FONT, 150, max_size=20, min_size=8, max_lines=1)
    assert len(block.lines) == 1
    assert 8 <= block.size < 20
    assert stringWidth(block.lines[0], FONT, block.size) <= 150


def test_fit_respects_the_box_height():
    block = fit("chữ " * 40, FONT, 100, max_size=14, min_size=6, max_lines=99, height=60)
    assert block.height <= 60


def test_impossible_fit_names_the_field():
    with pytest.raises(LayoutError, match="tên cửa hàng quá dài.*8 pt"):
        fit("Tạp hoá " * 200, FONT, 100, max_size=20, min_size=8, max_lines=3,
            what="tên cửa hàng")


def test_fit_link_prefers_one_line():
    url = "https://zalo.me/g/abc123"
    assert fit_link(url, FONT, 200, max_size=14, min_size=8, what="link").lines == (url,)
    assert len(fit_link(url * 3, FONT, 120, max_size=14, min_size=8, what="link").lines) > 1


def test_text_is_composed_before_measuring():
    assert wrap("Ho\u0300a", FONT, 10, 500) == ["Hòa"]
