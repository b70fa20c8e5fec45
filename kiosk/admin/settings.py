"""Admin (admin role): the hamlet's settings — names, public address, Wi-Fi, idle timeout,
read-aloud voice, time zone (what kiosk.timekeeping.localtime shows times in)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from kiosk import users
from kiosk.admin import bp
from kiosk.db import get_db, transaction
from kiosk.problems import Problem
from kiosk.reporting import usage
from kiosk.store import settings as setting_store
from kiosk.store.settings import setting_problems
from kiosk.timekeeping import localtime
from kiosk.web.i18n import problem_text


class SettingsForm(FlaskForm):
    """Only CSRF; values are checked below with the same rules as a pack's settings.yaml."""


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    db = get_db()
    form = SettingsForm()
    values = setting_store.get_settings(db)
    errors: dict[str, Problem] = {}
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        values, errors, warnings = setting_problems(request.form)
        if not errors:
            with transaction(db):
                setting_store.save_settings(db, values)
                users.record(db, current_user.name, "sửa thiết lập", "",
                             ", ".join(f"{k}={v}" for k, v in values.items()
                                       if k != "wifi_password"))
            usage.get_recorder().zone = localtime.zone_of(values)  # today's counts: new zone
            for warning in warnings:
                flash(problem_text(warning), "error")
            flash(_("Đã lưu thiết lập."), "info")
            return redirect(url_for("admin.settings"))
    voices = {code: _(name) for code, name in setting_store.VOICE_REGIONS.items()}
    return render_template("admin/settings.html", values=values,
                           errors={k: problem_text(p) for k, p in errors.items()},
                           voice_regions=voices), 400 if errors else 200
