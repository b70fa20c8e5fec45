"""Payment cards for household shops: four A6 cards on A4 (a6x4) or an A5 table tent (a5-tent).

Each card carries the shop's VietQR code (error correction M, no logo), the bank and account as
text so the payer can check them, and for a demo shop a red "MẪU — KHÔNG CHUYỂN TIỀN" band above
and below the code, never over it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printables import sheet, text
from printables.fonts import Fonts, load_fonts
from printables.specs import CardSpec, LayoutError, part
from qr import banks, render, vietqr
from qr.messages import N_, Message

LAYOUTS = ("a6x4", "a5-tent")
DEMO_MARK = "MẪU — KHÔNG CHUYỂN TIỀN"
SAFE = 5 * mm  # printers cannot print the last ~4 mm; scissors wander
MIN_SYMBOL = 30 * mm  # read from ~30 cm: width ≥ distance / 10
MIN_MODULE = 0.5 * mm
MAX_QR = {"a6x4": 70 * mm, "a5-tent": 100 * mm}


@dataclass(frozen=True)
class _Face:
    """Where one card face goes: its box on the page, inside the safe margin."""

    x: float
    y: float
    width: float
    height: float


def card_payload(spec: CardSpec) -> str:
    """The VietQR payload printed on the card.

    Raises:
        LayoutError: qr/ rejects the bank, account, amount or purpose; the message names the shop.
    """
    try:
        return vietqr.payload(
            spec.bank_bin, spec.account, amount=spec.amount, purpose=spec.purpose,
            service=spec.service,
        )
    except vietqr.PayloadError as exc:
        raise LayoutError(N_("%(item)s: %(reason)s"), item=_item(spec), reason=exc) from exc


def _item(spec: CardSpec) -> Message:
    name = spec.shop_name if len(spec.shop_name) <= 60 else spec.shop_name[:57] + "…"
    if spec.code:
        return Message(N_("Cửa hàng “%(name)s” (mã %(code)s)"), name=name, code=spec.code)
    return Message(N_("Cửa hàng “%(name)s”"), name=name)


def _info_lines(spec: CardSpec, bank_name: str, fonts: Fonts, width: float,
                scale: float) -> list[tuple[text.Block, tuple[float, float, float]]]:
    """Fitted blocks under the code: bank, account, holder, amount, purpose (top to bottom)."""
    item = _item(spec)
    label = "Số thẻ" if spec.service == "card" else "Số TK"
    rows = [
        (f"Ngân hàng: {bank_name}", fonts.regular, 11, 7, 2, sheet.BLACK, N_("tên ngân hàng")),
        (f"{label}: {vietqr.group_account(spec.account)}", fonts.bold, 16, 9, 1, sheet.BLACK,
         N_("số tài khoản")),
        (spec.holder.upper(), fonts.bold, 12, 7, 2, sheet.BLACK, N_("tên chủ tài khoản")),
    ]
    if spec.amount:
        rows.append((f"Số tiền: {vietqr.format_amount(int(spec.amount))}", fonts.bold, 14, 9, 1,
                     sheet.RED, N_("số tiền")))
    if spec.purpose:
        rows.append((f"Nội dung: {spec.purpose}", fonts.regular, 11, 7, 2, sheet.BLACK,
                     N_("nội dung chuyển khoản")))
    blocks = []
    for content, font, size, smallest, lines, color, what in rows:
        if not content.strip():
            continue
        block = text.fit(content, font, width, max_size=size * scale, min_size=smallest,
                         max_lines=lines, what=part(item, what))
        blocks.append((block, color))
    return blocks


def _demo_band(canvas: Canvas, face: _Face, top: float, height: float, fonts: Fonts) -> None:
    canvas.setFillColorRGB(*sheet.RED)
    canvas.rect(face.x, top - height, face.width, height, stroke=0, fill=1)
    block = text.fit(DEMO_MARK, fonts.bold, face.width - 4 * mm, max_size=height * 0.55,
                     min_size=6, what=Message(N_("Dòng chữ mẫu")))
    text.draw(canvas, block, face.x + 2 * mm, top - (height - block.height) / 2,
              face.width - 4 * mm, align="center", color=(1, 1, 1))


def _frame(canvas: Canvas, face: _Face, demo: bool) -> None:
    canvas.saveState()
    if demo:
        canvas.setStrokeColorRGB(*sheet.RED)
        canvas.setLineWidth(2)
    else:
        canvas.setStrokeColorRGB(*sheet.LIGHT_GREY)
        canvas.setLineWidth(0.7)
    inset = (2 if demo else 0.7) / 2  # the stroke stays inside the safe box
    canvas.roundRect(face.x + inset, face.y + inset, face.width - 2 * inset,
                     face.height - 2 * inset, 3 * mm, stroke=1, fill=0)
    canvas.restoreState()


@dataclass(frozen=True)
class _Plan:
    """A card face laid out at one text scale: fitted blocks and the code's square."""

    name: text.Block
    scan: text.Block
    scan_en: text.Block
    info: list
    footer: text.Block
    qr_x: float
    qr_y: float
    qr_side: float
    col_x: float
    col_w: float
    top: float
    bottom: float


