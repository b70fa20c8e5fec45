"""Admin: one shop's or one site's QR code as a PNG, for a phone's gallery or a chat message.

The same codes the printouts carry: a shop's card payload (printables.cards.card_payload over
printing.card_spec) and a site's poster link (printing.site_link), rendered by qr.render.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, url_for
from flask_babel import gettext as _

from kiosk import printing
from kiosk.admin import bp
from kiosk.db import get_db
from kiosk.store import settings as setting_store
from kiosk.store import shops as shop_store
from kiosk.store import sites as site_store
from kiosk.web.i18n import problem_text
from printables.cards import card_payload
from qr import render

SCALE = 10  # pixels per module: a payment code of ~65 modules comes out ~650 px wide


def _png(payload: str, purpose: str, filename: str) -> Response:
    png = render.to_png(payload, ec=render.error_level(purpose), scale=SCALE)
    return Response(png, mimetype="image/png", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/shops/<code>/qr.png")
def shop_qr_png(code: str):
    db = get_db()
    shop = shop_store.get_shop(db, code.upper())
    if shop is None:
        abort(404)
    hamlet = setting_store.get_settings(db).get("hamlet", "")
    try:
        payload = card_payload(printing.card_spec(shop, hamlet))
    except ValueError as exc:  # a damaged row (PayloadError, LayoutError): say what, not a 500
        flash(_("Chưa tạo được mã QR: %(reason)s", reason=problem_text(exc)), "error")
        return redirect(url_for("admin.edit_shop", code=shop.code))
    return _png(payload, "payment", f"ma-qr-{shop.code}.png")


@bp.get("/sites/<slug>/qr.png")
def site_qr_png(slug: str):
    db = get_db()
    site = site_store.get_site(db, slug)
    if site is None:
        abort(404)
    try:
        link = printing.site_link(site, setting_store.get_settings(db))
    except printing.PrintError as exc:
        flash(_("Chưa tạo được mã QR: %(reason)s", reason=problem_text(exc)), "error")
        return redirect(url_for("admin.edit_site", slug=site.slug))
    return _png(link, "poster", f"ma-qr-{site.code}.png")
