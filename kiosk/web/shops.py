"""bp "shops": a household shop's payment page, /s/<code> — its VietQR code and an amount field.

The amount field is a tiny cash register for a market stall: type 35.000 and the code becomes a
dynamic VietQR carrying that amount. With JavaScript the code is redrawn in place from
/s/<code>/qr.svg; without it the same field is a plain GET form that reloads the page. Both use
qr.vietqr.parse_amount, so the browser and the server can never disagree about a number.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, abort, redirect, render_template, request
from markupsafe import Markup

from kiosk.codes import normalize_code
from kiosk.db import get_db
from kiosk.models import Shop
from kiosk.store import shops as shop_store
from kiosk.web.i18n import problem_text
from kiosk.web.page_cache import cached
from kiosk.web.templating import link
from qr import banks, render, vietqr

bp = Blueprint("shops", __name__)


@dataclass(frozen=True)
class PayCode:
    """The code shown and what the payer's bank app will show for it."""

    svg: Markup
    amount: int | None


def _shop_or_404(code: str) -> Shop:
    wanted = normalize_code(code)
    shop = shop_store.get_shop(get_db(), wanted) if wanted else None
    if shop is None:
        abort(404)
    return shop


def pay_code(shop: Shop, amount: int | None) -> PayCode:
    """The shop's VietQR code: static (payer types the amount) when amount is None.

    Raises:
        vietqr.PayloadError: the amount (or, for a damaged row, the account) is not valid.
    """
    payload = vietqr.payload(shop.bank_bin, shop.account, amount, shop.purpose or None)
    return PayCode(Markup(render.to_svg(payload, ec=render.error_level("payment"))), amount)


def render_shop(shop: Shop, *, amount_text: str | None = None, static_copy: bool = False) -> str:
    """The payment page; a bad `amount_text` keeps the typed text and says what is wrong, in the
    page's language (as the amount warning).

    `static_copy` leaves the amount form out (the static export has no server to redraw codes).
    """
    error = None
    amount = shop.amount
    if amount_text is not None and amount_text.strip():
        try:
            amount = vietqr.parse_amount(amount_text)
        except vietqr.PayloadError as exc:
            error, amount = problem_text(exc), shop.amount
    elif amount_text is not None:
        amount = None  # the field was cleared on purpose: a code without an amount
    code = pay_code(shop, amount)
    warning = vietqr.amount_warning(code.amount)
    typed = amount_text if amount_text is not None else (
        vietqr.format_amount(amount, unit="") if amount else "")
    return render_template(
        "shops/shop.html", shop=shop, code=code, bank=banks.get_by_bin(shop.bank_bin),
        account_grouped=vietqr.group_account(shop.account),
        warning=problem_text(warning) if warning else None, error=error, typed=typed,
        purpose=vietqr.normalize_purpose(shop.purpose)[0] if shop.purpose else "",
        static_copy=static_copy,
    )


@cached
def _plain_page(code: str):
    """The page without an amount: depends only on content and language, so it is kept whole
    (a cached page costs no database lookup); a code typed in another case moves."""
    found = _shop_or_404(code)
    if found.code != code:
        return redirect(link("shops.shop", code=found.code), 301)
    return render_shop(found)


@bp.get("/s/<code>")
def shop(code: str):
    """The payment page; ?amount= (the form without JavaScript) gives a code with that amount."""
    amount_text = request.args.get("amount")
    if amount_text is None:
        return _plain_page(code=code)
    found = _shop_or_404(code)
    if found.code != code:
        return redirect(link("shops.shop", code=found.code, amount=amount_text), 301)
    return render_shop(found, amount_text=amount_text)


@bp.get("/s/<code>/qr.svg")
def qr(code: str):
    """The code alone, for the page's script: SVG with X-Amount, or 400 with a plain message in
    the page's language (the script passes ?lang= on)."""
    found = _shop_or_404(code)
    text = (request.args.get("amount") or "").strip()
    try:
        amount = vietqr.parse_amount(text) if text else None
        svg = pay_code(found, amount).svg
    except vietqr.PayloadError as exc:
        return Response(problem_text(exc), status=400, mimetype="text/plain",
                        headers={"Cache-Control": "no-store"})
    response = Response(str(svg), mimetype="image/svg+xml")
    response.headers["X-Amount"] = str(amount or "")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(404)
def not_found(_exc):
    return render_template("heritage/not_found.html"), 404