TEXT_SCALES = (1.0, 0.88, 0.76)  # tried in turn until the code gets its minimum size


def _fit_name(spec: CardSpec, fonts: Fonts, width: float, scale: float,
              height: float) -> text.Block:
    """The shop name: one line if it stays large, else two, else smaller on up to six.

    Trying one line first avoids a lone last word ("Tạp hoá Cô / Lan").
    """
    what = part(_item(spec), N_("tên cửa hàng"))
    for lines, smallest in ((1, 17 * scale), (2, 14 * scale)):
        try:
            return text.fit(spec.shop_name, fonts.bold, width, max_size=22 * scale,
                            min_size=smallest, max_lines=lines, what=what)
        except LayoutError:
            continue
    return text.fit(spec.shop_name, fonts.bold, width, max_size=14 * scale, min_size=8,
                    max_lines=6, height=height, what=what)


def _plan(spec: CardSpec, matrix, bank_name: str, fonts: Fonts, face: _Face, layout: str,
          scale: float) -> _Plan:
    """Lay out one face at a text scale; the code gets whatever height the text leaves."""
    item = _item(spec)
    band = (9 if layout == "a6x4" else 13) * mm if spec.demo else 0
    pad = 4 * mm
    top = face.y + face.height - band - pad
    bottom = face.y + band + pad * 0.75
    x, width = face.x + pad, face.width - 2 * pad
    if layout == "a6x4":
        col_x, col_w, scale_k = x, width, scale
    else:
        side = min(MAX_QR[layout], top - bottom)
        col_x = x + side + 5 * mm
        col_w, scale_k = x + width - col_x, scale * 1.35
    name = _fit_name(spec, fonts, col_w, scale_k, (26 if layout == "a6x4" else 45) * mm)
    scan = text.fit("Quét mã để thanh toán", fonts.bold, col_w, max_size=13 * scale_k,
                    min_size=7)
    scan_en = text.fit("Scan to pay", fonts.regular, col_w, max_size=9 * scale_k, min_size=6)
    info = _info_lines(spec, bank_name, fonts, col_w, scale_k)
    footer_text = " · ".join(p for p in (f"Mã: {spec.code}" if spec.code else "", spec.hamlet) if p)
    footer = text.fit(footer_text, fonts.regular, col_w, max_size=8.5 * scale_k, min_size=6,
                      max_lines=2, what=part(item, N_("dòng cuối")))
    header_h = name.height + 1.5 * mm + scan.height + scan_en.height
    info_h = sum(b.height + 1 * mm for b, _ in info) + footer.height + 2 * mm
    if layout == "a6x4":
        space = top - bottom - header_h - info_h
        side = min(MAX_QR[layout], space, width)
        qr_x, qr_y = x + (width - side) / 2, bottom + info_h + (space - side) / 2
    else:
        qr_x, qr_y = x, bottom + (top - bottom - side) / 2
        if header_h + info_h > top - bottom:
            side = 0  # the text column overflows: try a smaller scale
    return _Plan(name, scan, scan_en, info, footer, qr_x, qr_y, side, col_x, col_w, top, bottom)


def _fits(plan: _Plan, modules: int) -> bool:
    symbol = plan.qr_side * (modules - 2 * sheet.QUIET_MODULES) / modules
    return symbol >= MIN_SYMBOL and plan.qr_side / modules >= MIN_MODULE


