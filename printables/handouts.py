"""Guide handouts: A4 pages residents take home, with a QR to the guide and no passwords on it.

Page 1 has the title, the no-password reminder and a QR to the guide on the kiosk; then every step
numbered with its text, tip, warning and illustration. Every guide prints: the layout first tries
to fit two pages with smaller illustrations, and a longer guide simply runs on, each later page
with a running header "Tờ hướng dẫn “…” (tiếp)" and a small QR, every page numbered "Trang 2/3".
Text a resident reads never goes below MIN_TEXT_PT.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, white
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError as PlatypusLayoutError

from printables import sheet
from printables.fonts import Fonts, load_fonts
from printables.specs import HandoutSpec, HandoutStep, LayoutError
from qr import payloads, render
from qr.messages import N_, Message

# Clear-print guidance for older readers (e.g. RNIB's) asks for 12 pt at least, 14 pt preferred:
# step titles, text, tips, warnings and the reminder never go below 12 pt.
MIN_TEXT_PT = 12
TARGET_PAGES = 2  # one sheet printed on both sides; longer guides run on rather than refusing
MARGIN = 14 * mm
QR_SIDE = 40 * mm  # page 1: symbol ≥ 30 mm for a sheet held at ~30 cm
SMALL_QR_SYMBOL = 16 * mm  # later pages: scanned close up, module still ≥ 0.5 mm
TIP_BG = Color(0.88, 0.95, 0.88)
WARN_BG = Color(1.0, 0.93, 0.85)
ACCENT = Color(0.1, 0.3, 0.55)


@dataclass(frozen=True)
class _Layout:
    """Text size of the steps and the box their illustrations are fitted into."""

    body: float
    picture_w: float
    picture_h: float


# Tried in order; the first that fits TARGET_PAGES wins, else the one with the fewest pages.
# Pictures shrink before text does, and text stops at MIN_TEXT_PT.
LAYOUTS = (
    _Layout(13, 48 * mm, 58 * mm),
    _Layout(MIN_TEXT_PT, 40 * mm, 48 * mm),
    _Layout(MIN_TEXT_PT, 32 * mm, 38 * mm),
)


class _StepTooTall(LayoutError):
    """A step does not fit a page in this layout (a smaller layout may still fit it)."""


class _QrFlowable(Flowable):
    """A vector QR code as a flowable (quiet zone included in its size)."""

    def __init__(self, matrix: list[list[bool]], side: float) -> None:
        super().__init__()
        self.matrix, self.width, self.height = matrix, side, side

    def draw(self) -> None:
        sheet.draw_qr(self.canv, self.matrix, 0, 0, self.width)


class _StepNumber(Flowable):
    """The step number in a filled circle, big enough to find the step again."""

    def __init__(self, number: int, font: str, diameter: float) -> None:
        super().__init__()
        self.number, self.font = number, font
        self.width = self.height = diameter

    def draw(self) -> None:
        r = self.width / 2
        self.canv.setFillColor(ACCENT)
        self.canv.circle(r, r, r, stroke=0, fill=1)
        self.canv.setFillColor(white)
        self.canv.setFont(self.font, r * 1.1)
        self.canv.drawCentredString(r, r - r * 0.38, str(self.number))


class _ScaledDrawing(Flowable):
    """An svglib drawing scaled to fit a width×height box (vector all the way)."""

    def __init__(self, drawing, width: float, height: float) -> None:
        super().__init__()
        self.drawing = drawing
        self.factor = min(width / drawing.width, height / drawing.height)
        self.width, self.height = drawing.width * self.factor, drawing.height * self.factor

    def draw(self) -> None:
        from reportlab.graphics import renderPDF

        self.canv.saveState()
        self.canv.scale(self.factor, self.factor)
        renderPDF.draw(self.drawing, self.canv, 0, 0)
        self.canv.restoreState()


def _styles(fonts: Fonts, body: float) -> dict[str, ParagraphStyle]:
    def style(name: str, font: str, size: float, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3, **kw)

    return {
        "title": style("title", fonts.bold, 22, textColor=ACCENT, spaceAfter=2 * mm),
        "sub": style("sub", fonts.regular, MIN_TEXT_PT, textColor=Color(0.25, 0.25, 0.25)),
        "running": style("running", fonts.bold, MIN_TEXT_PT, textColor=ACCENT),
        "qr": style("qr", fonts.regular, MIN_TEXT_PT, alignment=1),
        "url": style("url", fonts.bold, 10, alignment=1, wordWrap="CJK"),
        "step": style("step", fonts.bold, body + 2, spaceAfter=1 * mm),
        "body": style("body", fonts.regular, body),
        "tip": style("tip", fonts.regular, MIN_TEXT_PT, backColor=TIP_BG, borderPadding=2 * mm,
                     spaceBefore=3 * mm),
        "warn": style("warn", fonts.regular, MIN_TEXT_PT, backColor=WARN_BG,
                      borderPadding=2 * mm, spaceBefore=3 * mm),
    }


def _para(value: str, style: ParagraphStyle) -> Paragraph:
    # Paragraph reads a small markup language: escape user text, keep line breaks.
    return Paragraph(escape(value).replace("\n", "<br/>"), style)


def _illustration(step: HandoutStep, drawing, layout: _Layout,
                  what: Message) -> Flowable | None:
    """The step's picture scaled to fit the layout's box, keeping its proportions."""
    if step.image is None:
        return None
    width, height = layout.picture_w, layout.picture_h
    if drawing is not None:
        return _ScaledDrawing(drawing, width, height)
    jpeg, ratio = sheet.fitted_jpeg(step.image, width, height, what)
    w = min(width, height * ratio)
    return Image(io.BytesIO(jpeg), width=w, height=w / ratio)


def _what(spec: HandoutSpec, number: int) -> Message:
    return Message(N_("Tờ hướng dẫn “%(title)s”, bước %(number)s"), title=spec.title,
                   number=number)


def _step_flowable(number: int, step: HandoutStep, drawing, fonts: Fonts, styles,
                   layout: _Layout, content_w: float, what: Message) -> Flowable:
    cell = [_para(step.title, styles["step"]), _para(step.text, styles["body"])]
    if step.tip:
        cell.append(_para(f"Mẹo: {step.tip}", styles["tip"]))
    if step.warning:
        cell.append(_para(f"Lưu ý: {step.warning}", styles["warn"]))
    number_w = 14 * mm
    picture = _illustration(step, drawing, layout, what)
    row = [_StepNumber(number, fonts.bold, 10 * mm), cell]
    widths = [number_w, content_w - number_w - (layout.picture_w + 4 * mm if picture else 0)]
    if picture:
        row.append(picture)
        widths.append(layout.picture_w + 4 * mm)
    table = Table([row], colWidths=widths)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.regular),  # else Table sets Helvetica per cell
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (1, 0), (1, 0), 3 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, Color(0.8, 0.8, 0.8)),
    ]))
    return KeepTogether([table, Spacer(1, 3 * mm)])


def _matrix(spec: HandoutSpec) -> list[list[bool]]:
    try:
        return render.matrix(payloads.url_payload(spec.url), ec="M", border=sheet.QUIET_MODULES)
    except ValueError as exc:  # PayloadError for a bad link, ValueError for an overlong one
        raise LayoutError(N_("Tờ hướng dẫn “%(title)s”: %(reason)s"), title=spec.title,
                          reason=exc) from exc


def _header(spec: HandoutSpec, matrix, fonts: Fonts, styles, content_w: float) -> Table:
    side = max(sheet.qr_size_for(matrix, 30 * mm, 0.5 * mm), QR_SIDE)
    left = [_para(spec.title, styles["title"])]
    if spec.hamlet:
        left.append(_para(f"Tổ công nghệ số cộng đồng · {spec.hamlet}", styles["sub"]))
    # Consistent with the VNeID guide, which advises keeping the password on paper at home:
    # what must never happen is writing it on a sheet that travels, or telling anyone an OTP.
    left.append(_para("Tờ hướng dẫn này không ghi mật khẩu hay mã OTP. Đừng viết chúng lên tờ này "
                      "và đừng đọc cho người khác.", styles["sub"]))
    right = [_QrFlowable(matrix, side), _para("Quét để xem trên điện thoại", styles["qr"]),
             _para(spec.url, styles["url"])]
    table = Table([[left, right]], colWidths=[content_w - side - 6 * mm, side + 6 * mm])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LINEBELOW", (0, 0), (-1, -1), 1.2, ACCENT),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
    ]))
    return table


class _Pages:
    """Page furniture: the running header with a small QR on later pages, "Trang n/N" on all."""

    def __init__(self, spec: HandoutSpec, matrix, fonts: Fonts, styles, total: int | None) -> None:
        self.matrix, self.fonts, self.total = matrix, fonts, total
        self.qr_side = sheet.qr_size_for(matrix, SMALL_QR_SYMBOL, 0.5 * mm)
        self.text_w = sheet.A4[0] - 2 * MARGIN - self.qr_side - 4 * mm
        self.running = _para(f"Tờ hướng dẫn “{spec.title}” (tiếp)", styles["running"])
        _, text_h = self.running.wrap(self.text_w, sheet.A4[1])
        self.band = max(self.qr_side, text_h) + 3 * mm  # taken off the top of later pages

    def first(self, canvas, doc) -> None:
        self._page_number(canvas, doc.page)

    def later(self, canvas, doc) -> None:
        top = sheet.A4[1] - MARGIN
        right = sheet.A4[0] - MARGIN
        sheet.draw_qr(canvas, self.matrix, right - self.qr_side, top - self.qr_side,
                      self.qr_side)
        _, text_h = self.running.wrap(self.text_w, self.band)
        self.running.drawOn(canvas, MARGIN, top - text_h)
        canvas.saveState()
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(1.2)
        canvas.line(MARGIN, top - self.band, right, top - self.band)
        canvas.restoreState()
        self._page_number(canvas, doc.page)

    def _page_number(self, canvas, page: int) -> None:
        canvas.saveState()
        canvas.setFont(self.fonts.regular, 10)
        canvas.setFillColorRGB(*sheet.GREY)
        label = f"Trang {page}/{self.total}" if self.total else f"Trang {page}"
        canvas.drawRightString(sheet.A4[0] - MARGIN, MARGIN - 2 * mm, label)
        canvas.restoreState()


def _build(spec: HandoutSpec, drawings: list, fonts: Fonts, layout: _Layout,
           total: int | None = None) -> tuple[bytes, int]:
    """One build in `layout`; `total` is printed in the page numbers once it is known."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=sheet.A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm, invariant=1, initialFontName=fonts.regular,
        title=spec.title, author="Làng Số", creator="Làng Số",
    )
    styles = _styles(fonts, layout.body)
    matrix = _matrix(spec)
    pages = _Pages(spec, matrix, fonts, styles, total)
    first = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="first")
    later = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height - pages.band,
                  id="later")
    doc.addPageTemplates([
        PageTemplate("first", [first], onPage=pages.first, autoNextPageTemplate="later"),
        PageTemplate("later", [later], onPage=pages.later),
    ])
    content_w = first.width - first.leftPadding - first.rightPadding
    story: list[Flowable] = [_header(spec, matrix, fonts, styles, content_w), Spacer(1, 5 * mm)]
    for number, (step, drawing) in enumerate(zip(spec.steps, drawings, strict=True), start=1):
        story.append(_step_flowable(number, step, drawing, fonts, styles, layout, content_w,
                                    _what(spec, number)))
    try:
        doc.build(story)
    except PlatypusLayoutError as exc:  # one step taller than a page
        raise _StepTooTall(N_("Tờ hướng dẫn “%(title)s”: có một bước dài hơn cả trang A4. Hãy "
                              "chia bước đó thành nhiều bước ngắn hơn."), title=spec.title) from exc
    return buffer.getvalue(), doc.page


