"""Finding and registering a Vietnamese TrueType font (printables/fonts.py)."""

from pathlib import Path

import pytest

from printables import FontError, fonts


def test_vietnamese_alphabet_is_complete():
    letters = fonts.vietnamese_letters()
    assert len(letters) == len(set(letters)) == 12 * 6 * 2 + 2


def test_system_font_pair_is_found_and_complete():
    regular, bold = fonts.find_fonts()
    assert Path(regular).is_file() and Path(bold).is_file()
    assert regular != bold
    assert fonts._missing_letters(regular) == ""
    assert fonts._missing_letters(bold) == ""


def test_no_font_anywhere_names_the_packages(monkeypatch):
    monkeypatch.setattr(fonts, "_pairs", lambda: [])
    with pytest.raises(FontError, match="fonts-dejavu-core"):
        fonts.find_fonts()


def test_configured_font_missing_file(tmp_path):
    with pytest.raises(FontError, match="fonts-dejavu-core"):
        fonts.find_fonts(str(tmp_path / "none.ttf"))


def test_configured_font_that_is_not_a_font(tmp_path):
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font")
    with pytest.raises(FontError, match="bad.ttf"):
        fonts.find_fonts(str(bad))


def test_configured_font_without_vietnamese_is_refused():
    math = Path("/usr/share/fonts/truetype/dejavu/DejaVuMathTeXGyre.ttf")
    if not math.is_file() or not fonts._missing_letters(str(math)):
        pytest.skip("needs a TTF without Vietnamese letters")
    with pytest.raises(FontError, match="thiếu chữ tiếng Việt"):
        fonts.find_fonts(str(math))


def test_configured_regular_alone_serves_both_weights():
    regular, _ = fonts.find_fonts()
    assert fonts.find_fonts(regular) == (regular, regular)


def test_registration_is_cached_and_names_differ_by_weight():
    first = fonts.load_fonts()
    assert fonts.load_fonts() is first
    assert first.regular != first.bold
