"""The team's monthly report for the commune: an A4 PDF of plain numbers and two bar charts.

Totals by skill, shops with a payment QR, heritage scans per site, kiosk use, practices on the
pretend phone and the quiz items residents miss most. The caller
gathers the numbers (kiosk/cli/report.py, the admin); this module only lays them out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from printables import sheet
from printables.fonts import Fonts, load_fonts
from printables.specs import LayoutError, _normalize_strings
from qr.messages import N_

MARGIN = 16 * mm
ACCENT = Color(0.04, 0.24, 0.57)
HEAD_BG = Color(0.9, 0.93, 0.98)


@dataclass(frozen=True)
class ReportSpec:
    """The month's numbers. skills: (label, entries, people, households) in display order;
    sites: (site name, scans); daily_sessions: (day label, kiosk sessions) for the chart;
    practices: (guide title, started, finished); quiz_misses: (item id, opening words, right,
    wrong), most missed first."""

    month: str  # YYYY-MM
    hamlet: str
    commune: str
    skills: tuple[tuple[str, int, int, int], ...]
    shops_with_qr: int
    sites: tuple[tuple[str, int], ...]
    kiosk_sessions: int
    guide_opens: int
    guide_completions: int
    daily_sessions: tuple[tuple[str, int], ...] = ()
    practices: tuple[tuple[str, int, int], ...] = ()
    quiz_misses: tuple[tuple[str, str, int, int], ...] = ()

    def __post_init__(self) -> None:
        _normalize_strings(self)
        if len(self.month) != 7 or self.month[4] != "-":
            raise LayoutError(N_("Báo cáo: tháng “%(month)s” phải có dạng NĂM-THÁNG."),
                              month=self.month)


def _styles(fonts: Fonts) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=fonts.bold, fontSize=17, leading=21, spaceAfter=3,
                                textColor=ACCENT),
        "h2": ParagraphStyle("h2", fontName=fonts.bold, fontSize=12.5, leading=16,
                             spaceBefore=8, spaceAfter=4),
        "body": ParagraphStyle("body", fontName=fonts.regular, fontSize=10.5, leading=14),
    }


def _table(rows: list[list], fonts: Fonts, widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.regular, 10),
        ("FONT", (0, 0), (-1, 0), fonts.bold, 10),
        ("FONT", (0, -1), (-1, -1), fonts.bold, 10),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("GRID", (0, 0), (-1, -1), 0.4, sheet.LIGHT_GREY),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return table


def bar_drawing(points: list[tuple[str, int]], fonts: Fonts, width: float, height: float,
                label_every: int = 1) -> Drawing:
    """Vertical bars with the peak value marked; empty data gives bare axes and a note."""
    drawing = Drawing(width, height)
    # Else the renderer starts from Helvetica and lists it, unembedded, in the PDF.
    drawing.initialFontName = fonts.regular
    left, bottom = 10 * mm, 8 * mm
    plot_w, plot_h = width - left, height - bottom - 4 * mm
    peak = max((v for _, v in points), default=0)
    slot = plot_w / max(len(points), 1)
    drawing.add(Line(left, bottom, width, bottom, strokeColor=Color(*sheet.GREY), strokeWidth=0.6))
    drawing.add(String(left - 2, bottom + plot_h - 3, str(peak), fontName=fonts.regular,
                       fontSize=7, textAnchor="end"))
    drawing.add(String(left - 2, bottom - 2, "0", fontName=fonts.regular, fontSize=7,
                       textAnchor="end"))
    for i, (label, value) in enumerate(points):
        bar_h = plot_h * value / max(peak, 1)
        x = left + i * slot + slot * 0.12
        if bar_h > 0:
            drawing.add(Rect(x, bottom, slot * 0.76, bar_h, fillColor=ACCENT, strokeColor=None))
        if i % label_every == 0:
            drawing.add(String(x + slot * 0.38, bottom - 9, label, fontName=fonts.regular,
                               fontSize=6.5, textAnchor="middle"))
    if peak == 0:
        drawing.add(String(left + plot_w / 2, bottom + plot_h / 2, "Chưa có số liệu",
                           fontName=fonts.regular, fontSize=9, textAnchor="middle",
                           fillColor=Color(*sheet.GREY)))
    return drawing


def _practice_section(spec: ReportSpec, fonts: Fonts, styles: dict[str, ParagraphStyle],
                      width: float) -> list:
    """Practices per guide and the quiz items missed most; a plain sentence where there are none,
    so an empty month never prints a table of nothing (and stays on one page)."""
    quiz_title = "“Thật hay lừa?”: 5 tin bà con hay trả lời sai nhất"
    no_practice = "Chưa có lượt thực hành nào trong tháng."
    no_miss = "Chưa có lượt trả lời sai nào trong tháng."
    if not spec.practices and not spec.quiz_misses:
        return [Paragraph(escape("Thực hành trên máy tra cứu và “Thật hay lừa?”"), styles["h2"]),
                Paragraph(escape(f"{no_practice} {no_miss}"), styles["body"])]
    story: list = [Paragraph("Thực hành trên máy tra cứu", styles["h2"])]
    if spec.practices:
        rows: list[list] = [["Hướng dẫn", "Bắt đầu tập", "Tập xong"]]
        rows += [[title, started, finished] for title, started, finished in spec.practices]
        rows.append(["Tổng cộng", sum(p[1] for p in spec.practices),
                     sum(p[2] for p in spec.practices)])
        story.append(_table(rows, fonts, [width * 0.6, width * 0.2, width * 0.2]))
    else:
        story.append(Paragraph(no_practice, styles["body"]))
    story.append(Paragraph(escape(quiz_title), styles["h2"]))
    if spec.quiz_misses:
        cell = ParagraphStyle("cell", fontName=fonts.regular, fontSize=9.5, leading=12)
        rows = [["Mã tin", "Nội dung (mở đầu)", "Đúng", "Sai"]]
        rows += [[item_id, Paragraph(escape(opening), cell), right, wrong]
                 for item_id, opening, right, wrong in spec.quiz_misses]
        table = _table(rows, fonts, [width * 0.18, width * 0.58, width * 0.12, width * 0.12])
        # No total row here: the last row is an item like the others.
        table.setStyle(TableStyle([("FONT", (0, -1), (-1, -1), fonts.regular, 10)]))
        story.append(table)
    else:
        story.append(Paragraph(no_miss, styles["body"]))
    return story


def a4_document(buffer: io.BytesIO, fonts: Fonts, title: str) -> SimpleDocTemplate:
    """The reports' A4 page: margins, metadata, byte-identical output for the same story."""
    return SimpleDocTemplate(
        buffer, pagesize=sheet.A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, invariant=1, initialFontName=fonts.regular, title=title,
        author="Làng Số", creator="Làng Số",
    )


