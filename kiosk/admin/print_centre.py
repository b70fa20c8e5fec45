"""Admin: the print centre — choose what to print, download the PDF (works from a phone too)."""

from __future__ import annotations

from pathlib import Path

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kiosk import printing, users
from kiosk.admin import bp, listing
from kiosk.admin.shops import bank_labels
from kiosk.db import get_db, transaction
from kiosk.store import guides as guide_store
from kiosk.store import languages
from kiosk.store import settings as setting_store
from kiosk.store import shops as shop_store
from kiosk.store import sites as site_store
from kiosk.web.i18n import problem_text
from printables import FontError, LayoutError
from qr.vietqr import PayloadError

MAX_CODES = 1000  # ticked boxes come 50 a page; more than this is not a person ticking


@bp.get("/print")
def print_centre():
    db = get_db()
    # Demo shops are left out unless the "include demo shops" box asks for them (issue 18).
    shop_filter, errors = listing.shop_filter(request.args, demo_default="real")
    page = shop_store.page_of_shops(db, shop_filter, listing.page_number(request.args))
    return render_template(
        "admin/print.html", page=page, links=listing.page_links(page), filter=shop_filter,
        errors=errors, since_text=listing.since_text(shop_filter, request.args),
        labels=bank_labels(), bank_counts=shop_store.bank_counts(db),
        sites=site_store.list_sites(db, include_retired=False),
        guides=guide_store.list_guides(db, published_only=False), settings=setting_store.get_settings(db),
        languages=languages.list_languages(db),
    )


def _pdf(name: str, build, what: str) -> Response:
    """Build a PDF for download, or go back to the print centre saying what is wrong."""
    try:
        pdf = build()
    except (LayoutError, PayloadError, printing.PrintError, FontError) as exc:
        flash(_("Chưa in được: %(reason)s", reason=problem_text(exc)), "error")
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
    """The cards of the ticked shops, or ("scope=match", or nothing ticked) of every shop the
    search and filters match: the form carries the filter, not hundreds of codes."""
    db = get_db()
    codes = _asked().getlist("code")
    layout = _asked().get("layout", "a6x4")
    if layout not in ("a6x4", "a5-tent"):
        layout = "a6x4"
    shop_filter, errors = listing.shop_filter(_asked(), demo_default="real")
    back = url_for("admin.print_centre", **listing.filter_args(shop_filter))
    if errors:
        for message in errors.values():
            flash(message, "error")
        return redirect(back)
    scope = _asked().get("scope", "")
    if len(codes) > MAX_CODES:
        flash(_("Đã đánh dấu %(n)s cửa hàng, tối đa %(max)s; hãy dùng tìm kiếm và "
                "“In tất cả cửa hàng khớp”.", n=len(codes), max=MAX_CODES), "error")
        return redirect(back)
    if scope == "chosen" and not codes:
        flash(_("Chưa đánh dấu cửa hàng nào; hãy đánh dấu, hoặc bấm “In tất cả cửa hàng khớp”."),
              "error")
        return redirect(back)
    try:
        if codes and scope != "match":
            shops = printing.shop_cards(db, codes)
        else:
            shops = shop_store.find_shops(db, shop_filter)
    except printing.PrintError as exc:
        flash(problem_text(exc), "error")
        return redirect(back)
    if not shops:
        flash(_("Chưa có cửa hàng nào để in."), "error")
        return redirect(back)
    hamlet = setting_store.get_settings(db).get("hamlet", "")
    return _pdf("the-thanh-toan.pdf", lambda: printing.cards_pdf(shops, hamlet, layout, _fonts()),
                f"{len(shops)} thẻ thanh toán ({layout})")


@bp.route("/print/posters.pdf", methods=["GET", "POST"])
def print_posters():
    db = get_db()
    slugs = _asked().getlist("site")
    size = _asked().get("size") if _asked().get("size") in ("a4", "a3") else "a4"
    try:
        sites = printing.sites_to_print(db, slugs or None)
    except printing.PrintError as exc:
        flash(problem_text(exc), "error")
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
        flash(_("Hãy chọn một hướng dẫn."), "error")
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
        flash(_("Hãy nhập cả đường link và tiêu đề."), "error")
        return redirect(url_for("admin.print_centre"))
    text = _asked().get("text", "").strip()
    return _pdf("ap-phich-link.pdf", lambda: printing.link_pdf(url, title, text, hamlet, _fonts()),
                f"áp phích link {url}")