def _draw_face(canvas: Canvas, spec: CardSpec, matrix, bank_name: str, fonts: Fonts,
               face: _Face, layout: str) -> None:
    """One card face: header (name, "scan to pay"), code, then account details and footer.

    Raises:
        LayoutError: even at the smallest text scale the code would be under its minimum size.
    """
    for scale in TEXT_SCALES:
        plan = _plan(spec, matrix, bank_name, fonts, face, layout, scale)
        if _fits(plan, len(matrix)):
            break
    else:
        raise LayoutError(N_("%(item)s: không đủ chỗ cho mã QR (cần ít nhất %(min)s mm) bên cạnh "
                             "chữ. Hãy rút gọn tên cửa hàng hoặc nội dung chuyển khoản."),
                          item=_item(spec), min=f"{MIN_SYMBOL / mm:.0f}")
    _frame(canvas, face, spec.demo)
    if spec.demo:
        band = (9 if layout == "a6x4" else 13) * mm
        _demo_band(canvas, face, face.y + face.height, band, fonts)
        _demo_band(canvas, face, face.y + band, band, fonts)
    align = "center" if layout == "a6x4" else "left"
    y = text.draw(canvas, plan.name, plan.col_x, plan.top, plan.col_w, align=align)
    y = text.draw(canvas, plan.scan, plan.col_x, y - 1.5 * mm, plan.col_w, align=align)
    text.draw(canvas, plan.scan_en, plan.col_x, y, plan.col_w, align=align, color=sheet.GREY)
    sheet.draw_qr(canvas, matrix, plan.qr_x, plan.qr_y, plan.qr_side)
    text.draw(canvas, plan.footer, plan.col_x, plan.bottom + plan.footer.height, plan.col_w,
              align=align, color=sheet.GREY)
    y = plan.bottom + plan.footer.height + 2 * mm + sum(b.height + 1 * mm for b, _ in plan.info)
    for block, color in plan.info:
        y = text.draw(canvas, block, plan.col_x, y, plan.col_w, align=align, color=color) - 1 * mm


def _faces(layout: str, slot: int) -> list[tuple[_Face, bool]]:
    """The faces of card number `slot` on its page: (box, drawn upside down)."""
    if layout == "a6x4":
        col, row = slot % 2, slot // 2
        # A4 is 1 mm taller than two A6: each card gets half the page, cut in the middle.
        cell_w, cell_h = sheet.A4[0] / 2, sheet.A4[1] / 2
        x, y = col * cell_w + SAFE, (1 - row) * cell_h + SAFE
        return [(_Face(x, y, cell_w - 2 * SAFE, cell_h - 2 * SAFE), False)]
    half = sheet.A4[1] / 2
    face = _Face(SAFE + 1 * mm, SAFE + 1 * mm, sheet.A4[0] - 2 * SAFE - 2 * mm,
                 half - 2 * SAFE - 2 * mm)
    return [(face, False), (face, True)]


def _fold_line(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setStrokeColorRGB(*sheet.LIGHT_GREY)
    canvas.setLineWidth(0.5)
    canvas.setDash(3 * mm, 2 * mm)
    mid = sheet.A4[1] / 2
    canvas.line(0, mid, sheet.A4[0], mid)
    canvas.restoreState()


def shop_cards_pdf(cards: Iterable[CardSpec], layout: str = "a6x4",
                   fonts: Fonts | None = None) -> bytes:
    """PDF of shop payment cards in the order given: four per A4 page (a6x4) or one tent per page.

    Raises:
        LayoutError: unknown layout, no cards, a bank/account qr/ rejects, or text that cannot fit;
            the message names the shop.
        FontError: no Vietnamese font (when fonts is not given).
    """
    if layout not in LAYOUTS:
        raise LayoutError(N_("Kiểu thẻ “%(layout)s” không có; chọn một trong: %(layouts)s."),
                          layout=layout, layouts=", ".join(LAYOUTS))
    cards = list(cards)
    if not cards:
        raise LayoutError(N_("Không có cửa hàng nào để in."))
    fonts = fonts or load_fonts()
    buffer = io.BytesIO()
    canvas = sheet.new_canvas(buffer, sheet.A4, fonts, "Thẻ thanh toán cửa hàng")
    per_page = 4 if layout == "a6x4" else 1
    for index, spec in enumerate(cards):
        slot = index % per_page
        if index and slot == 0:
            canvas.showPage()
        if slot == 0:
            if layout == "a6x4":
                sheet.cut_marks(canvas, sheet.A4, [sheet.A6[0]], [sheet.A4[1] / 2])
            else:
                _fold_line(canvas)
        bank = banks.get_by_bin(spec.bank_bin)
        if bank is None:
            raise LayoutError(N_("%(item)s: không biết ngân hàng có mã BIN “%(bin)s”."),
                              item=_item(spec), bin=spec.bank_bin)
        matrix = render.matrix(card_payload(spec), ec="M", border=sheet.QUIET_MODULES)
        for face, flipped in _faces(layout, slot):
            canvas.saveState()
            if flipped:
                canvas.translate(sheet.A4[0], sheet.A4[1])
                canvas.rotate(180)
            _draw_face(canvas, spec, matrix, bank.short_name, fonts, face, layout)
            canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
