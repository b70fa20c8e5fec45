"""Admin (admin role): remove the shipped demo shops and heritage sites in one step (issue 18).

The demo pack's examples are useful while a team learns, then they should go: one button, after
a page that lists what will be removed. Media files stay, as for any removed photo (they are
stored by content hash, may be shared, and old backups name them).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from kiosk import users
from kiosk.admin import bp
from kiosk.db import get_db, transaction
from kiosk.store import shops as shop_store
from kiosk.store import sites as site_store


class DemoForm(FlaskForm):
    """Only CSRF, plus the "Tôi chắc chắn" box read from the form."""


@bp.get("/demo")
def demo_content():
    db = get_db()
    shops = shop_store.find_shops(db, shop_store.ShopFilter(demo="demo"))
    sites = [s for s in site_store.list_sites(db) if s.demo]
    return render_template("admin/demo.html", form=DemoForm(), shops=shops, sites=sites)


@bp.post("/demo")
def remove_demo():
    if not DemoForm().validate_on_submit():
        abort(400)
    if not request.form.get("confirm"):
        flash(_("Hãy đánh dấu ô “Tôi chắc chắn” trước khi xóa."), "error")
        return redirect(url_for("admin.demo_content"))
    db = get_db()
    with transaction(db):
        shops = shop_store.delete_demo_shops(db)
        sites = site_store.delete_demo_sites(db)
        if shops or sites:
            users.record(db, current_user.name, "xóa dữ liệu mẫu", "",
                         f"{len(shops)} cửa hàng ({', '.join(shops)}); "
                         f"{len(sites)} di tích ({', '.join(sites)})")
    flash(_("Đã xóa %(shops)s cửa hàng mẫu và %(sites)s di tích mẫu.", shops=len(shops),
            sites=len(sites)), "info")
    return redirect(url_for("admin.shops"))
