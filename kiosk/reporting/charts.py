"""Bar charts as inline SVG, drawn on the server: no JavaScript, no chart library, no CDN."""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 220
LEFT, BOTTOM, TOP = 40, 40, 16


def bar_chart(points: list[tuple[str, int]], title: str, label_every: int = 1,
              empty: str = "Chưa có số liệu") -> Markup:
    """A bar chart of (label, value) with a readable title; zero or no data draws empty axes
    with the words `empty` (the caller gives every word, in the page's language).

    Every bar has a <title> so a tap or hover shows the exact number.
    """
    peak = max((v for _, v in points), default=0)
    scale_top = max(peak, 1)
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / max(len(points), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - 8}" y2="{TOP + plot_h}"'
        ' stroke="#59647a"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 10}" text-anchor="end" font-size="12">{peak}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" font-size="12">0</text>',
    ]
    for i, (label, value) in enumerate(points):
        bar_h = plot_h * value / scale_top
        x = LEFT + i * slot + slot * 0.1
        y = TOP + plot_h - bar_h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.8:.1f}" height="{bar_h:.1f}"'
                     f' fill="#0b3d91"><title>{escape(label)}: {value}</title></rect>')
        if i % label_every == 0:
            parts.append(f'<text x="{x + slot * 0.4:.1f}" y="{HEIGHT - BOTTOM + 16}"'
                         f' text-anchor="middle" font-size="11">{escape(label)}</text>')
    if peak == 0:
        parts.append(f'<text x="{WIDTH / 2:.0f}" y="{TOP + plot_h / 2:.0f}" text-anchor="middle"'
                     f' font-size="14" fill="#3c4455">{escape(empty)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
