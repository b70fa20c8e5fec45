"""Printables: PDFs of shop payment cards, heritage posters, guide handouts and link/Wi-Fi posters.

A pure library (reportlab, qr/): build a spec from printables.specs, call a builder, get PDF bytes.

    from printables import CardSpec, cards
    pdf = cards.shop_cards_pdf([CardSpec("Tạp hoá Lan", "970436", "0123456789", "Nguyễn Thị Lan",
                                         code="S01", hamlet="Thôn Đông Hòa")])
"""

from printables.fonts import FontError, Fonts, load_fonts
from printables.specs import (
    CardSpec,
    HandoutSpec,
    HandoutStep,
    LayoutError,
    LinkPosterSpec,
    PosterSpec,
    WifiPosterSpec,
)

__all__ = [
    "CardSpec",
    "FontError",
    "Fonts",
    "HandoutSpec",
    "HandoutStep",
    "LayoutError",
    "LinkPosterSpec",
    "PosterSpec",
    "WifiPosterSpec",
    "load_fonts",
]
