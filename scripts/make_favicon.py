"""Draw static/favicon.ico (16, 32, 48 px) from the same mark as static/icons/favicon.svg.

Run once when the mark changes: `python scripts/make_favicon.py`. Pillow draws the shapes at
256 px and scales them down, so the small sizes stay smooth without an SVG renderer.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

BLUE, WHITE = (11, 61, 145, 255), (255, 255, 255, 255)
ROOT = Path(__file__).resolve().parent.parent


def draw(size: int = 256) -> Image.Image:
    """The mark on a 64-unit grid like the SVG: a blue tile, a white roof and house."""
    s = size / 64
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=int(12 * s), fill=BLUE)
    pen.line([(10 * s, 32 * s), (32 * s, 13 * s), (54 * s, 32 * s)], fill=WHITE,
             width=int(6 * s), joint="curve")
    pen.rectangle((17 * s, 30 * s, 47 * s, 52 * s), fill=WHITE)
    pen.rectangle((28 * s, 38 * s, 36 * s, 52 * s), fill=BLUE)
    return image


if __name__ == "__main__":
    draw().save(ROOT / "static" / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
