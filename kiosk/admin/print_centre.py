"""Admin: the print centre — choose what to print, download the PDF (works from a phone too)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from kiosk import printing, users
from kiosk.admin import bp
from kiosk.db import get_db, transaction
from kiosk.store import guides as guide_store
from kiosk.store import languages
from kiosk.store import settings as setting_store
from kiosk.store import shops as shop_store
from kiosk.store import sites as site_store
from printables import FontError, LayoutError
from qr.vietqr import PayloadError


@bp.get("/print")
def print_centre():
    db = get_db()
    return render_template(
        "admin/print.html", shops=shop_store.list_shops(db),
        sites=site_store.list_sites(db, include_retired=False),
        guides=guide_store.list_guides(db, published_only=False), settings=setting_store.get_settings(db),
        languages=languages.list_languages(db),
    )


def _pdf(name: str, build, what: str) -> Response:
    """Build a PDF for download, or go back to the print centre saying what is wrong."""
    try:
        pdf = build()
    except (LayoutError, PayloadError, printing.PrintError, FontError) as exc:
        flash(f"Chưa in được: {exc}", "error")
        return redirect(url_for("admin.print_centre"))
    if request.method == "POST":  # a GET (a link, a prefetch) must not write: audit the form only
        db = get_db()
        with transaction(db):
            users.record(db, current_user.name, "in", what)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{name}"'})


def _fonts():
    return printing.fonts_for(current_app.config)


def _asked():
    """The choices: the print centre's forms POST them; links (a site's poster) still GET."""
    return request.form if request.method == "POST" else request.args


@bp.route("/print/cards.pdf", methods=["GET", "POST"])
def print_cards():
    db = get_db()
    codes = _asked().getlist("code")
    layout = _asked().get("layout", "a6x4")
    if layout not in ("a6x4", "a5-tent"):
        layout = "a6x4"
    since = _asked().get("since", "").strip()
    if since and not _is_date(since):
        flash("Ngày “thay đổi từ” phải có dạng năm-tháng-ngày, ví dụ 2026-11-01.", "error")
        return redirect(url_for("admin.print_centre"))
    try:
        shops = printing.shop_cards(db, codes or None, since or None)
    except printing.PrintError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.print_centre"))
    if not shops:
        flash("Chưa có cửa hàng nào để in.", "error")
        return redirect(url_for("admin.print_centre"))
    hamlet = setting_store.get_settings(db).get("hamlet", "")
    return _pdf("the-thanh-toan.pdf", lambda: printing.cards_pdf(shops, hamlet, layout, _fonts()),
                f"{len(shops)} thẻ thanh toán ({layout})")


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


@bp.route("/print/posters.pdf", methods=["GET", "POST"])
def print_posters():
    db = get_db()
    slugs = _asked().getlist("site")
    size = _asked().get("size") if _asked().get("size") in ("a4", "a3") else "a4"
    try:
        sites = printing.sites_to_print(db, slugs or None)
    except printing.PrintError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.print_centre"))
    settings = setting_store.get_settings(db)
    data_dir = Path(current_app.config["DATA"])
    return _pdf("ap-phich-di-tich.pdf",
                lambda: printing.posters_pdf(sites, settings, data_dir, size, _fonts()),
                f"{len(sites)} áp phích ({size})")


@bp.route("/print/handout.pdf", methods=["GET", "POST"])
def print_handout():
    db = get_db()
    guide = guide_store.get_guide(db, _asked().get("guide", ""), published_only=False)
    if guide is None:
        flash("Hãy chọn một hướng dẫn.", "error")
        return redirect(url_for("admin.print_centre"))
    lang = _asked().get("lang", "vi")
    if lang not in {lang.code for lang in languages.list_languages(db)}:
        lang = "vi"
    settings = setting_store.get_settings(db)
    data_dir = Path(current_app.config["DATA"])
    return _pdf(f"huong-dan-{guide.slug}.pdf",
                lambda: printing.handout_pdf(guide, settings, data_dir, lang, _fonts()),
                f"tờ hướng dẫn {guide.slug}")


@bp.route("/print/wifi.pdf", methods=["GET", "POST"])
def print_wifi():
    settings = setting_store.get_settings(get_db())
    return _pdf("wifi.pdf", lambda: printing.wifi_pdf(printing.wifi_spec(settings), _fonts()),
                "áp phích Wi-Fi")


@bp.route("/print/link.pdf", methods=["GET", "POST"])
def print_link():
    hamlet = setting_store.get_settings(get_db()).get("hamlet", "")
    url = _asked().get("url", "").strip()
    title = _asked().get("title", "").strip()
    if not url or not title:
        flash("Hãy nhập cả đường link và tiêu đề.", "error")
        return redirect(url_for("admin.print_centre"))
    text = _asked().get("text", "").strip()
    return _pdf("ap-phich-link.pdf", lambda: printing.link_pdf(url, title, text, hamlet, _fonts()),
                f"áp phích link {url}")
