"""Regenerate the demo content pack's own illustrations: guide SVGs, tile icons, heritage photos.

Everything is drawn from code (no screenshots, no logos), so the pack carries no third-party
artwork. The output is deterministic: running the script twice writes byte-identical files, so a
diff after a run shows only intended changes.

Every guide step picture follows one pattern residents learn once: a phone outline with a
simplified screen, the element to touch framed in thick orange, and an orange arrow pointing at it.

Usage: python scripts/make_illustrations.py [CONTENT_DIR]   (default: content/ beside scripts/)
"""

from __future__ import annotations

import random
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw

FONT = "DejaVu Sans, sans-serif"
INK = "#1F2933"
BLUE = "#1E5AA8"
ORANGE = "#F08C00"
RED = "#C92A2A"
GREEN = "#2B8A3E"
GREY = "#CED4DA"
LIGHT = "#F1F3F5"
WHITE = "#FFFFFF"

W, H = 360, 400
SX, SY, SW, SH = 30, 46, 226, 312  # the phone screen's box
PAD = 12


# ---------------------------------------------------------------------------------------------
# SVG primitives


def nfc(text: str) -> str:
    """Return text in NFC, escaped for XML character data."""
    return escape(unicodedata.normalize("NFC", text))


def text(x: float, y: float, s: str, size: int = 15, fill: str = INK, bold: bool = True,
         anchor: str = "middle") -> str:
    """One line of text; y is the baseline."""
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{x:g}" y="{y:g}" font-size="{size}" fill="{fill}"{weight} '
            f'text-anchor="{anchor}">{nfc(s)}</text>')


def rect(x: float, y: float, w: float, h: float, fill: str = "none", stroke: str = "none",
         sw: float = 0, rx: float = 0) -> str:
    """A rectangle, optionally rounded and outlined."""
    line = f' stroke="{stroke}" stroke-width="{sw:g}"' if sw else ""
    return (f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="{rx:g}" '
            f'fill="{fill}"{line}/>')


def wrap(s: str, limit: int) -> list[str]:
    """Split s into lines of at most limit characters, breaking between words."""
    lines: list[str] = []
    for word in s.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def cross(cx: float, cy: float, r: float) -> str:
    """A thick red X: 'do not do this'."""
    return (f'<path d="M{cx - r:g} {cy - r:g}L{cx + r:g} {cy + r:g}M{cx + r:g} {cy - r:g}'
            f'L{cx - r:g} {cy + r:g}" stroke="{RED}" stroke-width="9" stroke-linecap="round"/>')


def tick(cx: float, cy: float, r: float) -> str:
    """A thick green tick: 'this is right'."""
    return (f'<path d="M{cx - r:g} {cy:g}L{cx - r / 3:g} {cy + r * 0.7:g}L{cx + r:g} '
            f'{cy - r * 0.7:g}" stroke="{GREEN}" stroke-width="9" fill="none" '
            f'stroke-linecap="round" stroke-linejoin="round"/>')


def arrow(tip_x: float, y: float) -> str:
    """The orange pointer from the right margin to the highlighted element."""
    return (f'<path d="M{tip_x:g} {y:g}L{tip_x + 46:g} {y - 26:g}L{tip_x + 46:g} {y - 11:g}'
            f'L354 {y - 11:g}L354 {y + 11:g}L{tip_x + 46:g} {y + 11:g}L{tip_x + 46:g} '
            f'{y + 26:g}Z" fill="{ORANGE}" stroke="{INK}" stroke-width="3" '
            f'stroke-linejoin="round"/>')


def svg(parts: list[str], title: str) -> str:
    """Wrap parts in a standalone, script-free SVG document."""
    body = "\n".join(parts)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" '
            f'height="{H}" font-family="{FONT}" role="img">\n<title>{nfc(title)}</title>\n'
            f'{body}\n</svg>\n')


def qr_pattern(x: float, y: float, size: float, seed: int) -> list[str]:
    """A QR-looking square: three finder patterns and random modules (not a real code)."""
    n = 21
    m = size / n
    rng = random.Random(seed)
    parts = [rect(x, y, size, size, fill=WHITE)]
    cells = []
    for r in range(n):
        for c in range(n):
            in_finder = (r < 8 and c < 8) or (r < 8 and c >= n - 8) or (r >= n - 8 and c < 8)
            if not in_finder and rng.random() < 0.45:
                cells.append(f"M{x + c * m:.1f} {y + r * m:.1f}h{m:.1f}v{m:.1f}h-{m:.1f}Z")
    parts.append(f'<path d="{"".join(cells)}" fill="{INK}"/>')
    for fx, fy in ((0, 0), (n - 7, 0), (0, n - 7)):
        parts.append(rect(x + fx * m, y + fy * m, 7 * m, 7 * m, fill=INK))
        parts.append(rect(x + (fx + 1) * m, y + (fy + 1) * m, 5 * m, 5 * m, fill=WHITE))
        parts.append(rect(x + (fx + 2) * m, y + (fy + 2) * m, 3 * m, 3 * m, fill=INK))
    return parts


# ---------------------------------------------------------------------------------------------
# The phone screen: items stacked from the top, one of them highlighted