def page_footer(fonts: Fonts, text: str):
    """A platypus page callback: `text · trang N` in small grey at the bottom right."""
    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(fonts.regular, 8)
        canvas.setFillColorRGB(*sheet.GREY)
        canvas.drawRightString(sheet.A4[0] - MARGIN, MARGIN / 2, f"{text} · trang {document.page}")
        canvas.restoreState()
    return footer


def monthly_report_pdf(spec: ReportSpec, fonts: Fonts | None = None) -> bytes:
    """The month's report as A4 PDF bytes, byte-identical for the same spec (invariant=1).

    Raises:
        FontError: no Vietnamese font (when fonts is not given).
    """
    fonts = fonts or load_fonts()
    styles = _styles(fonts)
    year, month = spec.month[:4], spec.month[5:]
    title = f"Báo cáo tháng {month}/{year}"
    buffer = io.BytesIO()
    doc = a4_document(buffer, fonts, title)
    width = doc.width
    place = ", ".join(p for p in (spec.hamlet, spec.commune) if p)
    story = [
        Paragraph(escape(f"{title} — Tổ công nghệ số cộng đồng"), styles["title"]),
        Paragraph(escape(place), styles["body"]),
        Spacer(1, 4 * mm),
        Paragraph("Hỗ trợ người dân theo kỹ năng", styles["h2"]),
    ]
    rows: list[list] = [["Kỹ năng", "Lượt hỗ trợ", "Số người", "Số hộ"]]
    rows += [[label, entries, people, households] for label, entries, people, households
             in spec.skills]
    rows.append(["Tổng cộng", sum(s[1] for s in spec.skills), sum(s[2] for s in spec.skills),
                 sum(s[3] for s in spec.skills)])
    story.append(_table(rows, fonts, [width * 0.52, width * 0.16, width * 0.16, width * 0.16]))
    story.append(Spacer(1, 3 * mm))
    story.append(bar_drawing([(str(i + 1), s[2]) for i, s in enumerate(spec.skills)], fonts,
                             width * 0.6, 30 * mm))
    story.append(Paragraph(escape("Số người theo kỹ năng (1–7: thứ tự trong bảng trên)."),
                           styles["body"]))

    story.append(Paragraph("Thanh toán số và máy tra cứu", styles["h2"]))
    kiosk_rows = [["", "Số"], ["Cửa hàng có mã QR thanh toán", spec.shops_with_qr],
                  ["Lượt dùng máy tra cứu", spec.kiosk_sessions],
                  ["Lượt mở hướng dẫn", spec.guide_opens],
                  ["Lượt làm hết hướng dẫn", spec.guide_completions]]
    kiosk_table = _table(kiosk_rows, fonts, [width * 0.7, width * 0.3])
    kiosk_table.setStyle(TableStyle([("FONT", (0, -1), (-1, -1), fonts.regular, 10)]))
    story.append(kiosk_table)
    if spec.daily_sessions:
        story.append(Spacer(1, 3 * mm))
        story.append(bar_drawing(list(spec.daily_sessions), fonts, width, 30 * mm, label_every=5))
        story.append(Paragraph("Lượt dùng máy tra cứu mỗi ngày trong tháng.", styles["body"]))

    story.append(Paragraph("Lượt quét mã di tích", styles["h2"]))
    site_rows: list[list] = [["Di tích", "Lượt quét"]]
    site_rows += [[name, n] for name, n in spec.sites]
    site_rows.append(["Tổng cộng", sum(n for _, n in spec.sites)])
    story.append(_table(site_rows, fonts, [width * 0.7, width * 0.3]))
    story += _practice_section(spec, fonts, styles, width)
    footer = page_footer(fonts, f"{title} · Làng Số")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


__all__ = ["ReportSpec", "bar_drawing", "monthly_report_pdf"]
