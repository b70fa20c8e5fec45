"""Admin (admin role): the hamlet's settings — names, public address, Wi-Fi, idle timeout,
read-aloud voice, time zone (what kiosk.timekeeping.localtime shows times in)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from kiosk import users
from kiosk.admin import bp
from kiosk.db import get_db, transaction
from kiosk.reporting import usage
from kiosk.store import settings as setting_store
from kiosk.store.settings import check_settings
from kiosk.timekeeping import localtime


class SettingsForm(FlaskForm):
    """Only CSRF; values are checked below with the same rules as a pack's settings.yaml."""


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    db = get_db()
    form = SettingsForm()
    values = setting_store.get_settings(db)
    errors: dict[str, str] = {}
    warnings: list[str] = []
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        values, errors, warnings = check_settings(request.form)
        if not errors:
            with transaction(db):
                setting_store.save_settings(db, values)
                users.record(db, current_user.name, "sửa thiết lập", "",
                             ", ".join(f"{k}={v}" for k, v in values.items()
                                       if k != "wifi_password"))
            usage.get_recorder().zone = localtime.zone_of(values)  # today's counts: new zone
            for warning in warnings:
                flash(warning, "error")
            flash("Đã lưu thiết lập.", "info")
            return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", values=values, errors=errors, warnings=warnings,
                           voice_regions=setting_store.VOICE_REGIONS), 400 if errors else 200