class Screen:
    """Collects the items of one simplified phone screen and remembers the highlight."""

    def __init__(self, header: str | None = None, url: str | None = None,
                 color: str = BLUE) -> None:
        self.parts: list[str] = []
        self.y = SY + 10
        self.hl_y: float | None = None
        if header:
            self.parts += [rect(SX, SY, SW, 40, fill=color),
                           text(SX + SW / 2, SY + 27, header, 16, WHITE)]
            self.y = SY + 52
        if url:
            self.parts += [rect(SX, SY, SW, 40, fill=LIGHT),
                           rect(SX + 8, SY + 7, SW - 16, 26, fill=WHITE, stroke=GREY, sw=2,
                                rx=13),
                           text(SX + 20, SY + 25, url, 12 if len(url) < 27 else 10, INK,
                                anchor="start")]
            self.y = SY + 52

    def _add(self, height: float, parts: list[str], hl: bool) -> None:
        if hl:
            self.parts.append(rect(SX + 4, self.y - 5, SW - 8, height + 10, fill="#FFF4E0",
                                   stroke=ORANGE, sw=6, rx=10))
            self.hl_y = self.y + height / 2
        self.parts += parts
        self.y += height + 12

    def button(self, label: str, hl: bool = False, color: str = BLUE) -> Screen:
        """A full-width button with a (wrapped) label."""
        lines = wrap(label, 19)
        size = 15 if len(lines) < 3 else 14
        h = 20 + 19 * len(lines)
        x0, w = SX + PAD, SW - 2 * PAD
        parts = [rect(x0, self.y, w, h, fill=color, rx=10)]
        parts += [text(x0 + w / 2, self.y + 25 + 19 * i, line, size, WHITE)
                  for i, line in enumerate(lines)]
        self._add(h, parts, hl)
        return self

    def field(self, label: str, value: str = "", hl: bool = False) -> Screen:
        """A labelled input box."""
        x0, w = SX + PAD, SW - 2 * PAD
        parts = [text(x0, self.y + 13, label, 13, "#495057", anchor="start"),
                 rect(x0, self.y + 19, w, 32, fill=WHITE, stroke="#868E96", sw=2, rx=6),
                 text(x0 + 10, self.y + 41, value, 15, INK, anchor="start")]
        self._add(51, parts, hl)
        return self

    def boxes(self, value: str, hl: bool = False, label: str = "") -> Screen:
        """Six digit boxes (OTP or passcode); value characters fill the boxes."""
        x0 = SX + PAD + 2
        parts = []
        top = self.y
        if label:
            parts.append(text(SX + SW / 2, top + 14, label, 14))
            top += 22
        for i in range(6):
            parts.append(rect(x0 + i * 30, top, 26, 34, fill=WHITE, stroke=INK, sw=2, rx=4))
            if i < len(value):
                parts.append(text(x0 + i * 30 + 13, top + 25, value[i], 18))
        self._add(top - self.y + 34, parts, hl)
        return self

    def bubble(self, message: str, hl: bool = False, bad: bool = False,
               link: str = "") -> Screen:
        """A received text message, optionally with a link and a red X."""
        lines = wrap(message, 18 if bad else 23)
        h = 16 + 18 * len(lines) + (20 if link else 0)
        x0, w = SX + PAD, SW - 2 * PAD - (44 if bad else 16)
        parts = [rect(x0, self.y, w, h, fill=LIGHT, stroke=GREY, sw=2, rx=12)]
        parts += [text(x0 + 10, self.y + 22 + 18 * i, line, 13, INK, bold=False, anchor="start")
                  for i, line in enumerate(lines)]
        if link:
            ly = self.y + 22 + 18 * len(lines)
            parts.append(text(x0 + 10, ly, link, 13, BLUE, anchor="start"))
            parts.append(f'<path d="M{x0 + 10:g} {ly + 3:g}h{min(w - 20, 7.5 * len(link)):g}" '
                         f'stroke="{BLUE}" stroke-width="1.5"/>')
        if bad:
            parts.append(cross(x0 + w + 24, self.y + h / 2, 14))
        self._add(h, parts, hl)
        return self

    def lines(self, count: int = 2) -> Screen:
        """Grey placeholder lines standing for text that does not matter here."""
        x0, w = SX + PAD, SW - 2 * PAD
        parts = [rect(x0, self.y + i * 16, w - (40 if i % 2 else 0), 9, fill=GREY, rx=4)
                 for i in range(count)]
        self._add(count * 16 - 7, parts, False)
        return self

    def label(self, s: str, size: int = 14, color: str = INK, limit: int = 24) -> Screen:
        """Centred text on the screen, wrapped."""
        rows = wrap(s, limit)
        parts = [text(SX + SW / 2, self.y + size + (size + 5) * i, row, size, color)
                 for i, row in enumerate(rows)]
        self._add((size + 5) * len(rows), parts, False)
        return self

    def row(self, s: str, hl: bool = False, mark: str = "", size: int = 14) -> Screen:
        """A list row with optional tick/cross/radio mark on the right."""
        x0, w = SX + PAD, SW - 2 * PAD
        rows = wrap(s, 18 if mark else 23)
        h = 38 if len(rows) == 1 else 12 + 16 * len(rows)
        parts = [rect(x0, self.y, w, h, fill=WHITE, stroke=GREY, sw=2, rx=6)]
        base = self.y + (24 if len(rows) == 1 else 22)
        if len(rows) == 1 and mark and len(s) > 15:
            size = 12
        parts += [text(x0 + 10, base + 16 * i, r, size if len(rows) == 1 else 13, INK,
                       anchor="start") for i, r in enumerate(rows)]
        cx, cy = x0 + w - 20, self.y + h / 2
        if mark == "ok":
            parts.append(tick(cx, cy, 10))
        elif mark == "bad":
            parts.append(cross(cx, cy, 9))
        elif mark == "on":
            parts.append(f'<circle cx="{cx:g}" cy="{cy:g}" r="10" fill="{BLUE}"/>')
        elif mark == "off":
            parts.append(f'<circle cx="{cx:g}" cy="{cy:g}" r="10" fill="none" '
                         f'stroke="{INK}" stroke-width="2"/>')
        self._add(h, parts, hl)
        return self

    def tiles(self, labels: list[str], hl_index: int) -> Screen:
        """A 2-column grid of feature tiles, one highlighted."""
        x0 = SX + PAD
        tw, th = (SW - 2 * PAD - 10) / 2, 62
        for i, lab in enumerate(labels):
            col, rw = i % 2, i // 2
            tx, ty = x0 + col * (tw + 10), self.y + rw * (th + 10)
            hl = i == hl_index
            self.parts.append(rect(tx, ty, tw, th, fill="#E7F0FB", stroke=ORANGE if hl else GREY,
                                   sw=6 if hl else 2, rx=10))
            if not lab:
                self.parts += [rect(tx + 14, ty + 20, tw - 28, 8, fill=GREY, rx=4),
                               rect(tx + 14, ty + 36, tw - 44, 8, fill=GREY, rx=4)]
            for j, r in enumerate(wrap(lab, 12)[:3]):
                self.parts.append(text(tx + tw / 2, ty + 22 + 16 * j, r, 13))
            if hl:
                self.hl_y = ty + th / 2
        self.y += ((len(labels) + 1) // 2) * (th + 10) + 4
        return self

    def qr(self, hl: bool = False, bad: bool = False, seed: int = 1) -> Screen:
        """A camera frame around a QR code."""
        size = 120
        x0 = SX + (SW - size) / 2
        parts = qr_pattern(x0, self.y + 8, size, seed)
        c = 22
        for cx, cy, dx, dy in ((x0 - 6, self.y + 2, 1, 1), (x0 + size + 6, self.y + 2, -1, 1),
                               (x0 - 6, self.y + size + 14, 1, -1),
                               (x0 + size + 6, self.y + size + 14, -1, -1)):
            parts.append(f'<path d="M{cx:g} {cy + dy * c:g}V{cy:g}H{cx + dx * c:g}" '
                         f'stroke="{GREEN}" stroke-width="5" fill="none"/>')
        if bad:
            parts.append(cross(x0 + size / 2, self.y + 8 + size / 2, 40))
        self._add(size + 16, parts, hl)
        return self

    def face(self, hl: bool = False) -> Screen:
        """An oval face guide as a camera shows it."""
        cx, cy = SX + SW / 2, self.y + 85
        parts = [f'<ellipse cx="{cx:g}" cy="{cy:g}" rx="62" ry="80" fill="#FFE8CC" '
                 f'stroke="{GREEN}" stroke-width="5" stroke-dasharray="12 8"/>',
                 f'<circle cx="{cx - 22:g}" cy="{cy - 14:g}" r="7" fill="{INK}"/>',
                 f'<circle cx="{cx + 22:g}" cy="{cy - 14:g}" r="7" fill="{INK}"/>',
                 f'<path d="M{cx - 24:g} {cy + 26:g}Q{cx:g} {cy + 46:g} {cx + 24:g} '
                 f'{cy + 26:g}" stroke="{INK}" stroke-width="5" fill="none" '
                 f'stroke-linecap="round"/>']
        self._add(170, parts, hl)
        return self

    def keypad(self) -> Screen:
        """A number pad (3 x 4 keys)."""
        keys = "123456789 0 "
        kw, kh = 54, 34
        x0 = SX + (SW - 3 * kw - 16) / 2
        for i, k in enumerate(keys):
            if k == " ":
                continue
            kx, ky = x0 + (i % 3) * (kw + 8), self.y + (i // 3) * (kh + 6)
            self.parts += [rect(kx, ky, kw, kh, fill=LIGHT, rx=8),
                           text(kx + kw / 2, ky + 24, k, 18)]
        self.y += 4 * (kh + 6) + 6
        return self

    def call(self, who: str, number: str, answer: bool) -> Screen:
        """An incoming/outgoing call: caller and a big round button (red or green)."""
        cx = SX + SW / 2
        self.parts += [f'<circle cx="{cx:g}" cy="{self.y + 40:g}" r="34" fill="{GREY}"/>',
                       f'<circle cx="{cx:g}" cy="{self.y + 30:g}" r="13" fill="{WHITE}"/>',
                       f'<path d="M{cx - 22:g} {self.y + 66:g}Q{cx:g} {self.y + 34:g} '
                       f'{cx + 22:g} {self.y + 66:g}Z" fill="{WHITE}"/>',
                       text(cx, self.y + 102, who, 17),
                       text(cx, self.y + 126, number, 16, "#495057", bold=False)]
        self.y += 146
        color = GREEN if answer else RED
        by = SY + SH - 60
        self.parts.append(rect(SX + 40, by - 38, SW - 80, 76, fill="#FFF4E0", stroke=ORANGE,
                               sw=6, rx=38))
        self.parts.append(f'<circle cx="{cx:g}" cy="{by:g}" r="30" fill="{color}"/>')
        rot = "" if answer else f' transform="rotate(135 {cx:g} {by:g})"'
        self.parts.append(f'<path d="M{cx - 14:g} {by - 12:g}q4 -6 9 -2l3 6q1 4 -3 6q3 8 10 12'
                          f'q3 -3 6 -2l6 3q3 4 -2 9q-8 6 -20 -6q-12 -12 -9 -26z" '
                          f'fill="{WHITE}"{rot}/>')
        self.hl_y = by
        return self


def phone(screen: Screen, title: str, extra: list[str] | None = None) -> str:
    """Draw the phone around a screen, then the arrow at the highlighted item."""
    parts = [rect(SX - 12, SY - 38, SW + 24, SH + 76, fill=INK, rx=30),
             rect(SX, SY, SW, SH, fill=WHITE, rx=6),
             rect(SX + SW / 2 - 26, SY - 22, 52, 8, fill="#52606D", rx=4),
             rect(SX + SW / 2 - 30, SY + SH + 16, 60, 8, fill="#52606D", rx=4)]
    parts += screen.parts
    parts += extra or []
    if screen.hl_y is not None:
        parts.append(arrow(SX + SW - 4, screen.hl_y))
    return svg(parts, title)


def scene(parts: list[str], caption: str, title: str, color: str = INK) -> str:
    """A drawing without a phone screen (a place, an object) with a caption band."""
    rows = wrap(caption, 26)
    band = 16 + 26 * len(rows)
    out = [rect(0, 0, W, H, fill="#F8F9FA")] + parts
    out.append(rect(10, H - band - 10, W - 20, band, fill=color, rx=12))
    out += [text(W / 2, H - band + 16 + 26 * i, r, 20, WHITE) for i, r in enumerate(rows)]
    return svg(out, title)


# ---------------------------------------------------------------------------------------------
# Objects for the scenes


def id_card(x: float, y: float, w: float = 170, hl: bool = False) -> list[str]:
    """A chip ID card (no national emblem, no real layout)."""
    h = w * 0.63
    parts = [rect(x, y, w, h, fill="#D0EBFF", stroke=ORANGE if hl else INK, sw=6 if hl else 3,
                  rx=12),
             rect(x + w * 0.08, y + h * 0.3, w * 0.22, h * 0.28, fill="#FAB005", stroke=INK,
                  sw=2, rx=4),
             rect(x + w * 0.62, y + h * 0.18, w * 0.28, h * 0.5, fill=WHITE, stroke=INK, sw=2,
                  rx=4),
             f'<circle cx="{x + w * 0.76:g}" cy="{y + h * 0.36:g}" r="{w * 0.07:g}" '
             f'fill="{GREY}"/>',
             rect(x + w * 0.08, y + h * 0.72, w * 0.5, h * 0.07, fill="#74C0FC", rx=3),
             rect(x + w * 0.08, y + h * 0.84, w * 0.36, h * 0.07, fill="#74C0FC", rx=3)]
    return parts


def building(x: float, y: float, w: float, h: float, sign: str, roof: str = "#A61E4D",
             mark: str = "") -> list[str]:
    """A public building with a sign board (and an optional red cross for a hospital)."""
    parts = [f'<path d="M{x - 14:g} {y + 40:g}L{x + w / 2:g} {y:g}L{x + w + 14:g} {y + 40:g}Z" '
             f'fill="{roof}"/>',
             rect(x, y + 40, w, h - 40, fill="#FFF3BF", stroke=INK, sw=3),
             rect(x + w / 2 - 24, y + h - 70, 48, 70, fill="#8D6E63", stroke=INK, sw=2),
             rect(x + 16, y + 90, 40, 40, fill="#A5D8FF", stroke=INK, sw=2),
             rect(x + w - 56, y + 90, 40, 40, fill="#A5D8FF", stroke=INK, sw=2),
             rect(x + 10, y + 48, w - 20, 32, fill=WHITE, stroke=INK, sw=2, rx=4),
             text(x + w / 2, y + 71, sign, 17)]
    if mark == "cross":
        cx, cy = x + w / 2, y + 26
        parts += [rect(cx - 5, cy - 14, 10, 28, fill=WHITE), rect(cx - 14, cy - 5, 28, 10,
                                                                  fill=WHITE)]
    return parts


def parcel(x: float, y: float, s: float = 1.0, hl: bool = False) -> list[str]:
    """A taped cardboard box with a shipping label."""
    w, h = 170 * s, 120 * s
    return [f'<path d="M{x:g} {y + 30 * s:g}L{x + 40 * s:g} {y:g}H{x + w + 40 * s:g}'
            f'L{x + w:g} {y + 30 * s:g}Z" fill="#E0A96D" stroke="{INK}" stroke-width="3"/>',
            f'<path d="M{x + w:g} {y + 30 * s:g}L{x + w + 40 * s:g} {y:g}V{y + h:g}'
            f'L{x + w:g} {y + h + 30 * s:g}Z" fill="#B9823F" stroke="{INK}" stroke-width="3"/>',
            rect(x, y + 30 * s, w, h, fill="#D49A56", stroke=INK, sw=3),
            rect(x + w / 2 - 12 * s, y + 30 * s, 24 * s, h, fill="#F1E3C6"),
            rect(x + 16 * s, y + 70 * s, 70 * s, 50 * s, fill=WHITE,
                 stroke=ORANGE if hl else INK, sw=6 if hl else 2, rx=3),
            rect(x + 24 * s, y + 82 * s, 52 * s, 6 * s, fill=INK),
            rect(x + 24 * s, y + 96 * s, 40 * s, 6 * s, fill=INK)]


def document(x: float, y: float, heading: str, ok: bool | None = None) -> list[str]:
    """A sheet of paper with a heading and lines, optionally ticked or crossed."""
    parts = [rect(x, y, 130, 170, fill=WHITE, stroke=INK, sw=3, rx=6),
             text(x + 65, y + 30, heading, 15)]
    parts += [rect(x + 16, y + 50 + 18 * i, 98 - (24 if i % 2 else 0), 8, fill=GREY, rx=4)
              for i in range(5)]
    if ok is True:
        parts.append(tick(x + 65, y + 148, 16))
    elif ok is False:
        parts.append(cross(x + 65, y + 146, 14))
    return parts


def phone_back(x: float, y: float) -> list[str]:
    """The back of a phone with its camera, for NFC pictures."""
    return [rect(x, y, 130, 250, fill="#52606D", stroke=INK, sw=4, rx=22),
            rect(x + 14, y + 14, 46, 46, fill=INK, rx=12),
            f'<circle cx="{x + 37:g}" cy="{y + 37:g}" r="12" fill="#9AA5B1"/>']


def waves(cx: float, cy: float) -> list[str]:
    """Three arcs meaning 'contactless'."""
    return [f'<path d="M{cx + 12 * i:g} {cy - 10 * i:g}q{8 + 4 * i:g} {10 * i:g} 0 {20 * i:g}" '
            f'stroke="{ORANGE}" stroke-width="5" fill="none" stroke-linecap="round"/>'
            for i in (1, 2, 3)]


def wifi(cx: float, cy: float) -> list[str]:
    """A Wi-Fi symbol."""
    parts = [f'<circle cx="{cx:g}" cy="{cy:g}" r="10" fill="{BLUE}"/>']
    parts += [f'<path d="M{cx - r:g} {cy - r * 0.55:g}A{r:g} {r:g} 0 0 1 {cx + r:g} '
              f'{cy - r * 0.55:g}" stroke="{BLUE}" stroke-width="12" fill="none" '
              f'stroke-linecap="round"/>' for r in (36, 66, 96)]
    return parts


def hl_box(x: float, y: float, w: float, h: float) -> str:
    """A thick orange frame around an object in a scene."""
    return rect(x, y, w, h, stroke=ORANGE, sw=6, rx=14)


# ---------------------------------------------------------------------------------------------
# The guides' step pictures, in step order


def s(header: str | None = None, url: str | None = None, color: str = BLUE) -> Screen:
    """Shorthand for a new screen."""
    return Screen(header, url, color)


def store(app: str, maker: str, button: str, glyph: str) -> Screen:
    """An app-store page: a plain app tile (our own glyph), name, maker, install button."""
    sc = s("Kho ứng dụng", color="#495057")
    x0 = SX + PAD
    sc.parts += [rect(x0, sc.y, 64, 64, fill=BLUE, rx=14),
                 text(x0 + 32, sc.y + 42, glyph, 26, WHITE),
                 text(x0 + 76, sc.y + 26, app, 17, anchor="start")]
    sc.parts += [text(x0 + 76, sc.y + 44 + 15 * i, r, 11, "#495057", bold=False, anchor="start")
                 for i, r in enumerate(wrap(maker, 17)[:3])]
    sc.y += 84
    return sc.button(button, hl=True, color=GREEN)


VNEID = [
    lambda: scene(building(70, 40, 220, 190, "CÔNG AN XÃ", roof=BLUE)
                  + id_card(170, 180, 150, hl=True), "Chưa có mức 2 thì đến Công an xã",
                  "Công an xã và thẻ căn cước gắn chip"),
    lambda: phone(s("Tin nhắn").bubble("Ho so dang ky tai khoan dinh danh dien tu cua cong dan"
                                      " ... da duoc phe duyet", hl=True).lines(3),
                  "Tin nhắn báo hồ sơ đã được phê duyệt"),
    lambda: phone(store("VNeID", "Trung tâm Dữ liệu quốc gia về dân cư", "Cài đặt", "ID")
                  .label("Không cài từ link, không cài tệp .APK", 13, RED),
                  "Cài VNeID từ kho ứng dụng chính thức"),
    lambda: phone(s("VNeID").lines(3).button("Kích hoạt tài khoản định danh điện tử", hl=True)
                  .lines(2), "Nút Kích hoạt tài khoản định danh điện tử"),
    lambda: phone(s("Kích hoạt").field("Số định danh cá nhân", "12 số trên thẻ")
                  .field("Số điện thoại", "09•• ••• •••").button("Gửi yêu cầu", hl=True),
                  "Nhập số định danh, số điện thoại và bấm Gửi yêu cầu"),
    lambda: phone(s("Kích hoạt").label("Tài khoản của bạn đã được định danh điện tử", 13)
                  .button("Xác nhận").boxes("", hl=True, label="Nhập mã OTP"),
                  "Bấm Xác nhận rồi nhập mã OTP"),
    lambda: phone(s("Mật khẩu").field("Mật khẩu", "••••••••••", hl=True)
                  .label("8–20 ký tự: chữ số, chữ hoa, chữ thường, ký tự đặc biệt", 13)
                  .label("Ví dụ: ! @ # $", 14, BLUE), "Đặt mật khẩu 8 đến 20 ký tự"),
    lambda: phone(s("Passcode").boxes("••••••", hl=True, label="Passcode 6 số").keypad(),
                  "Đặt passcode 6 chữ số"),
    lambda: phone(s("Câu hỏi bảo mật").field("Câu hỏi 1", "Chọn câu hỏi")
                  .field("Câu hỏi 2", "Chọn câu hỏi").button("Xác nhận", hl=True),
                  "Chọn 2 câu hỏi bảo mật và bấm Xác nhận"),
    lambda: phone(s("Mất điện thoại?", color=RED).call("Tổng đài VNeID", "1900 0368", True),
                  "Gọi 1900 0368 để khóa tài khoản khi mất điện thoại"),
]

DVC = [
    lambda: phone(s(url="dichvucong.gov.vn").row("dichvucong.gov.vn", hl=True, mark="ok")
                  .row("dichvuc0ng-gov.vn", mark="bad").label("Tự gõ địa chỉ, không bấm link "
                                                               "trong tin nhắn", 13),
                  "Tự gõ đúng địa chỉ dichvucong.gov.vn"),
    lambda: phone(_top_right_login(), "Nút Đăng nhập ở góc trên bên phải"),
    lambda: phone(s(url="sso.dancuquocgia.gov.vn").field("Số định danh cá nhân", "12 số",
                                                         hl=True)
                  .field("Mật khẩu VNeID", "••••••••").lines(2),
                  "Nhập số định danh và mật khẩu VNeID"),
    lambda: phone(s("VNeID").label("Chia sẻ thông tin?", 15).boxes("", hl=True,
                                                                   label="Nhập passcode")
                  .keypad(), "Nhập passcode VNeID để xác nhận"),
    lambda: phone(s(url="dichvucong.gov.vn").field("Tìm thủ tục", "tên thủ tục", hl=True)
                  .lines(4), "Gõ tên thủ tục vào ô tìm kiếm"),
    lambda: phone(_table(), "Mục Thành phần hồ sơ"),
    lambda: phone(s(url="dichvucong.gov.vn").row("Chọn Tỉnh… ▾").row("Chọn Phường… ▾")
                  .button("Nộp hồ sơ", hl=True), "Chọn nơi nộp rồi bấm Nộp hồ sơ"),
    lambda: phone(s("Tờ khai").field("Họ và tên *", "").field("Địa chỉ *", "")
                  .row("+ Đính kèm ảnh giấy tờ", hl=True), "Điền tờ khai và đính kèm ảnh"),
    lambda: phone(s(url="dichvucong.gov.vn").label("Lệ phí", 16).row("Trả ngay trên cổng",
                                                                       hl=True, mark="ok")
                  .row("Trả qua link lạ", mark="bad"), "Chỉ trả lệ phí trên dichvucong.gov.vn"),
    lambda: phone(s("Đã gửi hồ sơ", color=GREEN).label("Mã hồ sơ", 15)
                  .field("Ghi ra giấy", "••••••••••", hl=True).lines(3),
                  "Ghi lại mã hồ sơ"),
]


def _top_right_login() -> Screen:
    """The portal's top bar with the login button at the top right."""
    sc = s(url="dichvucong.gov.vn")
    bx, by = SX + SW - 104, sc.y
    sc.parts += [rect(bx, by, 96, 36, fill=BLUE, rx=8), text(bx + 48, by + 24, "Đăng nhập", 14,
                                                             WHITE),
                 rect(bx - 6, by - 6, 108, 48, stroke=ORANGE, sw=6, rx=10)]
    sc.hl_y = by + 18
    sc.y += 50
    return sc.lines(6)


def _table() -> Screen:
    """The 'Thành phần hồ sơ' table with its two columns."""
    sc = s(url="dichvucong.gov.vn").label("Thành phần hồ sơ", 15, BLUE)
    x0, w = SX + PAD, SW - 2 * PAD
    top = sc.y
    sc.parts += [rect(x0 - 4, top - 5, w + 8, 166, fill="#FFF4E0", stroke=ORANGE, sw=6, rx=8),
                 rect(x0, top, w, 30, fill=LIGHT, stroke=INK, sw=2),
                 text(x0 + 8, top + 20, "Tên giấy tờ", 12, anchor="start"),
                 text(x0 + w - 8, top + 20, "Số lượng", 12, anchor="end")]
    for i in range(4):
        ry = top + 30 + 30 * i
        sc.parts += [rect(x0, ry, w, 30, fill=WHITE, stroke=INK, sw=1),
                     rect(x0 + 8, ry + 11, 100 - 16 * (i % 2), 8, fill=GREY, rx=4),
                     text(x0 + w - 30, ry + 21, "1", 13)]
    sc.hl_y = top + 78
    sc.y = top + 170
    return sc


BANK = [
    lambda: phone(store("Ngân hàng", "Chính ngân hàng đó phát hành", "Cài đặt", "₫")
                  .bubble("Ngân hàng không gửi link qua tin nhắn", bad=True),
                  "Cài ứng dụng ngân hàng từ kho chính thức"),
    lambda: phone(s("Ngân hàng").lines(3).button("Khách hàng mới", hl=True).lines(2),
                  "Chọn mở tài khoản cho khách hàng mới"),
    lambda: phone(s("Mở tài khoản").field("Số điện thoại", "09•• ••• •••")
                  .boxes("", label="Mã OTP").button("Xác nhận", hl=True),
                  "Nhập số điện thoại, mã OTP và bấm Xác nhận"),
    lambda: phone(s("Chụp khuôn mặt").face(hl=True), "Nhìn thẳng vào camera"),
    lambda: scene(phone_back(60, 30) + id_card(130, 70, 170, hl=True) + waves(310, 125),
                  "Bật NFC, áp chip thẻ vào lưng máy", "Áp thẻ căn cước vào lưng điện thoại"),
    lambda: phone(s("Số tài khoản").field("Địa chỉ", "").field("Nghề nghiệp", "")
                  .row("Số tài khoản thường", hl=True, mark="on")
                  .row("Số tài khoản đẹp (có phí)", mark="off"), "Chọn số tài khoản thường"),
    lambda: phone(s("Ngân hàng").lines(2).button("Quét QR", hl=True).qr(seed=7),
                  "Bấm nút quét mã QR và hướng vào mã"),
    lambda: phone(s("Xác nhận").field("Người nhận", "NGUYEN THI LAN", hl=True)
                  .field("Số tiền", "50.000 đ").label("So tên với biển hiệu cửa hàng", 13, RED),
                  "Đọc tên người nhận trước khi xác nhận"),
    lambda: phone(s("Xác nhận").boxes("••••••", hl=True, label="Mã PIN / OTP")
                  .label("Trên 10 triệu một lần: xác thực khuôn mặt", 14, RED),
                  "Xác nhận bằng mã PIN, OTP hoặc khuôn mặt"),
    lambda: scene(id_card(75, 40, 210) + [text(180, 230, "Xem dòng", 20),
                                           text(180, 268, "“Có giá trị đến”", 26, RED)],
                  "Có thẻ mới: cập nhật trong ứng dụng ngân hàng", "Đổi thẻ căn cước đúng hạn"),
]

SCAM = [
    lambda: scene(document(40, 30, "GIẤY MỜI", ok=True) + document(190, 30, "Gọi điện",
                                                                  ok=False)
                  + [text(105, 240, "Công an", 18), text(105, 262, "gửi giấy mời", 16, INK,
                                                                 bold=False),
                     text(255, 240, "Không đòi tiền", 18, RED),
                     text(255, 262, "qua điện thoại", 16, RED, bold=False)],
                  "Công an không giải quyết việc qua điện thoại", "Công an làm việc bằng giấy mời",
                  color=RED),
    lambda: phone(s("Cuộc gọi đến", color=RED).call("Xưng là công an", "Số lạ", False),
                  "Cuộc gọi xưng là công an: cúp máy"),
    lambda: phone(s("Mã OTP").boxes("482915", hl=True, label="Mã OTP của bạn")
                  .label("Không đọc cho ai!", 18, RED), "Không bao giờ nói mã OTP",
                  extra=[cross(SX + SW / 2, 250, 40)]),
    lambda: phone(s("Tin nhắn").bubble("Tai khoan se bi khoa sau 24h. Cap nhat sinh trac hoc:",
                                      hl=True, bad=True, link="http://nh-a.xyz"),
                  "Tin nhắn có link lạ là giả"),
    lambda: phone(s("Cài ứng dụng?").row("CH Play / App Store", mark="ok")
                  .row("Tệp .APK qua link", hl=True, mark="bad")
                  .label("Người lạ bảo cài: không cài", 14, RED), "Không cài ứng dụng theo link"),
    lambda: phone(s("Quét mã QR").qr(hl=True, bad=True, seed=11)
                  .label("Quét trong ngân hàng = BẠN TRẢ TIỀN", 14, RED),
                  "Mã QR để nhận lại tiền là lừa đảo"),
    lambda: phone(s("Tin nhắn").bubble("Việc nhẹ lương cao! Nộp 399.000đ để nhận việc",
                                      hl=True, bad=True)
                  .bubble("Lấy lại tiền bị lừa, phí trước", bad=True),
                  "Việc nhẹ lương cao là lừa đảo"),
    lambda: phone(s("Gọi điện", color=GREEN).call("Ngân hàng của bạn", "Số in trên thẻ", True),
                  "Gọi tổng đài ngân hàng trước, rồi báo công an"),
    lambda: phone(s("Tin nhắn mới").field("Đến", "5656", hl=True)
                  .field("Nội dung", "LD 09xx... nội dung").label("Tin nhắn rác: S số nội dung",
                                                                  13),
                  "Nhắn tin báo lừa đảo đến 5656"),
    lambda: phone(s("Gọi video", color=RED).call("“Con trai” xin tiền gấp", "Hình mờ, nói vội", False)
                  .label("Cúp máy, gọi lại số bạn biết", 14, RED),
                  "Người thân xin tiền gấp: gọi lại trước"),
]

SELL = [
    lambda: phone(store("Người bán", "Do chính sàn phát hành", "Cài đặt", "BÁN"),
                  "Cài ứng dụng người bán chính thức"),
    lambda: phone(s("Đăng ký người bán").field("Họ và tên", "Đúng như thẻ", hl=True)
                  .field("Địa chỉ", "").field("Số điện thoại", "").field("Thư điện tử", ""),
                  "Điền thông tin thật"),
    lambda: scene(phone_back(60, 30) + id_card(130, 70, 170, hl=True) + waves(310, 125),
                  "Xác minh người bán bằng chip thẻ", "Xác minh danh tính bằng thẻ căn cước"),
    lambda: phone(_camera(), "Chụp ảnh sản phẩm"),
    lambda: phone(s("Sản phẩm mới").row("+ Ảnh sản phẩm (3)", hl=True)
                  .field("Tên sản phẩm", "Chè búp khô").field("Giá", "120.000 đ")
                  .field("Mô tả đúng sự thật", ""), "Đăng sản phẩm"),
    lambda: phone(s("Đơn hàng").bubble("Có đơn hàng mới: 2 gói chè", hl=True).lines(4),
                  "Xem đơn hàng mới"),
    lambda: scene(parcel(70, 70, 1.1, hl=True), "Gói chắc, dán nhãn từ ứng dụng",
                  "Đóng gói và dán nhãn"),
    lambda: scene(parcel(30, 130, 0.7) + _truck(170, 120), "Giao đúng đơn vị vận chuyển trong đơn",
                  "Giao hàng cho đơn vị vận chuyển"),
    lambda: scene(document(30, 30, "Thuế", None) + [
        text(250, 90, "1% + 0,5%", 26, RED), text(250, 118, "sàn khấu trừ", 16, INK, bold=False),
        text(250, 180, "≤ 500 triệu", 24, GREEN), text(250, 206, "/năm: miễn", 16, INK,
                                                       bold=False)],
        "Cẩn thận người giả cán bộ thuế", "Thuế khi bán hàng trên sàn", color=RED),
]


def _camera() -> Screen:
    """A camera viewfinder with a product and the shutter button."""
    sc = Screen()
    sc.parts += [rect(SX, SY, SW, SH, fill="#343A40"),
                 rect(SX + 30, SY + 60, SW - 60, 150, fill="#E9ECEF", rx=8),
                 f'<path d="M{SX + 60:g} {SY + 190:g}h86l-10 -70h-66z" fill="#74B816" '
                 f'stroke="{INK}" stroke-width="3"/>',
                 text(SX + SW / 2, SY + 170, "CHÈ", 16, WHITE)]
    cx, cy = SX + SW / 2, SY + SH - 50
    sc.parts += [f'<circle cx="{cx:g}" cy="{cy:g}" r="28" fill="{WHITE}"/>',
                 f'<circle cx="{cx:g}" cy="{cy:g}" r="38" fill="none" stroke="{ORANGE}" '
                 f'stroke-width="6"/>']
    sc.hl_y = cy
    return sc


def _truck(x: float, y: float) -> list[str]:
    """A small delivery van."""
    return [rect(x, y, 110, 80, fill=BLUE, stroke=INK, sw=3, rx=6),
            f'<path d="M{x + 110:g} {y + 20:g}h34l20 28v32h-54z" fill="#4DABF7" stroke="{INK}" '
            f'stroke-width="3"/>',
            f'<circle cx="{x + 30:g}" cy="{y + 84:g}" r="15" fill="{INK}"/>',
            f'<circle cx="{x + 130:g}" cy="{y + 84:g}" r="15" fill="{INK}"/>']


SEARCH = [
    lambda: phone(s(url="Tìm kiếm").field("Gõ vài từ khóa", "lịch tiêm chủng", hl=True)
                  .lines(5), "Gõ vài từ khóa"),
    lambda: phone(s(url="Kết quả tìm kiếm").row("Kết quả 1: trang rác?", hl=True, mark="bad")
                  .row("Kết quả 2", ).row("Kết quả 3").label("Đầu tiên chưa chắc là thật", 13,
                                                             RED),
                  "Đừng tin ngay kết quả đầu tiên"),
    lambda: phone(s(url="vneid.gov.vn").row("….gov.vn", hl=True, mark="ok")
                  .label("Trang của Nhà nước", 15).lines(4), "Ưu tiên trang có đuôi .gov.vn"),
    lambda: phone(s(url="Đọc kỹ địa chỉ").row("dichvucong.gov.vn", mark="ok")
                  .row("dichvuc0ng-gov.vn", hl=True, mark="bad").row("zalo-vn.top", mark="bad")
                  .label(".cc .xyz .top .vip: cẩn thận", 13, RED), "Đọc kỹ địa chỉ trang"),
    lambda: phone(s(url="tinnhiemmang.vn/website-lua-dao").field("Địa chỉ trang", "trang-la.xyz")
                  .button("Tìm kiếm", hl=True), "Kiểm tra trang lạ trên tinnhiemmang.vn"),
    lambda: scene(document(30, 30, "Nguồn 1", ok=True) + document(200, 30, "Nguồn 2", ok=True)
                  + [text(180, 125, "=", 40, GREEN), hl_box(18, 18, 324, 194)],
                  "Hai nguồn chính thức cùng nói mới tin", "Đối chiếu hai nguồn chính thức"),
    lambda: phone(s("Tin chia sẻ").bubble("Tin sốc!!! Chia sẻ ngay", hl=True, bad=True)
                  .label("Ai đưa tin? Đưa ở đâu?", 14).label("Báo tin giả: tingia.gov.vn", 13,
                                                             BLUE),
                  "Xem tin đến từ ai"),
    lambda: phone(s(url="binhdanhocvuso.gov.vn").row("binhdanhocvuso.gov.vn", hl=True,
                                                        mark="ok")
                  .label("Học kỹ năng số, đăng nhập bằng VNeID", 13).lines(3),
                  "Học thêm trên Bình dân học vụ số"),
]

ZALO = [
    lambda: scene([rect(70, 20, 220, 250, fill=WHITE, stroke=INK, sw=4, rx=8),
                   text(180, 56, "NHÓM ZALO", 20, BLUE), text(180, 80, "THÔN ĐÔNG HÒA", 16)]
                  + qr_pattern(120, 96, 120, 21) + [hl_box(108, 84, 144, 144)],
                  "Mã QR dán ở nhà văn hóa thôn", "Áp phích có mã QR nhóm Zalo của thôn"),
    lambda: phone(_zalo_search(), "Biểu tượng QR cạnh ô tìm kiếm"),
    lambda: phone(s("Quét mã QR", color="#343A40").qr(hl=True, seed=21)
                  .label("Để cả mã trong khung", 14), "Hướng máy ảnh vào mã QR"),
    lambda: phone(s("Nhóm").label("Thôn Đông Hòa", 18, BLUE).lines(2)
                  .button("Tham gia nhóm", hl=True), "Bấm tham gia nhóm"),
    lambda: phone(s("Thôn Đông Hòa").bubble("Trưởng thôn: Mai họp lúc 8 giờ ở nhà văn hóa.",
                                           hl=True).bubble("Phó thôn: Lịch tiêm cho trẻ em."),
                  "Đọc tin của nhóm"),
    lambda: phone(s("Tin nhắn").row("Thôn Đông Hòa").row("Con trai", hl=True).row("Cháu Lan")
                  .row("Chị Hoa"), "Bấm vào tên người thân"),
    lambda: phone(_chat_header(), "Biểu tượng máy quay để gọi video"),
    lambda: scene(wifi(180, 200) + [text(180, 250, "Wi-Fi: miễn phí", 22, GREEN),
                                    text(180, 280, "4G/5G: tốn dung lượng", 18, RED)],
                  "Gọi video qua Wi-Fi", "Dùng Wi-Fi khi gọi video"),
    lambda: phone(s("Tài khoản và bảo mật").row("Xác thực 2 lớp", hl=True, mark="on")
                  .bubble("Đăng nhập trên thiết bị khác?", bad=True)
                  .label("Không tự làm: bấm Từ chối", 13, RED), "Giữ an toàn tài khoản Zalo"),
]


def _zalo_search() -> Screen:
    """A chat app's top bar: search box with a QR icon beside it."""
    sc = s(color=BLUE)
    sc.parts += [rect(SX, SY, SW, 56, fill=BLUE),
                 rect(SX + 10, SY + 12, SW - 70, 32, fill=WHITE, rx=16),
                 text(SX + 24, SY + 33, "Tìm kiếm", 13, "#868E96", anchor="start")]
    qx, qy = SX + SW - 50, SY + 10
    sc.parts += qr_pattern(qx + 4, qy + 4, 28, 5)
    sc.parts.append(rect(qx - 2, qy - 2, 44, 44, stroke=ORANGE, sw=6, rx=8))
    sc.hl_y = qy + 20
    sc.y = SY + 70
    return sc.lines(2).lines(2).lines(2)


def _chat_header() -> Screen:
    """A chat screen's top bar with the video-camera icon highlighted."""
    sc = Screen()
    sc.parts += [rect(SX, SY, SW, 56, fill=BLUE), text(SX + 14, SY + 35, "Con trai", 16, WHITE,
                                                       anchor="start")]
    cx, cy = SX + SW - 34, SY + 28
    sc.parts += [rect(cx - 16, cy - 10, 22, 20, fill=WHITE, rx=3),
                 f'<path d="M{cx + 6:g} {cy - 2:g}l10 -7v18l-10 -7z" fill="{WHITE}"/>',
                 rect(cx - 24, cy - 20, 48, 40, stroke=ORANGE, sw=6, rx=8)]
    sc.hl_y = cy
    sc.y = SY + 70
    sc.bubble("Bố ơi, gọi video nhé!")
    return sc


HEALTH = [
    lambda: phone(s("VNeID").row("Tài khoản mức 2", hl=True, mark="ok")
                  .label("Chưa có? Thử kích hoạt trước", 13, RED).lines(3),
                  "Cần tài khoản VNeID mức 2"),
    lambda: phone(store("VNeID", "Từ phiên bản 2.1.10", "Cập nhật", "ID"),
                  "Cập nhật ứng dụng VNeID"),
    lambda: phone(s("VNeID").field("Số định danh cá nhân", "12 số", hl=True)
                  .field("Mật khẩu", "••••••••").lines(3), "Đăng nhập VNeID"),
    lambda: phone(s("VNeID").tiles(["Ví giấy tờ", "", "", ""], 0),
                  "Bấm Ví giấy tờ"),
    lambda: phone(s("Thẻ BHYT").field("Số thẻ BHYT", "10 số / 15 ký tự")
                  .row("☑ Tôi xác nhận các thông tin ở trên là đúng")
                  .button("Gửi yêu cầu", hl=True), "Nhập số thẻ BHYT và Gửi yêu cầu"),
    lambda: phone(s("VNeID").tiles(["", "Sổ sức khỏe điện tử", "", ""], 1),
                  "Mở Sổ sức khỏe điện tử"),
    lambda: phone(s("Sổ sức khỏe").row("Tiền sử bệnh").row("Dị ứng").row("Tiêm chủng")
                  .row("Đơn thuốc", hl=True).row("Hẹn khám lại"), "Xem thông tin sức khỏe"),
    lambda: scene(document(30, 40, "Sổ giấy", None) + phone_back(200, 20)
                  + [rect(212, 80, 106, 130, fill=WHITE, rx=6), tick(265, 145, 26),
                     text(180, 310, "Từ 1/1/2026", 24, GREEN)],
                  "Dữ liệu trên VNeID thay sổ giấy", "Dùng thay sổ khám bệnh giấy"),
    lambda: scene(building(60, 30, 240, 200, "BỆNH VIỆN", roof=RED, mark="cross")
                  + [rect(250, 170, 80, 110, fill=INK, rx=12), text(290, 232, "☎", 36, WHITE),
                     hl_box(242, 162, 96, 126)],
                  "Hỏi số điện thoại chính thức của bệnh viện", "Đặt lịch khám với bệnh viện"),
]

GUIDES: dict[str, list[Callable[[], str]]] = {
    "kich-hoat-vneid": VNEID,
    "nop-ho-so-dich-vu-cong": DVC,
    "mo-tai-khoan-va-tra-tien-vietqr": BANK,
    "nhan-biet-lua-dao": SCAM,
    "ban-hang-tren-san-thuong-mai-dien-tu": SELL,
    "tim-kiem-va-kiem-tra-thong-tin": SEARCH,
    "zalo-nhom-thon-va-goi-video": ZALO,
    "so-suc-khoe-dien-tu": HEALTH,
}


# ---------------------------------------------------------------------------------------------
# Home-screen tile icons (128 x 128)


def icon(color: str, glyph: list[str], title: str) -> str:
    """A rounded tile in the category colour with a white glyph."""
    body = "\n".join([rect(0, 0, 128, 128, fill=color, rx=24)] + glyph)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128" width="128" '
            f'height="128" font-family="{FONT}" role="img">\n<title>{nfc(title)}</title>\n'
            f'{body}\n</svg>\n')


def _w(d: str, width: float = 8) -> str:
    """A white stroked path for icon glyphs."""
    return (f'<path d="{d}" stroke="{WHITE}" stroke-width="{width:g}" fill="none" '
            f'stroke-linecap="round" stroke-linejoin="round"/>')


ICONS: dict[str, Callable[[], str]] = {
    "kich-hoat-vneid": lambda: icon(BLUE, [
        rect(18, 32, 92, 64, stroke=WHITE, sw=7, rx=10), rect(30, 50, 22, 20, fill=WHITE, rx=3),
        _w("M64 52h32M64 70h22", 6)], "VNeID"),
    "nop-ho-so-dich-vu-cong": lambda: icon("#5F3DC4", [
        _w("M34 18h44l18 18v74H34Z", 7), _w("M46 58h36M46 76h36M46 94h22", 6)],
        "Dịch vụ công"),
    "mo-tai-khoan-va-tra-tien-vietqr": lambda: icon(GREEN, [
        rect(22, 22, 34, 34, stroke=WHITE, sw=7, rx=4), rect(72, 22, 34, 34, stroke=WHITE, sw=7,
                                                            rx=4),
        rect(22, 72, 34, 34, stroke=WHITE, sw=7, rx=4), rect(76, 76, 12, 12, fill=WHITE),
        rect(94, 94, 12, 12, fill=WHITE)], "Thanh toán"),
    "nhan-biet-lua-dao": lambda: icon(RED, [
        _w("M64 14L104 30V62C104 88 86 104 64 114C42 104 24 88 24 62V30Z", 7),
        _w("M64 44V70", 10), f'<circle cx="64" cy="88" r="6" fill="{WHITE}"/>'], "An toàn"),
    "ban-hang-tren-san-thuong-mai-dien-tu": lambda: icon("#E8590C", [
        _w("M24 50h80l-8 56H32Z", 7), _w("M46 50V40a18 18 0 0 1 36 0v10", 7)], "Bán hàng"),
    "tim-kiem-va-kiem-tra-thong-tin": lambda: icon("#0B7285", [
        f'<circle cx="56" cy="56" r="28" fill="none" stroke="{WHITE}" stroke-width="9"/>',
        _w("M78 78L106 106", 12)], "Tìm kiếm"),
    "zalo-nhom-thon-va-goi-video": lambda: icon("#1971C2", [
        _w("M20 30h60v40H44l-14 12V70H20Z", 7), _w("M92 50h16v40h-10v12l-14-12H60V82", 7)],
        "Nhóm Zalo"),
    "so-suc-khoe-dien-tu": lambda: icon("#C2255C", [
        rect(28, 16, 72, 96, stroke=WHITE, sw=7, rx=8), rect(58, 40, 12, 44, fill=WHITE),
        rect(42, 56, 44, 12, fill=WHITE)], "Sổ sức khỏe"),
}


# ---------------------------------------------------------------------------------------------
# Issue 13 guides: bills in the bank app, the social-benefits account, biometrics update


def _bill_notice() -> list[str]:
    """A monthly electricity notice with the customer-code line framed."""
    parts = [rect(60, 20, 240, 250, fill=WHITE, stroke=INK, sw=3, rx=8),
             text(180, 52, "GIẤY BÁO TIỀN ĐIỆN", 16, BLUE)]
    parts += [rect(80, 70 + 18 * i, 200 - (50 if i % 2 else 0), 8, fill=GREY, rx=4)
              for i in range(3)]
    parts += [rect(72, 128, 216, 58, fill="#FFF4E0", stroke=ORANGE, sw=6, rx=10),
              text(180, 152, "Mã khách hàng", 15),
              text(180, 176, "••••••••••••", 17, INK, bold=False)]
    parts += [rect(80, 202 + 18 * i, 200 - (70 if i % 2 else 0), 8, fill=GREY, rx=4)
              for i in range(3)]
    return parts


BILLS = [
    lambda: scene(_bill_notice(), "Chép mã khách hàng trên giấy báo",
                  "Mã khách hàng trên giấy báo tiền điện"),
    lambda: phone(s("Ngân hàng").lines(2).field("Mật khẩu", "••••••")
                  .button("Đăng nhập", hl=True), "Mở ứng dụng ngân hàng và đăng nhập"),
    lambda: phone(s("Ngân hàng").tiles(["Chuyển tiền", "Thanh toán hóa đơn", "Quét QR", ""], 1),
                  "Bấm Thanh toán hóa đơn"),
    lambda: phone(s("Thanh toán hóa đơn").row("Điện", hl=True).row("Nước")
                  .row("Điện thoại trả sau").row("Internet"), "Chọn loại hóa đơn"),
    lambda: phone(s("Nhà cung cấp").row("Điện lực nơi bạn ở", hl=True, mark="on")
                  .row("Nhà cung cấp khác", mark="off").row("Nhà cung cấp khác", mark="off"),
                  "Chọn đúng nhà cung cấp"),
    lambda: phone(s("Hóa đơn điện").field("Mã khách hàng", "••••••••••••", hl=True)
                  .button("Tiếp tục"), "Nhập mã khách hàng"),
    lambda: phone(s("Thông tin hóa đơn").field("Kỳ hóa đơn", "Tháng này")
                  .field("Số tiền", "350.000 đ", hl=True)
                  .label("So với giấy báo trước khi trả", 13, RED), "Đọc kỹ hóa đơn và số tiền"),
    lambda: phone(s("Xác nhận").boxes("", hl=True, label="Mã OTP")
                  .label("Không đọc mã cho ai", 15, RED), "Xác nhận bằng mã OTP"),
    lambda: phone(s("Cuộc gọi đến", color=RED).call("Xưng là điện lực", "Số lạ", False),
                  "Người xưng điện lực gọi đòi tiền: cúp máy"),
    lambda: phone(s("Tin nhắn Zalo").bubble("Cài ứng dụng điện lực kẻo bị cắt điện:", hl=True,
                                            bad=True, link="app-dien.xyz")
                  .row("Ứng dụng qua link", mark="bad").row("Quét khuôn mặt", mark="bad"),
                  "Không cài ứng dụng, không bấm link người lạ gửi"),
]

SOCIAL = [
    lambda: phone(s("Tài khoản ngân hàng").row("Đứng tên bạn", hl=True, mark="ok")
                  .row("Tiền đồng (VND)", mark="ok").row("Đang dùng được", mark="ok"),
                  "Tài khoản ngân hàng đứng tên bạn"),
    lambda: phone(s("VNeID").field("Số định danh cá nhân", "12 số", hl=True)
                  .field("Mật khẩu", "••••••••").lines(3), "Đăng nhập VNeID"),
    lambda: phone(s("VNeID").tiles(["", "An sinh xã hội", "", ""], 1), "Bấm An sinh xã hội"),
    lambda: phone(s("An sinh xã hội").row("Tài khoản hưởng an sinh xã hội", hl=True).lines(4),
                  "Bấm Tài khoản hưởng an sinh xã hội"),
    lambda: phone(s("VNeID").boxes("", hl=True, label="Nhập passcode").keypad(),
                  "Nhập passcode VNeID"),
    lambda: phone(s("Chọn ngân hàng").row("Ngân hàng A", mark="off")
                  .row("Ngân hàng của bạn", hl=True, mark="on").row("Ngân hàng C", mark="off"),
                  "Chọn ngân hàng của bạn"),
    lambda: phone(s("Thông tin liên kết").field("Số tài khoản", "•••• •••• ••", hl=True)
                  .field("Số căn cước", "12 số"), "Nhập số tài khoản ngân hàng"),
    lambda: phone(s("Kiểm tra lại").field("Họ và tên", "NGUYỄN VĂN AN")
                  .field("Số tài khoản", "•••• •••• ••").button("Gửi yêu cầu", hl=True),
                  "Đọc lại rồi bấm Gửi yêu cầu"),
    lambda: phone(s("Lịch sử đăng ký").row("Yêu cầu của bạn", hl=True, mark="ok").lines(3),
                  "Xem kết quả trong Lịch sử đăng ký"),
    lambda: phone(s("Tin nhắn").bubble("Nhan tien ho tro, dien thong tin tai:", hl=True,
                                       bad=True, link="qua-tang.vip")
                  .label("Nhà nước không phát tiền qua link", 13, RED),
                  "Tin nhắn nhận tiền hỗ trợ kèm link là giả"),
]


def _card_shot() -> Screen:
    """A camera frame with the front of an ID card inside it."""
    sc = s("Chụp thẻ căn cước", color="#343A40").label("Mặt trước, rồi mặt sau", 14)
    top = sc.y
    sc.parts += id_card(SX + 28, top + 6, 170, hl=True)
    sc.hl_y = top + 6 + 170 * 0.63 / 2
    sc.y = top + 130
    return sc.label("Để cả thẻ trong khung", 14)


BIOMETRIC = [
    lambda: scene(id_card(95, 30, 170, hl=True) + phone_back(120, 150)
                  + waves(262, 200), "Thẻ căn cước gắn chip còn hạn",
                  "Thẻ căn cước gắn chip và điện thoại có NFC"),
    lambda: phone(s("Ngân hàng").lines(2).field("Mật khẩu", "••••••")
                  .button("Đăng nhập", hl=True), "Mở ứng dụng ngân hàng và đăng nhập"),
    lambda: phone(s("Cài đặt").row("Sinh trắc học", hl=True).lines(2).lines(2),
                  "Tìm mục sinh trắc học"),
    lambda: phone(_card_shot(), "Chụp hai mặt thẻ căn cước"),
    lambda: scene(phone_back(60, 30) + id_card(130, 70, 170, hl=True) + waves(310, 125),
                  "Áp chip thẻ vào lưng máy, gần camera", "Áp thẻ căn cước vào lưng điện thoại"),
    lambda: phone(s("Chụp khuôn mặt").face(hl=True), "Nhìn thẳng vào camera"),
    lambda: phone(s("Xác nhận").boxes("", hl=True, label="Mã OTP")
                  .label("Chỉ nhập vào ứng dụng", 15, RED), "Nhập mã OTP để xong"),
    lambda: scene(id_card(95, 30, 170, hl=True) + [text(180, 190, "Thẻ mới?", 24),
                                                  text(180, 226, "Cập nhật lại", 24, RED)],
                  "Đổi thẻ: cập nhật lại trong ứng dụng", "Có thẻ căn cước mới thì cập nhật lại"),
    lambda: phone(s("Tin nhắn").bubble("Tai khoan se bi khoa. Cap nhat sinh trac hoc tai:",
                                       hl=True, bad=True, link="http://nh-a.vip")
                  .label("Ngân hàng không gửi link", 14, RED),
                  "Tin nhắn cập nhật sinh trắc học kèm link là giả"),
    lambda: phone(s("Người lạ bảo quét mặt", color=RED).face(hl=True)
                  .label("Không quét theo lời người lạ", 13, RED),
                  "Không quét khuôn mặt theo lời người lạ",
                  extra=[cross(SX + SW / 2, SY + 150, 44)]),
]

GUIDES.update({
    "thanh-toan-hoa-don-dien-nuoc": BILLS,
    "tai-khoan-an-sinh-xa-hoi-vneid": SOCIAL,
    "cap-nhat-sinh-trac-hoc-ngan-hang": BIOMETRIC,
})

ICONS.update({
    "thanh-toan-hoa-don-dien-nuoc": lambda: icon("#2F9E44", [
        _w("M34 18h44l18 18v74H34Z", 7),
        f'<path d="M70 40L50 72h14l-6 26 22-34H66l6-24Z" fill="{WHITE}"/>'],
        "Hóa đơn điện nước"),
    "tai-khoan-an-sinh-xa-hoi-vneid": lambda: icon(BLUE, [
        f'<circle cx="64" cy="50" r="26" fill="none" stroke="{WHITE}" stroke-width="7"/>',
        text(64, 61, "₫", 30, WHITE),
        _w("M18 96h22l14 8h26l22-14", 7)], "An sinh xã hội"),
    "cap-nhat-sinh-trac-hoc-ngan-hang": lambda: icon("#087F5B", [
        _w("M22 42V26h16M90 26h16v16M106 86v16H90M38 102H22V86", 7),
        _w("M48 54v6M80 54v6M64 56v16h-6M52 84q12 8 24 0", 6)], "Sinh trắc học"),
})


# ---------------------------------------------------------------------------------------------
# Issue 13: family procedures in VNeID, traffic-fine look-up, buying online safely


def padlock(cx: float, cy: float) -> list[str]:
    """A padlock, as a browser shows beside https."""
    return [f'<path d="M{cx - 30:g} {cy:g}V{cy - 26:g}a30 30 0 0 1 60 0V{cy:g}" stroke="{INK}" '
            f'stroke-width="12" fill="none"/>',
            rect(cx - 52, cy - 4, 104, 84, fill="#FAB005", stroke=INK, sw=4, rx=12),
            f'<circle cx="{cx:g}" cy="{cy + 32:g}" r="10" fill="{INK}"/>',
            rect(cx - 4, cy + 36, 8, 24, fill=INK)]


FAMILY = [
    lambda: scene(document(40, 30, "Khai sinh", ok=True)
                  + [text(250, 110, "60", 64, RED), text(250, 145, "ngày", 22),
                     text(250, 175, "kể từ ngày sinh", 15, INK, bold=False)],
                  "Cha mẹ đăng ký; cha mẹ không thể thì ông bà",
                  "Đăng ký khai sinh cho cháu trong 60 ngày"),
    lambda: phone(store("VNeID", "Trung tâm Dữ liệu quốc gia về dân cư", "Cập nhật", "ID"),
                  "Cập nhật ứng dụng VNeID"),
    lambda: phone(s("VNeID").tiles(["Thủ tục hành chính", "", "", ""], 0),
                  "Bấm Thủ tục hành chính"),
    lambda: phone(s("Thủ tục hành chính")
                  .row("Đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT", hl=True)
                  .row("Đăng ký thường trú").row("Đăng ký tạm trú"),
                  "Chọn dịch vụ khai sinh, thường trú, thẻ BHYT"),
    lambda: phone(s("VNeID").boxes("", hl=True, label="Nhập passcode").keypad()
                  .label("Chỉ nhập trong VNeID", 13, RED), "Nhập passcode 6 số"),
    lambda: phone(s("Khai sinh").field("Thông tin của cháu", "", hl=True)
                  .field("Thông tin cha, mẹ", "").lines(3)
                  .label("Chép đúng theo giấy chứng sinh", 13, BLUE), "Điền thông tin của cháu"),
    lambda: phone(s("Kiểm tra").row("Khai sinh", mark="ok")
                  .row("Thường trú", mark="ok").row("Thẻ BHYT", mark="ok")
                  .button("Gửi", hl=True, color=GREEN), "Đọc lại thông tin rồi gửi"),
    lambda: phone(s("Thủ tục hành chính").row("Đăng ký thường trú", hl=True)
                  .row("Đăng ký tạm trú", hl=False).lines(3),
                  "Đăng ký thường trú hoặc tạm trú"),
    lambda: phone(s("Thông báo").label("Bạn là chủ hộ", 15)
                  .bubble("Yêu cầu xác nhận cư trú vào hộ của bạn", hl=True)
                  .row("Người nhà, đồng ý cho ở", mark="ok")
                  .row("Người lạ gọi điện nhờ", mark="bad"), "Chủ hộ xác nhận trên VNeID"),
    lambda: scene(id_card(95, 40, 170, hl=True)
                  + [text(180, 190, "Cháu dưới 6 tuổi", 20),
                     text(180, 222, "không cần đến công an", 17, GREEN, bold=False)],
                  "Làm căn cước cho cháu trên VNeID", "Đăng ký thẻ căn cước cho cháu"),
]

FINES = [
    lambda: phone(s(url="csgt.bocongan.gov.vn").row("csgt.bocongan.gov.vn", hl=True, mark="ok")
                  .row("Link trong tin nhắn", mark="bad")
                  .label("Tự gõ địa chỉ, không bấm link", 13, RED),
                  "Tự gõ địa chỉ csgt.bocongan.gov.vn"),
    lambda: phone(s(url="csgt.bocongan.gov.vn").field("Biển số xe", "•• • ••••", hl=True)
                  .lines(3), "Gõ biển số xe để tra cứu"),
    lambda: phone(s(url="csgt.bocongan.gov.vn").label("Kết quả tra cứu", 15)
                  .row("Không có vi phạm", mark="ok")
                  .row("Có vi phạm: đến đúng nơi ghi trong thông báo", hl=True).lines(2),
                  "Đọc kết quả tra cứu"),
    lambda: scene(document(40, 30, "THÔNG BÁO", ok=True) + document(190, 30, "Tin nhắn",
                                                                   ok=False)
                  + [text(105, 240, "Văn bản", 18), text(105, 262, "hoặc VNeTraffic", 16, INK,
                                                           bold=False),
                     text(255, 240, "Không đòi nộp", 18, RED),
                     text(255, 262, "qua tin nhắn", 16, RED, bold=False)],
                  "Thông báo phạt thật không kèm đường link", "Thông báo phạt nguội thật",
                  color=RED),
    lambda: phone(s("Tin nhắn").bubble("CSGT: Ban co khoan phat chua thanh toan. Truy cap:",
                                      hl=True, bad=True, link="dichvuc0ng-gov.vn")
                  .label("Giống hệt trang thật, vẫn là giả", 13, RED),
                  "Tin nhắn báo phạt kèm link là giả"),
    lambda: phone(s("Cuộc gọi đến", color=RED).call("Xưng là CSGT", "Số lạ", False),
                  "Cuộc gọi báo phạt nguội: cúp máy"),
    lambda: phone(s("Giấy báo phạt lạ").qr(hl=True, bad=True, seed=31)
                  .label("Không quét mã QR lạ", 14, RED), "Không quét mã QR trên giấy lạ"),
    lambda: phone(s(url="trang-la.xyz").label("Nhập passcode VNeID", 15)
                  .boxes("", hl=True).label("Trang web hỏi passcode:", 14, RED)
                  .label("LỪA ĐẢO", 20, RED), "Trang web không bao giờ hỏi passcode VNeID"),
    lambda: scene(padlock(180, 120) + [cross(180, 160, 70), text(180, 260, "https://", 24)],
                  "Có ổ khóa vẫn có thể là trang giả", "Ổ khóa không có nghĩa là an toàn",
                  color=RED),
    lambda: phone(s("Gọi ngân hàng", color=GREEN).call("Tổng đài ngân hàng",
                                                      "Số in trên thẻ", True),
                  "Gọi ngay tổng đài ngân hàng"),
]

BUY = [
    lambda: phone(store("Sàn mua sắm", "Đúng tên sàn, từ kho chính thức", "Cài đặt", "M")
                  .bubble("Giảm giá sốc! Bấm link", bad=True), "Chỉ mua trong ứng dụng chính thức"),
    lambda: phone(s("Gian hàng").row("Gian hàng chính hãng", hl=True, mark="ok")
                  .row("Đã bán nhiều").row("Nhiều đánh giá tốt").lines(2), "Chọn gian hàng uy tín"),
    lambda: phone(s("Đánh giá").label("★★★★★", 24, ORANGE)
                  .bubble("Hàng đúng như ảnh, gói cẩn thận.", hl=True)
                  .bubble("Đúng mẫu, giao nhanh.").lines(2), "Đọc đánh giá của người mua trước"),
    lambda: phone(s("Chat với người bán").bubble("Hạn dùng đến bao giờ ạ?")
                  .bubble("Kết bạn Zalo nói chuyện nhé", hl=True, bad=True)
                  .label("Chỉ chat trong ứng dụng", 14, GREEN), "Chỉ hỏi người bán trong ứng dụng"),
    lambda: phone(s("Thanh toán").row("Trả tiền khi nhận hàng", hl=True, mark="on")
                  .row("Trả trong ứng dụng", mark="off")
                  .row("Chuyển khoản cho người lạ", mark="bad"), "Chọn trả tiền khi nhận hàng"),
    lambda: scene(parcel(70, 50, 1.1, hl=True) + [tick(290, 270, 26)],
                  "Cầm hàng, đúng đơn, mới trả tiền", "Chỉ trả tiền khi nhận đúng hàng"),
    lambda: phone(s("Cuộc gọi đến", color=RED).call("Xưng giao hàng",
                                                   "Đòi chuyển trước", False),
                  "Người giao hàng đòi chuyển khoản trước: từ chối"),
    lambda: phone(s("Tin nhắn").bubble("Don hang bi loi. Bam link de hoan tien:", hl=True,
                                      bad=True, link="hoan-tien-don.xyz")
                  .label("Không bấm link, không chụp mặt", 13, RED),
                  "Cuộc gọi hoàn tiền là lừa đảo"),
    lambda: phone(s("Mã OTP").boxes("482915", hl=True, label="Mã OTP của bạn")
                  .label("Sàn không bao giờ hỏi", 16, RED), "Không bao giờ nói mã OTP",
                  extra=[cross(SX + SW / 2, 250, 40)]),
    lambda: phone(s("Gọi ngân hàng", color=GREEN).call("Tổng đài ngân hàng",
                                                      "Số in trên thẻ", True),
                  "Lỡ chuyển tiền: gọi ngân hàng ngay"),
]

GUIDES.update({
    "dang-ky-khai-sinh-cu-tru-vneid": FAMILY,
    "tra-cuu-phat-nguoi": FINES,
    "mua-hang-online-an-toan": BUY,
})

ICONS.update({
    "dang-ky-khai-sinh-cu-tru-vneid": lambda: icon(BLUE, [
        _w("M18 62L64 24L110 62M30 52V106H98V52", 7),
        f'<circle cx="64" cy="68" r="10" fill="{WHITE}"/>', _w("M50 100q14 -24 28 0", 7)],
        "Khai sinh, cư trú"),
    "tra-cuu-phat-nguoi": lambda: icon(RED, [
        _w("M22 78l10 -28h64l10 28v20H22Z", 7), f'<circle cx="40" cy="98" r="9" fill="{WHITE}"/>',
        f'<circle cx="88" cy="98" r="9" fill="{WHITE}"/>'],
        "Phạt nguội"),
    "mua-hang-online-an-toan": lambda: icon("#E8590C", [
        _w("M14 26h16l12 52h54l10 -36H36", 7), f'<circle cx="48" cy="98" r="9" fill="{WHITE}"/>',
        f'<circle cx="90" cy="98" r="9" fill="{WHITE}"/>'], "Mua hàng"),
})


# ---------------------------------------------------------------------------------------------
# Heritage placeholder photos (Pillow); drawn at 2x and reduced for smooth edges

PW, PH = 1200, 800
K = 2  # supersampling factor


def _canvas(top: tuple[int, int, int], bottom: tuple[int, int, int],
            ground: tuple[int, int, int], horizon: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """A sky gradient over flat ground at 2x size."""
    img = Image.new("RGB", (PW * K, PH * K), ground)
    d = ImageDraw.Draw(img)
    for y in range(horizon * K):
        t = y / (horizon * K)
        d.line([(0, y), (PW * K, y)], fill=tuple(round(a + (b - a) * t) for a, b in
                                                 zip(top, bottom, strict=True)))
    return img, d


def _p(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Scale 1x coordinates to the 2x canvas."""
    return [(x * K, y * K) for x, y in points]


def _box(x0: float, y0: float, x1: float, y1: float) -> list[float]:
    """Scale a 1x box to the 2x canvas."""
    return [x0 * K, y0 * K, x1 * K, y1 * K]


def _hills(d: ImageDraw.ImageDraw, horizon: int, color: tuple[int, int, int], seed: int) -> None:
    """A soft line of distant hills on the horizon."""
    rng = random.Random(seed)
    pts = [(0.0, float(horizon))]
    for x in range(0, PW + 100, 100):
        pts.append((float(x), horizon - 40 - rng.random() * 90))
    pts.append((float(PW), float(horizon)))
    d.polygon(_p(pts), fill=color)


def _tree(d: ImageDraw.ImageDraw, x: float, base: float, size: float, leaf: tuple[int, int, int],
          roots: bool = False) -> None:
    """A broad tree (banyan-like when roots=True)."""
    d.rectangle(_box(x - size * 0.12, base - size * 1.1, x + size * 0.12, base), fill=(94, 70, 50))
    for dx, dy, r in ((0, -1.5, 0.8), (-0.6, -1.2, 0.6), (0.6, -1.25, 0.65), (-0.3, -1.9, 0.55),
                      (0.35, -1.85, 0.55)):
        d.ellipse(_box(x + dx * size - r * size, base + dy * size - r * size,
                       x + dx * size + r * size, base + dy * size + r * size), fill=leaf)
    if roots:
        for i in range(-4, 5):
            rx = x + i * size * 0.13
            d.line(_p([(rx, base - size * 1.0), (rx + 4, base)]), fill=(110, 84, 60),
                   width=3 * K)


def _roof(d: ImageDraw.ImageDraw, x0: float, x1: float, y_top: float, y_eave: float,
          color: tuple[int, int, int]) -> None:
    """A Vietnamese-style roof: trapezoid with upturned eave corners."""
    w = x1 - x0
    d.polygon(_p([(x0 - 30, y_eave), (x0 + w * 0.18, y_top), (x1 - w * 0.18, y_top),
                  (x1 + 30, y_eave)]), fill=color)
    dark = tuple(max(0, c - 40) for c in color)
    for i in range(1, 12):
        top_x = x0 + w * 0.18 + (w * 0.64) * i / 12
        eave_x = x0 - 30 + (w + 60) * i / 12
        d.line(_p([(top_x, y_top + 4), (eave_x, y_eave)]), fill=dark, width=2 * K)
    for cx, sgn in ((x0 - 30, -1), (x1 + 30, 1)):
        d.polygon(_p([(cx, y_eave), (cx + sgn * 26, y_eave - 44), (cx - sgn * 22, y_eave - 6)]),
                  fill=color)
    d.rectangle(_box(x0 + w * 0.16, y_top - 10, x1 - w * 0.16, y_top + 4), fill=dark)


def _dinh(d: ImageDraw.ImageDraw, scale: float, ox: float, base: float,
          roof: tuple[int, int, int]) -> None:
    """A communal house (đình): stone platform, wooden columns, one large roof."""
    def b(x0: float, y0: float, x1: float, y1: float) -> list[float]:
        return _box(ox + x0 * scale, base + y0 * scale, ox + x1 * scale, base + y1 * scale)
    d.rectangle(b(-330, -40, 330, 0), fill=(170, 160, 150))
    d.rectangle(b(-290, -230, 290, -40), fill=(120, 72, 44))
    for i in range(7):
        cx = -270 + i * 90
        d.rectangle(b(cx - 12, -230, cx + 12, -40), fill=(86, 50, 30))
    for i in range(3):
        cx = -180 + i * 180
        d.rectangle(b(cx - 36, -170, cx + 36, -40), fill=(60, 36, 24))
    _roof(d, ox - 300 * scale, ox + 300 * scale, base - 420 * scale, base - 220 * scale, roof)


def _gate(d: ImageDraw.ImageDraw, ox: float, base: float, s: float) -> None:
    """A three-entrance pagoda gate (tam quan) with stacked roofs."""
    def b(x0: float, y0: float, x1: float, y1: float) -> list[float]:
        return _box(ox + x0 * s, base + y0 * s, ox + x1 * s, base + y1 * s)
    d.rectangle(b(-260, -200, 260, 0), fill=(236, 222, 196))
    for cx, w in ((-170, 50), (0, 70), (170, 50)):
        d.rectangle(b(cx - w, -150, cx + w, 0), fill=(70, 50, 40))
    _roof(d, ox - 120 * s, ox + 120 * s, base - 380 * s, base - 300 * s, (120, 60, 40))
    d.rectangle(b(-110, -300, 110, -200), fill=(236, 222, 196))
    _roof(d, ox - 260 * s, ox + 260 * s, base - 280 * s, base - 200 * s, (128, 64, 44))


def _tower(d: ImageDraw.ImageDraw, ox: float, base: float, s: float) -> None:
    """A small multi-tier pagoda tower."""
    y = base
    for i in range(5):
        w = (110 - i * 16) * s
        h = 70 * s
        d.rectangle(_box(ox - w * 0.6, y - h, ox + w * 0.6, y), fill=(238, 226, 204))
        _roof(d, ox - w * 0.7, ox + w * 0.7, y - h - 24 * s, y - h + 10 * s, (134, 70, 46))
        y -= h + 24 * s
    d.ellipse(_box(ox - 10 * s, y - 30 * s, ox + 10 * s, y), fill=(200, 160, 60))


def _well(d: ImageDraw.ImageDraw, ox: float, base: float, s: float) -> None:
    """A round laterite-brick village well."""
    def b(x0: float, y0: float, x1: float, y1: float) -> list[float]:
        return _box(ox + x0 * s, base + y0 * s, ox + x1 * s, base + y1 * s)
    d.rectangle(b(-160, -120, 160, 0), fill=(150, 80, 50))
    d.ellipse(b(-160, -30, 160, 30), fill=(150, 80, 50))
    for row in range(4):
        y = -120 + row * 30
        d.line([(ox - 160 * s) * K, (base + y * s) * K, (ox + 160 * s) * K, (base + y * s) * K],
               fill=(110, 56, 36), width=3 * K)
    d.ellipse(b(-160, -150, 160, -90), fill=(170, 96, 62))
    d.ellipse(b(-130, -140, 130, -100), fill=(30, 52, 60))


def _save(img: Image.Image, path: Path) -> None:
    """Reduce to final size and save as a small JPEG without metadata."""
    out = img.resize((PW, PH), Image.Resampling.LANCZOS)
    out.save(path, "JPEG", quality=80, optimize=True)


def photo_dinh_1(path: Path) -> None:
    """The communal house by day, banyan at the side."""
    img, d = _canvas((120, 176, 230), (206, 228, 244), (196, 170, 140), 470)
    _hills(d, 470, (120, 160, 130), 3)
    d.rectangle(_box(0, 600, PW, PH), fill=(178, 150, 120))
    _tree(d, 1040, 560, 150, (52, 110, 60), roots=True)
    _dinh(d, 1.0, 560, 600, (150, 70, 50))
    _save(img, path)


def photo_dinh_2(path: Path) -> None:
    """The communal house at dusk, seen closer."""
    img, d = _canvas((240, 150, 90), (250, 214, 160), (150, 120, 96), 420)
    _hills(d, 420, (150, 110, 110), 4)
    _dinh(d, 1.45, 600, 760, (120, 52, 40))
    _save(img, path)


def photo_chua_1(path: Path) -> None:
    """The pagoda gate with trees either side."""
    img, d = _canvas((140, 190, 236), (214, 234, 248), (186, 176, 150), 480)
    _hills(d, 480, (110, 150, 120), 7)
    _tree(d, 150, 640, 130, (60, 120, 66))
    _tree(d, 1060, 640, 130, (60, 120, 66))
    _gate(d, 600, 650, 1.2)
    _save(img, path)


def photo_chua_2(path: Path) -> None:
    """The small tower behind a lotus pond."""
    img, d = _canvas((170, 210, 240), (230, 240, 250), (110, 150, 100), 520)
    _hills(d, 520, (120, 160, 130), 8)
    _tower(d, 600, 560, 0.82)
    d.rectangle(_box(0, 580, PW, PH), fill=(80, 130, 150))
    rng = random.Random(9)
    for _ in range(40):
        x, y = rng.uniform(0, PW), rng.uniform(600, PH)
        r = rng.uniform(14, 30)
        d.ellipse(_box(x - r, y - r * 0.5, x + r, y + r * 0.5), fill=(70, 140, 70))
        if rng.random() < 0.3:
            d.ellipse(_box(x - 8, y - 20, x + 8, y - 4), fill=(236, 130, 170))
    _save(img, path)


def photo_gieng_1(path: Path) -> None:
    """The old well under the banyan tree."""
    img, d = _canvas((130, 186, 232), (210, 232, 246), (170, 156, 120), 460)
    _hills(d, 460, (116, 156, 124), 11)
    _tree(d, 760, 640, 260, (46, 100, 56), roots=True)
    _well(d, 420, 660, 1.3)
    _save(img, path)


def photo_gieng_2(path: Path) -> None:
    """Close view of the well with a bucket on the rim."""
    img, d = _canvas((190, 214, 200), (230, 236, 220), (150, 140, 110), 360)
    _tree(d, 1000, 420, 200, (58, 110, 60), roots=True)
    _well(d, 560, 700, 2.2)
    d.rectangle(_box(800, 330, 860, 400), fill=(120, 100, 80))
    d.arc(_box(800, 290, 860, 370), 180, 360, fill=(60, 50, 40), width=4 * K)
    _save(img, path)


PHOTOS: dict[str, dict[str, Callable[[Path], None]]] = {
    "dinh-lang-dong-hoa": {"dinh-1.jpg": photo_dinh_1, "dinh-2.jpg": photo_dinh_2},
    "chua-hoa-phuc": {"chua-1.jpg": photo_chua_1, "chua-2.jpg": photo_chua_2},
    "gieng-co-cay-da": {"gieng-1.jpg": photo_gieng_1, "gieng-2.jpg": photo_gieng_2},
}


# ---------------------------------------------------------------------------------------------


def write_text(path: Path, content: str) -> None:
    """Write NFC-normalized UTF-8 text with Unix newlines."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(unicodedata.normalize("NFC", content), encoding="utf-8", newline="\n")


def main(argv: list[str]) -> int:
    """Write every illustration into the content folder given (or the shipped one)."""
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "content"
    count = 0
    for slug, steps in GUIDES.items():
        folder = root / "guides" / slug
        for number, draw in enumerate(steps, start=1):
            write_text(folder / f"step-{number:02d}.svg", draw())
            count += 1
        write_text(folder / "icon.svg", ICONS[slug]())
        count += 1
    for slug, photos in PHOTOS.items():
        folder = root / "heritage" / slug
        folder.mkdir(parents=True, exist_ok=True)
        for name, draw_photo in photos.items():
            draw_photo(folder / name)
            count += 1
    print(f"wrote {count} files under {root}")
    return 0



# ---------------------------------------------------------------------------------------------
# Practice screens ("Thực hành", issue 15): a whole pretend phone screen, viewBox 0 0 360 640.
# Unlike the step pictures there is no orange frame or arrow: the resident must find the button.
# Every button a practice can target is one <rect> whose x, y, width and height are exactly the
# rect of its target in the guide's practice.yaml.

PW, PH = 360, 640


class Phone:
    """One practice screen: a status bar, an optional coloured app header, then free drawing."""

    def __init__(self, title: str, header: str | None = None, color: str = BLUE) -> None:
        self.title = title
        self.parts = [rect(0, 0, PW, PH, fill=WHITE), rect(0, 0, PW, 28, fill=INK),
                      text(16, 20, "9:41", 14, WHITE, anchor="start")]
        if header:
            self.parts += [rect(0, 28, PW, 64, fill=color), text(PW / 2, 70, header, 24, WHITE)]

    def add(self, *parts: str) -> Phone:
        self.parts += parts
        return self

    def say(self, y: float, s: str, size: int = 22, color: str = INK, limit: int = 24,
            bold: bool = True) -> Phone:
        """Centred, wrapped text; y is the first baseline."""
        for i, row in enumerate(wrap(s, limit)):
            self.parts.append(text(PW / 2, y + (size + 8) * i, row, size, color, bold))
        return self

    def button(self, x: float, y: float, w: float, h: float, label: str, color: str = BLUE,
               ink: str = WHITE, size: int = 24) -> Phone:
        """A tappable button; its rect is a practice target."""
        rows = wrap(label, max(6, int(w / (size * 0.62))))
        self.parts.append(rect(x, y, w, h, fill=color, stroke=INK, sw=3, rx=14))
        top = y + h / 2 - (size + 6) * (len(rows) - 1) / 2 + size * 0.36
        self.parts += [text(x + w / 2, top + (size + 6) * i, r, size, ink)
                       for i, r in enumerate(rows)]
        return self

    def icon(self, x: float, y: float, label: str, color: str, glyph: str) -> Phone:
        """A home-screen app icon 140 x 140 (the whole square is the target)."""
        self.parts += [rect(x, y, 140, 140, fill=color, stroke=INK, sw=3, rx=24),
                       text(x + 70, y + 70, glyph, 34, WHITE),
                       text(x + 70, y + 116, label, 20, WHITE)]
        return self

    def box(self, x: float, y: float, w: float, h: float, rows: list[str], size: int = 20,
            fill: str = LIGHT, stroke: str = GREY) -> Phone:
        """A framed block of left-aligned text."""
        self.parts.append(rect(x, y, w, h, fill=fill, stroke=stroke, sw=3, rx=12))
        self.parts += [text(x + 14, y + size + 12 + (size + 8) * i, r, size, INK, anchor="start")
                       for i, r in enumerate(rows)]
        return self

    def pad(self, shown: str, top: float = 300) -> Phone:
        """The kiosk's number pad under a field showing what is typed so far."""
        self.parts.append(rect(24, top - 70, 312, 54, fill=WHITE, stroke=INK, sw=3, rx=10))
        self.parts.append(text(PW / 2, top - 33, shown, 26, INK))
        for i, k in enumerate("123456789 0<"):
            if k == " ":
                continue
            kx, ky = 24 + (i % 3) * 108, top + (i // 3) * 78
            self.parts += [rect(kx, ky, 96, 66, fill=LIGHT, stroke=GREY, sw=2, rx=12),
                           text(kx + 48, ky + 43, "⌫" if k == "<" else k, 28)]
        return self

    def svg(self) -> str:
        body = "\n".join(self.parts)
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {PW} {PH}" width="{PW}" '
                f'height="{PH}" font-family="{FONT}" role="img">\n<title>{nfc(self.title)}</title>\n'
                f'{body}\n</svg>\n')


def _home(title: str) -> str:
    """The phone's home screen with four app icons."""
    p = Phone(title)
    p.say(80, "Màn hình chính", 22, "#495057")
    p.icon(30, 130, "Ngân hàng", GREEN, "₫").icon(190, 130, "VNeID", RED, "ID")
    p.icon(30, 310, "Zalo", BLUE, "Z").icon(190, 310, "Tin nhắn", "#5F3DC4", "✉")
    return p.svg()


def _qr_at(x: float, y: float, size: float, seed: int) -> list[str]:
    return qr_pattern(x, y, size, seed)


# -- 1. VietQR: pay Tạp hóa Cô Lan (a pretend shop)

SHOP = "TẠP HÓA CÔ LAN (MẪU)"


def _pay_bank_home() -> str:
    p = Phone("Ứng dụng ngân hàng (mẫu)", "Ngân hàng (mẫu)", GREEN)
    p.box(24, 110, 312, 90, ["Số dư tài khoản", "1.250.000 đ"], 22)
    p.button(24, 230, 150, 120, "Chuyển tiền", BLUE)
    p.button(186, 230, 150, 120, "Quét QR", ORANGE, INK)
    p.button(24, 370, 312, 72, "Lịch sử giao dịch", "#495057")
    return p.svg()


def _pay_camera() -> str:
    p = Phone("Máy ảnh hướng vào mã VietQR của cửa hàng", "Quét QR", GREEN)
    p.add(rect(40, 110, 280, 400, fill="#FFF4E0", stroke=INK, sw=3, rx=12))
    p.say(150, SHOP, 20)
    p.add(*_qr_at(80, 170, 200, 11))
    p.say(410, "Chủ tài khoản:", 18, "#495057")
    p.say(440, "NGUYEN THI LAN", 22)
    p.say(478, "Mã VietQR dán ở quầy", 16, "#495057")
    p.button(24, 540, 312, 72, "Quay lại", "#495057")
    return p.svg()


def _pay_recipient(name: str, ok: bool) -> str:
    p = Phone("Người nhận: " + name, "Chuyển tiền", GREEN)
    p.say(130, "Người nhận", 20, "#495057")
    p.box(24, 145, 312, 70, [name], 26, fill="#E7F5FF" if ok else "#FFF5F5",
          stroke=BLUE if ok else RED)
    p.say(260, "Ngân hàng: NGÂN HÀNG MẪU", 18, "#495057")
    p.say(300, "Cửa hàng: " + SHOP, 18, "#495057", limit=34)
    p.add(rect(24, 430, 150, 90, fill=WHITE, stroke=RED, sw=4, rx=14),
          text(99, 484, "Hủy", 26, RED))
    p.button(186, 430, 150, 90, "Tiếp tục", BLUE)
    return p.svg()


def _pay_amount() -> str:
    p = Phone("Nhập số tiền 50.000 đồng", "Nhập số tiền", GREEN)
    p.say(118, "Cô Lan nói: “50.000 đồng”", 20, INK)
    p.say(148, "Gõ: 5 0 0 0 0", 20, BLUE)
    p.pad("… đ", 250)
    return p.svg()


def _pay_confirm() -> str:
    p = Phone("Xem lại rồi xác nhận", "Xác nhận", GREEN)
    p.box(24, 110, 312, 200, ["Người nhận:", "NGUYEN THI LAN", "Số tiền:", "50.000 đ",
                              "Nội dung: TRA TIEN HANG"], 21)
    p.say(350, "Xác nhận bằng mã PIN, mã OTP", 18, "#495057", limit=34)
    p.say(376, "hoặc khuôn mặt ở bước sau.", 18, "#495057", limit=34)
    p.add(rect(24, 430, 150, 90, fill=WHITE, stroke=RED, sw=4, rx=14),
          text(99, 484, "Hủy", 26, RED))
    p.button(186, 430, 150, 90, "Xác nhận", GREEN)
    return p.svg()


# -- 2. VNeID: passcode and the căn cước điện tử

def _id_home() -> str:
    p = Phone("Trang chủ VNeID (mẫu)", "VNeID", RED)
    p.say(130, "Xin chào, NGUYỄN VĂN MẪU", 20)
    p.button(24, 170, 150, 120, "Quét mã QR", "#495057")
    p.button(186, 170, 150, 120, "Căn cước điện tử", RED)
    p.button(24, 310, 150, 120, "An sinh xã hội", "#495057")
    p.button(186, 310, 150, 120, "Cá nhân", "#495057")
    return p.svg()


def _id_passcode() -> str:
    p = Phone("Nhập passcode", "Nhập passcode", RED)
    p.say(124, "Mã thử: 123456", 24, RED)
    p.say(154, "(chỉ để tập, không phải mã thật)", 16, "#495057", limit=40)
    p.pad("● ● ● ● ● ●", 250)
    return p.svg()


def _id_card() -> str:
    p = Phone("Căn cước điện tử (mẫu)", "Căn cước điện tử", RED)
    p.add(rect(24, 110, 312, 330, fill="#FFF9DB", stroke=INK, sw=3, rx=16),
          text(180, 145, "CĂN CƯỚC ĐIỆN TỬ", 20, RED),
          rect(44, 170, 90, 110, fill=GREY, rx=8),
          f'<circle cx="89" cy="210" r="22" fill="{WHITE}"/>',
          f'<path d="M59 280Q89 230 119 280Z" fill="{WHITE}"/>',
          text(150, 200, "Số định danh", 15, "#495057", False, "start"),
          text(150, 225, "0000 0000 0000", 17, INK, True, "start"),
          text(150, 260, "(MẪU)", 17, RED, True, "start"))
    p.button(44, 300, 272, 64, "NGUYỄN VĂN MẪU", WHITE, INK, 22)
    p.add(text(180, 410, "Ngày sinh: 01/01/1955", 18, INK))
    p.add(rect(24, 470, 312, 72, fill=WHITE, stroke=INK, sw=3, rx=14),
          text(180, 515, "Đóng", 24, INK))
    return p.svg()


def _id_fake_page() -> str:
    p = Phone("Trang web lạ đòi passcode VNeID")
    p.add(rect(0, 28, PW, 56, fill=LIGHT), rect(12, 38, 336, 36, fill=WHITE, stroke=GREY, sw=2,
                                                 rx=18),
          text(28, 62, "vneid-capnhat.top", 18, INK, True, "start"))
    p.say(140, "CẬP NHẬT VNeID SAU SÁP NHẬP", 20, RED, limit=30)
    p.say(190, "Nhập passcode 6 số để giữ tài khoản", 20, INK, limit=24)
    p.add(rect(24, 260, 312, 60, fill=WHITE, stroke=INK, sw=2, rx=8),
          text(40, 298, "Passcode: ______", 20, "#868E96", False, "start"))
    p.button(24, 350, 312, 80, "Nhập passcode", BLUE)
    p.button(24, 450, 312, 80, "Đóng trang này", "#495057")
    return p.svg()


# -- 3. A caller "from the police" asks for the OTP

def _call(title: str, said: list[str], buttons: list[tuple[str, str]], sms: str = "") -> str:
    p = Phone(title)
    p.add(rect(0, 28, PW, 612, fill="#212529"))
    p.add(text(180, 80, "Số lạ: 0912 345 678", 22, WHITE), text(180, 110, "đang gọi… 01:25", 16,
                                                                    GREY, False))
    y = 140
    if sms:
        p.add(rect(16, y, 328, 70, fill=WHITE, rx=12),
              text(30, y + 28, "Tin nhắn: Mã OTP của bạn là", 16, INK, False, "start"),
              text(30, y + 55, sms + ". Không đưa mã cho ai.", 16, INK, True, "start"))
        y += 86
    h = 20 + 30 * len(said)
    p.add(rect(16, y, 328, h, fill="#FFF4E0", stroke=ORANGE, sw=3, rx=14))
    p.add(*[text(30, y + 34 + 30 * i, r, 19, INK, False, "start") for i, r in enumerate(said)])
    by = 640 - 24 - 84 * len(buttons)
    for label, color in buttons:
        p.button(24, by, 312, 72, label, color)
        by += 84
    return p.svg()


def _call_report() -> str:
    p = Phone("Gửi tin nhắn báo cuộc gọi lừa đảo đến 156", "Tin nhắn mới", "#5F3DC4")
    p.box(24, 105, 312, 100, ["Nội dung:", "LD 0912345678 goi", "xung cong an"], 20)
    p.say(232, "Gửi đến số: 156 (miễn phí)", 20, BLUE)
    p.pad("Đến: …", 320)
    return p.svg()


def _call_who_first() -> str:
    p = Phone("Lỡ đọc mã OTP: gọi ai trước?", "Danh bạ", "#5F3DC4")
    p.say(120, "Lỡ đọc mã OTP rồi. Gọi ai trước?", 20, INK, limit=30)
    p.button(24, 160, 312, 96, "Tổng đài ngân hàng (số in trên thẻ)", GREEN, size=22)
    p.button(24, 276, 312, 96, "Số trong tin nhắn “hỗ trợ lấy lại tiền”", "#495057", size=22)
    p.button(24, 392, 312, 96, "Số 0912 345 678 (người vừa gọi)", "#495057", size=22)
    return p.svg()


# -- 4. Zalo: the hamlet's group by QR, and the login trap

GROUP = "THÔN MẪU – THÔNG BÁO"


def _zalo_home() -> str:
    p = Phone("Zalo: danh sách tin nhắn (mẫu)")
    p.add(rect(0, 28, PW, 72, fill=BLUE),
          rect(16, 40, 252, 48, fill="#4A7EC7", rx=10),
          text(32, 72, "Tìm kiếm", 20, WHITE, False, "start"),
          rect(280, 38, 64, 52, fill="#4A7EC7", stroke=WHITE, sw=2, rx=10),
          text(312, 71, "QR", 20, WHITE))
    for i, (who, msg) in enumerate((("Con gái Hoa", "Mẹ ăn cơm chưa?"),
                                    ("Cháu Minh", "Ảnh cả nhà đây ạ"),
                                    ("Chị Tư", "Mai đi chợ không?"))):
        y = 112 + i * 96
        p.add(rect(12, y, 336, 84, fill=WHITE, stroke=GREY, sw=2, rx=10),
              f'<circle cx="52" cy="{y + 42}" r="26" fill="{GREY}"/>',
              text(92, y + 36, who, 20, INK, True, "start"),
              text(92, y + 64, msg, 17, "#495057", False, "start"))
    p.add(rect(0, 568, PW, 72, fill=LIGHT))
    p.button(12, 574, 160, 60, "Tin nhắn", WHITE, BLUE, 20)
    p.button(188, 574, 160, 60, "Cá nhân", WHITE, BLUE, 20)
    return p.svg()


def _zalo_login_trap() -> str:
    p = Phone("Đăng nhập trên thiết bị khác")
    p.add(rect(0, 28, PW, 612, fill=LIGHT))
    p.add(rect(16, 90, 328, 380, fill=WHITE, stroke=INK, sw=3, rx=16))
    p.say(140, "Đăng nhập trên thiết bị khác", 22, INK, limit=22)
    p.say(300, "(màn hình mẫu để tập)", 18, "#495057", limit=30)
    p.button(24, 500, 150, 90, "Từ chối", RED)
    p.button(186, 500, 150, 90, "Đồng ý", BLUE)
    return p.svg()


def _zalo_group() -> str:
    p = Phone("Nhóm của thôn (mẫu)")
    p.add(rect(0, 28, PW, 612, fill=LIGHT))
    p.add(rect(16, 70, 328, 380, fill=WHITE, stroke=INK, sw=3, rx=16),
          f'<circle cx="180" cy="150" r="50" fill="{GREEN}"/>', text(180, 162, "TM", 30, WHITE))
    p.say(240, "Nhóm", 18, "#495057")
    p.say(272, GROUP, 22, INK, limit=22)
    p.say(330, "128 thành viên", 18, "#495057")
    p.say(362, "(nhóm mẫu để tập)", 18, "#495057")
    p.button(24, 480, 312, 80, "Tham gia nhóm", BLUE)
    p.button(24, 572, 312, 56, "Đóng", "#495057", size=22)
    return p.svg()


def _zalo_in_group() -> str:
    p = Phone("Trong nhóm của thôn", GROUP, BLUE)
    p.add(rect(16, 110, 328, 150, fill=WHITE, stroke=GREY, sw=2, rx=14))
    p.add(text(30, 140, "Trưởng thôn (mẫu):", 18, "#495057", True, "start"))
    for i, r in enumerate(wrap("Sáng chủ nhật 8 giờ họp thôn ở nhà văn hóa.", 26)):
        p.add(text(30, 172 + 30 * i, r, 20, INK, False, "start"))
    p.add(rect(0, 560, PW, 80, fill=LIGHT),
          text(180, 606, "Chỉ trưởng/phó nhóm được nhắn tin", 16, "#495057", False))
    return p.svg()


PRACTICES: dict[str, list[Callable[[], str]]] = {
    "mo-tai-khoan-va-tra-tien-vietqr": [
        lambda: _home("Màn hình chính của điện thoại"), _pay_bank_home, _pay_camera,
        lambda: _pay_recipient("TRAN VAN HUNG", False),
        lambda: _pay_recipient("NGUYEN THI LAN", True), _pay_amount, _pay_confirm],
    "kich-hoat-vneid": [
        lambda: _home("Màn hình chính của điện thoại"), _id_home, _id_passcode, _id_card,
        _id_fake_page],
    "nhan-biet-lua-dao": [
        lambda: _call("Cuộc gọi xưng là công an",
                      ["“Tôi là công an. Căn cước", "của bác dính vào một vụ", "rửa tiền.",
                       "Bác phải làm theo tôi.”"],
                      [("Đồng ý", BLUE), ("Tắt máy", RED)]),
        lambda: _call("Kẻ gian đòi mã OTP",
                      ["“Đọc ngay mã OTP vừa gửi", "cho bác, không thì bị bắt.”"],
                      [("Đọc mã OTP", BLUE), ("Đồng ý", BLUE), ("Tắt máy", RED)], sms="482913"),
        lambda: _call("Kẻ gian bảo gọi lại số khác",
                      ["“Không tin thì bác gọi số", "0912 345 678 gặp thủ trưởng.”"],
                      [("Gọi lại số anh ấy cho", BLUE), ("Tắt máy", RED)]),
        lambda: _call("Kẻ gian đòi chuyển tiền và cài ứng dụng",
                      ["“Chuyển tiền vào tài khoản", "tạm giữ, cài ứng dụng qua", "link tôi gửi.”"],
                      [("Chuyển tiền", BLUE), ("Cài ứng dụng", BLUE), ("Tắt máy", RED)]),
        _call_who_first, _call_report],
    "zalo-nhom-thon-va-goi-video": [
        lambda: _home("Màn hình chính của điện thoại"), _zalo_home, _zalo_login_trap,
        _zalo_group, _zalo_in_group],
}


def write_practices(root: Path) -> int:
    """Write practice-NN.svg for every guide that has a practice; return the count."""
    count = 0
    for slug, screens in PRACTICES.items():
        for number, draw in enumerate(screens, start=1):
            write_text(root / "guides" / slug / f"practice-{number:02d}.svg", draw())
            count += 1
    return count


_main_without_practices = main


def main(argv: list[str]) -> int:  # noqa: F811 - extends main above with the practice screens
    """Write every illustration, then the practice screens."""
    status = _main_without_practices(argv)
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "content"
    print(f"wrote {write_practices(root)} practice screens under {root}")
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
