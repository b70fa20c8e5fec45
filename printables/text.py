"""Fit text into boxes: wrap at spaces, shrink step by step, and draw the lines.

Text never overflows its box and is never cut mid-letter: a word longer than the line is broken
between letters (NFC keeps every Vietnamese letter one code point), and when even the smallest
allowed size does not fit, LayoutError names the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from printables.specs import LayoutError, nfc
from qr.messages import N_, Message

LEADING = 1.3  # line height / font size: room for stacked marks over capitals and dots below (Ặ)


@dataclass(frozen=True)
class Block:
    """Lines of text already fitted: font name, size and the lines to draw."""

    font: str
    size: float
    lines: tuple[str, ...]

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * LEADING


_URL_BREAKS = "/.-_?&=#:"


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """Split a too-long word (a URL, a run-on name) between letters, after / . - etc. if possible."""
    pieces, current = [], ""
    for ch in word:
        if current and stringWidth(current + ch, font, size) > width:
            cut = max(current.rfind(b) for b in _URL_BREAKS) + 1
            if cut <= len(current) // 3 or stringWidth(current[cut:] + ch, font, size) > width:
                cut = len(current)  # no useful break point: cut right before this letter
            pieces.append(current[:cut])
            current = current[cut:] + ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap of text (newlines kept) into lines no wider than width.

    reportlab measures TrueType text as the plain sum of glyph advances (no kerning), so each
    word is measured once and line widths are summed, not re-measured letter by letter.
    """
    limit = width - 1e-6  # summed widths may differ from one measurement by float noise
    space = stringWidth(" ", font, size)
    lines: list[str] = []
    for paragraph in nfc(text).split("\n"):
        current, current_w = "", 0.0
        for word in paragraph.split():
            w = stringWidth(word, font, size)
            if current and current_w + space + w <= limit:
                current, current_w = f"{current} {word}", current_w + space + w
                continue
            if current:
                lines.append(current)
            if w <= limit:
                current, current_w = word, w
            else:
                *full, current = _break_word(word, font, size, limit)
                lines.extend(full)
                current_w = stringWidth(current, font, size)
        lines.append(current)
    return lines


def fit(
    text: str,
    font: str,
    width: float,
    *,
    max_size: float,
    min_size: float,
    max_lines: int = 1,
    height: float | None = None,
    what: Message | None = None,
) -> Block:
    """Largest size from max_size down to min_size at which text fits max_lines and height.

    Raises:
        LayoutError: it does not fit even at min_size; the message names `what`.
    """
    size = max_size
    while True:
        lines = wrap(text, font, size, width)
        block = Block(font, size, tuple(lines))
        if len(lines) <= max_lines and (height is None or block.height <= height + 0.01):
            return block
        if size <= min_size:
            raise LayoutError(N_("%(what)s quá dài, không vừa chỗ in kể cả với cỡ chữ nhỏ nhất "
                                 "(%(size)s pt). Hãy rút gọn nội dung."),
                              what=what or Message(N_("văn bản")), size=f"{min_size:g}")
        size = max(min_size, size - 0.5)


def fit_link(text_: str, font: str, width: float, *, max_size: float, min_size: float,
             what: Message) -> Block:
    """A URL on one line if it fits at min_size or larger, else wrapped on up to four lines.

    Raises:
        LayoutError: it does not fit on four lines at min_size.
    """
    try:
        return fit(text_, font, width, max_size=max_size, min_size=min_size, what=what)
    except LayoutError:
        return fit(text_, font, width, max_size=min_size, min_size=min_size, max_lines=4,
                   what=what)


def draw(
    canvas: Canvas,
    block: Block,
    x: float,
    top: float,
    width: float,
    *,
    align: str = "left",
    color: tuple[float, float, float] = (0, 0, 0),
) -> float:
    """Draw a fitted block with its first line's top at `top`; return the y below the block."""
    canvas.setFillColorRGB(*color)
    canvas.setFont(block.font, block.size)
    line_height = block.size * LEADING
    # Baseline 1 em under the line top: stacked marks over capitals stay inside the block.
    y = top - block.size
    for line in block.lines:
        if align == "center":
            canvas.drawCentredString(x + width / 2, y, line)
        elif align == "right":
            canvas.drawRightString(x + width, y, line)
        else:
            canvas.drawString(x, y, line)
        y -= line_height
    return top - block.height