def guide_handout_pdf(spec: HandoutSpec, fonts: Fonts | None = None) -> bytes:
    """A4 handout PDF of one guide, as many pages as it takes (two when smaller pictures allow).

    Raises:
        LayoutError: a single step is taller than a page (far beyond the pack's text limits), an
            illustration cannot be read or the link cannot be encoded; the message names the
            guide (and step).
        FontError: no Vietnamese font (when fonts is not given).
    """
    fonts = fonts or load_fonts()
    # SVG is parsed once and drawn at each layout's size.
    drawings = [sheet.svg_drawing(step.image, fonts.regular, _what(spec, n))
                if step.image is not None and step.image_kind == "svg" else None
                for n, step in enumerate(spec.steps, start=1)]
    counts: list[tuple[int, _Layout]] = []
    for layout in LAYOUTS:
        try:
            pages = _build(spec, drawings, fonts, layout)[1]
        except _StepTooTall:
            if counts or layout is not LAYOUTS[-1]:
                continue  # smaller pictures may let the step fit a page
            raise
        if pages <= TARGET_PAGES:
            break
        counts.append((pages, layout))
    else:
        pages, layout = min(counts, key=lambda c: c[0])  # min keeps the first (larger) on ties
    return _build(spec, drawings, fonts, layout, total=pages)[0]
