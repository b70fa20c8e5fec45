"""Find and register a TrueType font pair (regular, bold) with full Vietnamese coverage.

reportlab's base-14 fonts have no Vietnamese letters, so every PDF embeds a system TTF. Fonts are
registered once per process (reportlab's registry is global) under names derived from their paths.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from printables.specs import ExplainedError
from qr.messages import N_, Message

INSTALL_HINT = N_(
    "Không tìm thấy phông chữ có đủ dấu tiếng Việt. Hãy cài gói fonts-dejavu-core "
    "(sudo apt install fonts-dejavu-core) hoặc fonts-noto-core, hoặc đặt đường dẫn tới một tệp "
    ".ttf trong phần cài đặt. / No TrueType font with Vietnamese coverage was found: install "
    "fonts-dejavu-core or fonts-noto-core, or set the font path."
)

_LINUX_DIRS = ("/usr/share/fonts/truetype", "/usr/local/share/fonts", "/usr/share/fonts")
# (regular, bold) pairs, in order of preference, relative to a font directory.
_CANDIDATES = (
    ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
    ("noto/NotoSans-Regular.ttf", "noto/NotoSans-Bold.ttf"),
    ("msttcorefonts/Arial.ttf", "msttcorefonts/Arial_Bold.ttf"),
)
_WINDOWS_CANDIDATES = (("arial.ttf", "arialbd.ttf"), ("segoeui.ttf", "segoeuib.ttf"))

_BASE_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def vietnamese_letters() -> str:
    """All 134 toned vowels (both cases) plus Đ/đ, in NFC."""
    letters = []
    for vowel in _BASE_VOWELS + _BASE_VOWELS.upper():
        for tone in _TONES:
            letters.append(unicodedata.normalize("NFC", vowel + tone))
    return "".join(letters) + "Đđ"


class FontError(ExplainedError, RuntimeError):
    """No usable font was found or the configured one lacks Vietnamese letters."""


@dataclass(frozen=True)
class Fonts:
    """Registered font names (for canvas.setFont) and the files they came from."""

    regular: str
    bold: str
    regular_path: str
    bold_path: str


def _pairs() -> list[tuple[Path, Path]]:
    pairs = []
    for base in _LINUX_DIRS:
        for regular, bold in _CANDIDATES:
            pairs.append((Path(base) / regular, Path(base) / bold))
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    if windir:
        for regular, bold in _WINDOWS_CANDIDATES:
            pairs.append((Path(windir) / "Fonts" / regular, Path(windir) / "Fonts" / bold))
    return pairs


@lru_cache(maxsize=16)
def _missing_letters(path: str) -> str:
    """Vietnamese letters the font has no glyph for ('' when complete).

    Raises:
        FontError: the file is not a readable TrueType font.
    """
    try:
        font = TTFont("_probe", path)
    except (TTFError, OSError) as exc:
        raise FontError(N_("Không đọc được phông chữ %(path)s: %(error)s"), path=path,
                        error=str(exc)) from exc
    cmap = font.face.charToGlyph
    return "".join(ch for ch in vietnamese_letters() if ord(ch) not in cmap)


def find_fonts(regular: str | None = None, bold: str | None = None) -> tuple[str, str]:
    """Return (regular, bold) TTF paths: the ones given, else the first complete system pair.

    A given regular font without a bold one is used for both weights. Every font is checked
    for all Vietnamese letters (once per process).

    Raises:
        FontError: nothing found (the message names the packages to install), or a given file is
            missing or lacks Vietnamese letters.
    """
    if regular:
        chosen = (regular, bold or regular)
        for path in chosen:
            if not Path(path).is_file():
                raise FontError(N_("Không thấy tệp phông chữ %(path)s. %(hint)s"), path=path,
                                hint=Message(INSTALL_HINT))
        for path in chosen:
            missing = _missing_letters(path)
            if missing:
                raise FontError(N_("Phông chữ %(path)s thiếu chữ tiếng Việt: %(missing)s"),
                                path=path, missing=missing[:20])
        return chosen
    for reg, bld in _pairs():
        if reg.is_file() and bld.is_file():
            try:
                complete = not _missing_letters(str(reg)) and not _missing_letters(str(bld))
            except FontError:
                complete = False  # a broken file on the system: try the next pair
            if complete:
                return str(reg), str(bld)
    raise FontError(INSTALL_HINT)


def _font_name(path: str, weight: str) -> str:
    # The registry is process-wide, so two different files must never share a name.
    digest = hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:8]
    return f"LangSo-{Path(path).stem}-{weight}-{digest}"


@lru_cache(maxsize=8)
def register_fonts(regular_path: str, bold_path: str) -> Fonts:
    """Register a (regular, bold) pair with reportlab once and return their names.

    Raises:
        FontError: a file is not a readable TrueType font.
    """
    names = []
    for path, weight in ((regular_path, "R"), (bold_path, "B")):
        name = _font_name(path, weight)
        try:
            pdfmetrics.registerFont(TTFont(name, path))
        except (TTFError, OSError) as exc:
            raise FontError(N_("Không đọc được phông chữ %(path)s: %(error)s"), path=path,
                            error=str(exc)) from exc
        names.append(name)
    return Fonts(names[0], names[1], regular_path, bold_path)


def load_fonts(regular: str | None = None, bold: str | None = None) -> Fonts:
    """Find (or take) a Vietnamese-capable font pair and register it; the builders' default.

    Raises:
        FontError: see find_fonts.
    """
    return register_fonts(*find_fonts(regular, bold))
