"""Guide handouts: an A4 sheet (one or two pages) residents take home, no passwords on it.

Title and a QR to the guide on the kiosk at the top, then every step numbered with its text, tip,
warning and illustration. Laid out with platypus; if the guide runs past two pages the sizes step
down, and if it still does not fit, LayoutError says so.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, white
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError as PlatypusLayoutError

from printables import sheet
from printables.fonts import Fonts, load_fonts
from printables.specs import HandoutSpec, HandoutStep, LayoutError
from qr import payloads, render

MAX_PAGES = 2
MARGIN = 14 * mm
QR_SIDE = 40 * mm  # symbol ≥ 30 mm for a sheet held at ~30 cm
SCALES = (1.0, 0.92, 0.85, 0.78)  # text and picture sizes tried before giving up
TIP_BG = Color(0.88, 0.95, 0.88)
WARN_BG = Color(1.0, 0.93, 0.85)
ACCENT = Color(0.1, 0.3, 0.55)


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


def _styles(fonts: Fonts, k: float) -> dict[str, ParagraphStyle]:
    def style(name: str, font: str, size: float, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size * k, leading=size * k * 1.3,
                              **kw)

    return {
        "title": style("title", fonts.bold, 22, textColor=ACCENT, spaceAfter=2 * mm),
        "sub": style("sub", fonts.regular, 11, textColor=Color(0.33, 0.33, 0.33)),
        "qr": style("qr", fonts.regular, 9, alignment=1),
        "url": style("url", fonts.bold, 9, alignment=1, wordWrap="CJK"),
        "step": style("step", fonts.bold, 15, spaceAfter=1 * mm),
        "body": style("body", fonts.regular, 12.5),
        "tip": style("tip", fonts.regular, 11.5, backColor=TIP_BG, borderPadding=2 * mm,
                     spaceBefore=3 * mm),
        "warn": style("warn", fonts.regular, 11.5, backColor=WARN_BG, borderPadding=2 * mm,
                      spaceBefore=3 * mm),
    }


def _para(value: str, style: ParagraphStyle) -> Paragraph:
    # Paragraph reads a small markup language: escape user text, keep line breaks.
    return Paragraph(escape(value).replace("\n", "<br/>"), style)


def _illustration(step: HandoutStep, fonts: Fonts, width: float, height: float,
                  what: str) -> Flowable | None:
    """The step's picture scaled to fit width×height, keeping its proportions."""
    if step.image is None:
        return None
    if step.image_kind == "svg":
        return _ScaledDrawing(sheet.svg_drawing(step.image, fonts.regular, what), width, height)
    jpeg, ratio = sheet.fitted_jpeg(step.image, width, height, what)
    w = min(width, height * ratio)
    return Image(io.BytesIO(jpeg), width=w, height=w / ratio)


def _step_flowable(number: int, step: HandoutStep, fonts: Fonts, styles, k: float,
                   content_w: float, title: str) -> Flowable:
    what = f"Tờ hướng dẫn “{title}”, bước {number}"
    cell = [_para(step.title, styles["step"]), _para(step.text, styles["body"])]
    if step.tip:
        cell.append(_para(f"Mẹo: {step.tip}", styles["tip"]))
    if step.warning:
        cell.append(_para(f"Lưu ý: {step.warning}", styles["warn"]))
    number_w = 14 * mm * k
    picture_w = 48 * mm * k
    picture = _illustration(step, fonts, picture_w, 58 * mm * k, what)
    row = [_StepNumber(number, fonts.bold, 10 * mm * k), cell]
    widths = [number_w, content_w - number_w - (picture_w + 4 * mm if picture else 0)]
    if picture:
        row.append(picture)
        widths.append(picture_w + 4 * mm)
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
    return KeepTogether([table, Spacer(1, 3 * mm * k)])


def _header(spec: HandoutSpec, fonts: Fonts, styles, content_w: float) -> Table:
    try:
        matrix = render.matrix(payloads.url_payload(spec.url), ec="M", border=sheet.QUIET_MODULES)
    except ValueError as exc:  # PayloadError for a bad link, ValueError for an overlong one
        raise LayoutError(f"Tờ hướng dẫn “{spec.title}”: {exc}") from exc
    side = sheet.qr_size_for(matrix, 30 * mm, 0.5 * mm)
    side = max(side, QR_SIDE)
    left = [_para(spec.title, styles["title"])]
    if spec.hamlet:
        left.append(_para(f"Tổ công nghệ số cộng đồng · {spec.hamlet}", styles["sub"]))
    left.append(_para("Tờ hướng dẫn này không ghi mật khẩu hay mã OTP. Đừng viết chúng lên giấy "
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


def _build(spec: HandoutSpec, fonts: Fonts, k: float) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=sheet.A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm, invariant=1, initialFontName=fonts.regular,
        title=spec.title, author="Làng Số", creator="Làng Số",
    )
    styles = _styles(fonts, k)
    content_w = doc.width
    story: list[Flowable] = [_header(spec, fonts, styles, content_w), Spacer(1, 5 * mm)]
    for number, step in enumerate(spec.steps, start=1):
        story.append(_step_flowable(number, step, fonts, styles, k, content_w, spec.title))

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(fonts.regular, 8)
        canvas.setFillColorRGB(*sheet.GREY)
        canvas.drawRightString(sheet.A4[0] - MARGIN, MARGIN - 2 * mm,
                               f"{spec.title[:80]} · trang {document.page}")
        canvas.restoreState()

    try:
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
    except PlatypusLayoutError as exc:  # one step taller than a page
        raise LayoutError(
            f"Tờ hướng dẫn “{spec.title}”: có một bước dài hơn cả trang A4. Hãy chia bước đó "
            "thành nhiều bước ngắn hơn."
        ) from exc
    return buffer.getvalue(), doc.page


def guide_handout_pdf(spec: HandoutSpec, fonts: Fonts | None = None) -> bytes:
    """A4 handout PDF of one guide, at most two pages, sizes stepped down until it fits.

    Raises:
        LayoutError: the guide does not fit two pages even at the smallest sizes, or an
            illustration cannot be read; the message names the guide (and step).
        FontError: no Vietnamese font (when fonts is not given).
    """
    fonts = fonts or load_fonts()
    for k in SCALES:
        pdf, pages = _build(spec, fonts, k)
        if pages <= MAX_PAGES:
            return pdf
    raise LayoutError(
        f"Tờ hướng dẫn “{spec.title}”: {len(spec.steps)} bước không vừa {MAX_PAGES} trang A4 "
        "kể cả khi thu nhỏ chữ. Hãy rút gọn nội dung hoặc tách thành hai hướng dẫn."
    )
