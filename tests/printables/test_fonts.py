"""Finding and registering a Vietnamese TrueType font (printables/fonts.py)."""

from pathlib import Path

import pytest

from printables import CardSpec, FontError, cards, fonts
from tests.helpers.pdfcheck import fonts as pdf_fonts


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


def test_configured_font_lacking_a_letter_is_refused(monkeypatch):
    # No TTF on the box lacks Vietnamese, so ask for a letter none has (a private-use point).
    regular, _ = fonts.find_fonts()
    fonts._missing_letters.cache_clear()
    monkeypatch.setattr(fonts, "vietnamese_letters", lambda: "aă\U0010fffd")
    try:
        with pytest.raises(FontError, match="thiếu chữ tiếng Việt: \U0010fffd"):
            fonts.find_fonts(regular)
    finally:
        fonts._missing_letters.cache_clear()


def test_configured_regular_alone_serves_both_weights():
    regular, _ = fonts.find_fonts()
    assert fonts.find_fonts(regular) == (regular, regular)


def test_registration_is_cached_and_names_differ_by_weight():
    first = fonts.load_fonts()
    assert fonts.load_fonts() is first
    assert first.regular != first.bold


def test_configured_font_is_the_one_embedded():
    condensed = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf")
    condensed_bold = condensed.with_name("DejaVuSansCondensed-Bold.ttf")
    if not (condensed.is_file() and condensed_bold.is_file()):
        pytest.skip("needs fonts-dejavu-core's condensed faces")
    chosen = fonts.load_fonts(str(condensed), str(condensed_bold))
    pdf = cards.shop_cards_pdf(
        [CardSpec("Tạp hoá Ứng", "970436", "0123456789", "Lan", "S01")], fonts=chosen)
    names = {f.name.split("+")[-1] for f in pdf_fonts(pdf)}
    assert names == {"DejaVuSansCondensed", "DejaVuSansCondensed-Bold"}


def test_system_pair_lacking_letters_is_skipped(monkeypatch, tmp_path):
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    good = fonts.find_fonts()
    monkeypatch.setattr(fonts, "_pairs", lambda: [(broken, broken), tuple(map(Path, good))])
    assert fonts.find_fonts() == good
