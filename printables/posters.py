"""Posters: heritage sites (A4/A3), any link (A4) and the hamlet Wi-Fi (A4).

Posters are read from about a metre away, so the code's symbol (without its quiet zone) is at
least 100 mm wide on A4 and scales with the page on A3; modules come out well above 1 mm.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printables import sheet, text
from printables.fonts import Fonts, load_fonts
from printables.specs import LayoutError, LinkPosterSpec, PosterSpec, WifiPosterSpec, part
from qr import payloads, render
from qr.messages import N_, Message

SIZES = ("a4", "a3")
MIN_SYMBOL = 100 * mm  # read from ~1 m: width ≥ distance / 10
MIN_MODULE = 1 * mm
ACCENT = (0.55, 0.12, 0.05)


def _matrix(make_payload, ec: str, what: Message) -> list[list[bool]]:
    """Module matrix of the payload make_payload() returns.

    Raises:
        LayoutError: qr/ rejects the link or network (PayloadError) or it is too long for a
            code; the message names the poster.
    """
    try:
        return render.matrix(make_payload(), ec=ec, border=sheet.QUIET_MODULES)
    except ValueError as exc:
        raise LayoutError(N_("%(item)s: %(reason)s"), item=what, reason=exc) from exc


class _Page:
    """Geometry of one poster page: size, scale against A4, margins and the content box."""

    def __init__(self, size: tuple[float, float]) -> None:
        self.width, self.height = size
        self.scale = self.width / sheet.A4[0]
        self.margin = 12 * mm * self.scale
        self.left = self.margin
        self.inner = self.width - 2 * self.margin
        self.top = self.height - self.margin
        self.bottom = self.margin


def _accent_bar(canvas: Canvas, page: _Page) -> None:
    canvas.setFillColorRGB(*ACCENT)
    canvas.rect(page.left, page.top - 3 * mm * page.scale, page.inner, 3 * mm * page.scale,
                stroke=0, fill=1)


def _footer(canvas: Canvas, page: _Page, parts: Sequence[str], fonts: Fonts,
            what: Message) -> float:
    """Place names at the bottom (hamlet · commune · province); returns the y above them."""
    line = " · ".join(p for p in parts if p)
    if not line:
        return page.bottom
    block = text.fit(line, fonts.regular, page.inner, max_size=11 * page.scale, min_size=7,
                     max_lines=2, what=part(what, N_("địa danh")))
    text.draw(canvas, block, page.left, page.bottom + block.height, page.inner, align="center",
              color=sheet.GREY)
    y = page.bottom + block.height + 2 * mm
    canvas.setStrokeColorRGB(*sheet.LIGHT_GREY)
    canvas.setLineWidth(0.6)
    canvas.line(page.left, y, page.left + page.inner, y)
    return y + 3 * mm


def _qr_side(matrix: Sequence[Sequence[bool]], page: _Page) -> float:
    return sheet.qr_size_for(matrix, MIN_SYMBOL * page.scale, MIN_MODULE)


def _subtitle(spec: PosterSpec) -> str:
    """The English name under the title, or "" when there is none or it only repeats the title
    (a site named the same in both languages, or a caller that filled the gap with the name)."""
    if not spec.name_en or spec.name_en.casefold() == spec.name_vi.casefold():
        return ""
    return spec.name_en


def _heritage_page(canvas: Canvas, spec: PosterSpec, page: _Page, fonts: Fonts) -> None:
    what = Message(N_("Áp phích “%(name)s”"), name=spec.name_vi[:60])
    s = page.scale
    _accent_bar(canvas, page)
    top = page.top - 7 * mm * s
    name = text.fit(spec.name_vi, fonts.bold, page.inner, max_size=34 * s, min_size=16 * s,
                    max_lines=3, what=part(what, N_("tên tiếng Việt")))
    top = text.draw(canvas, name, page.left, top, page.inner, color=ACCENT)
    if _subtitle(spec):
        name_en = text.fit(spec.name_en, fonts.regular, page.inner, max_size=18 * s,
                           min_size=10 * s, max_lines=2,
                           what=part(what, N_("tên tiếng Anh")))
        top = text.draw(canvas, name_en, page.left, top - 1 * mm, page.inner, color=sheet.GREY)
    top -= 5 * mm * s

    bottom = _footer(canvas, page, (spec.hamlet, spec.commune, spec.province), fonts, what)
    matrix = _matrix(lambda: payloads.url_payload(spec.url), spec.ec, what)
    side = _qr_side(matrix, page)
    sheet.draw_qr(canvas, matrix, page.left, bottom, side)
    _qr_caption(canvas, page, side, bottom, spec.url, spec.summary_en, fonts, what)
    middle_bottom = bottom + side + 3 * mm * s

    summary, photo_h = _fit_summary(spec, page, fonts, top - middle_bottom, what)
    if spec.photo is not None:
        reader, ratio = sheet.photo_reader(spec.photo, page.inner, photo_h,
                                           part(what, N_("ảnh")))
        w = min(page.inner, photo_h * ratio)
        h = w / ratio
        canvas.drawImage(reader, page.left + (page.inner - w) / 2, top - h, w, h)
        top -= h + 4 * mm * s
    text.draw(canvas, summary, page.left, top, page.inner)


def _fit_summary(spec: PosterSpec, page: _Page, fonts: Fonts, space: float,
                 what: Message) -> tuple[text.Block, float]:
    """Largest summary size that leaves the photo a good height; (block, photo height).

    A photo of 60 mm is tried first; only a long summary pushes it down to 35 mm.
    """
    s = page.scale
    gap = 4 * mm * s if spec.photo is not None else 0
    for min_photo in (60 * mm * s, 35 * mm * s):
        if spec.photo is None:
            min_photo = 0
        size = 15 * s
        while size >= 9 * s:
            block = text.fit(spec.summary_vi, fonts.regular, page.inner, max_size=size,
                             min_size=size, max_lines=999)
            photo_h = min(95 * mm * s, space - block.height - gap)
            if photo_h >= min_photo:
                return block, (photo_h if spec.photo is not None else 0)
            size -= 0.5
    raise LayoutError(N_("%(item)s: phần tóm tắt tiếng Việt quá dài, không vừa áp phích. Hãy rút "
                         "gọn (khoảng 400–600 chữ cái)."), item=what)


def _qr_caption(canvas: Canvas, page: _Page, side: float, bottom: float, url: str,
                summary_en: str | None, fonts: Fonts, what: Message) -> None:
    """The column right of the code: scan prompt, optional English summary, the printed link."""
    s = page.scale
    x = page.left + side + 4 * mm * s
    width = page.left + page.inner - x
    top = bottom + side - 4 * mm * s
    prompt = text.fit("Quét mã để xem thêm", fonts.bold, width, max_size=22 * s, min_size=12,
                      max_lines=2)
    top = text.draw(canvas, prompt, x, top, width)
    prompt_en = text.fit("Scan for more", fonts.regular, width, max_size=14 * s, min_size=9)
    top = text.draw(canvas, prompt_en, x, top, width, color=sheet.GREY) - 5 * mm * s
    link = text.fit_link(url, fonts.bold, width, max_size=13 * s, min_size=11 * s,
                         what=part(what, N_("đường dẫn")))
    link_top = bottom + 4 * mm * s + link.height
    text.draw(canvas, link, x, link_top, width)
    if summary_en:
        space = top - link_top - 5 * mm * s
        block = text.fit(summary_en, fonts.regular, width, max_size=11 * s, min_size=7,
                         max_lines=999, height=space,
                         what=part(what, N_("tóm tắt tiếng Anh")))
        text.draw(canvas, block, x, top, width, color=sheet.GREY)


def heritage_posters_pdf(posters: Iterable[PosterSpec], size: str = "a4",
                         fonts: Fonts | None = None) -> bytes:
    """PDF of heritage site posters, one per page, in the order given.

    Raises:
        LayoutError: unknown size, no posters, an unreadable photo or text that cannot fit; the
            message names the site.
        FontError: no Vietnamese font (when fonts is not given).
    """
    if size not in SIZES:
        raise LayoutError(N_("Khổ giấy “%(size)s” không có; chọn một trong: %(sizes)s."),
                          size=size, sizes=", ".join(SIZES))
    posters = list(posters)
    if not posters:
        raise LayoutError(N_("Không có di tích nào để in."))
    fonts = fonts or load_fonts()
    page = _Page(sheet.PAGE_SIZES[size])
    buffer = io.BytesIO()
    canvas = sheet.new_canvas(buffer, (page.width, page.height), fonts, "Áp phích di tích")
    for spec in posters:
        _heritage_page(canvas, spec, page, fonts)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _centered_qr_poster(canvas: Canvas, page: _Page, fonts: Fonts, title: str, subtitle: str,
                        matrix, below: Sequence[tuple[str, bool, float]], body: str,
                        footer: Sequence[str], what: Message) -> None:
    """Title, subtitle, a large centered code, lines under it, then free text and a footer."""
    _accent_bar(canvas, page)
    top = page.top - 8 * mm
    head = text.fit(title, fonts.bold, page.inner, max_size=36, min_size=16, max_lines=3,
                    what=part(what, N_("tiêu đề")))
    top = text.draw(canvas, head, page.left, top, page.inner, align="center", color=ACCENT)
    if subtitle:
        sub = text.fit(subtitle, fonts.regular, page.inner, max_size=16, min_size=10,
                       max_lines=2)
        top = text.draw(canvas, sub, page.left, top - 1 * mm, page.inner, align="center",
                        color=sheet.GREY)
    bottom = _footer(canvas, page, footer, fonts, what)
    side = min(page.inner, _qr_side(matrix, page) * 1.15)
    sheet.draw_qr(canvas, matrix, page.left + (page.inner - side) / 2, top - 3 * mm - side, side)
    top -= side + 4 * mm
    for content, bold, max_size in below:
        block = text.fit_link(content, fonts.bold if bold else fonts.regular, page.inner,
                              max_size=max_size, min_size=10, what=what)
        top = text.draw(canvas, block, page.left, top, page.inner, align="center") - 1.5 * mm
    if body:
        block = text.fit(body, fonts.regular, page.inner, max_size=16, min_size=9,
                         max_lines=999, height=top - bottom - 4 * mm,
                         what=part(what, N_("hướng dẫn")))
        text.draw(canvas, block, page.left, top - 3 * mm, page.inner, align="center")
    elif top < bottom:
        raise LayoutError(N_("%(item)s: nội dung không vừa trang."), item=what)


def link_poster_pdf(spec: LinkPosterSpec, fonts: Fonts | None = None) -> bytes:
    """A4 poster for one link: title, large code, the link printed, then the instructions.

    Raises:
        LayoutError: text that cannot fit (names the poster). FontError: no Vietnamese font.
    """
    fonts = fonts or load_fonts()
    page = _Page(sheet.A4)
    buffer = io.BytesIO()
    canvas = sheet.new_canvas(buffer, sheet.A4, fonts, spec.title)
    what = Message(N_("Áp phích “%(title)s”"), title=spec.title)
    matrix = _matrix(lambda: payloads.url_payload(spec.url), spec.ec, what)
    _centered_qr_poster(
        canvas, page, fonts, spec.title, "Quét mã bằng Zalo hoặc máy ảnh điện thoại", matrix,
        [(spec.url, True, 14)], spec.instructions, (spec.hamlet,), what,
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def wifi_poster_pdf(spec: WifiPosterSpec, fonts: Fonts | None = None) -> bytes:
    """A4 poster to join a Wi-Fi network: the join code, network name and password printed.

    Raises:
        LayoutError: name or password too long to print. FontError: no Vietnamese font.
    """
    fonts = fonts or load_fonts()
    page = _Page(sheet.A4)
    buffer = io.BytesIO()
    canvas = sheet.new_canvas(buffer, sheet.A4, fonts, "Wi-Fi")
    matrix = _matrix(
        lambda: payloads.wifi_payload(spec.ssid, spec.password, security=spec.security,
                                      hidden=spec.hidden),
        "M", "Áp phích Wi-Fi",
    )
    password = spec.password or "(không cần mật khẩu)"
    _centered_qr_poster(
        canvas, page, fonts, "Kết nối Wi-Fi", "Quét mã để vào mạng · Scan to join the Wi-Fi",
        matrix,
        [(f"Tên mạng: {spec.ssid}", True, 22), (f"Mật khẩu: {password}", True, 22)],
        "Mở ứng dụng Máy ảnh (Camera) trên điện thoại, hướng vào mã rồi bấm vào thông báo "
        "hiện ra. Nếu không được, vào Cài đặt → Wi-Fi, chọn tên mạng ở trên"
        + (" và gõ mật khẩu." if spec.password else "."),
        (spec.hamlet,), "Áp phích Wi-Fi",
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
