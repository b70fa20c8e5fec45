"""Admin (admin role): the hamlet's settings — names, public address, Wi-Fi, idle timeout."""

from __future__ import annotations

import json
import unicodedata
from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from kiosk import users
from kiosk.admin import bp
from kiosk.db import get_db, transaction
from kiosk.packs.check import check_public_url
from kiosk.store import content

REQUIRED = content.REQUIRED_SETTINGS
TEXT_FIELDS = (*REQUIRED, "wifi_name", "wifi_password")


class SettingsForm(FlaskForm):
    """Only CSRF; values are checked below with the same rules as a pack's settings.yaml."""


def check_settings(form: dict[str, str]) -> tuple[dict, dict[str, str], list[str]]:
    """(clean values, errors by field, warnings) for the settings form."""
    values: dict = {}
    errors: dict[str, str] = {}
    warnings: list[str] = []
    for key in TEXT_FIELDS:
        value = unicodedata.normalize("NFC", form.get(key, "").strip())
        if key in REQUIRED and not value:
            errors[key] = "không được để trống"
        elif len(value) > 80:
            errors[key] = "dài quá 80 ký tự"
        values[key] = value
    url = form.get("public_base_url", "").strip().rstrip("/")
    if url and (reason := check_public_url(url)):
        errors["public_base_url"] = reason
    elif url and (urlsplit(url).hostname or "") in ("127.0.0.1", "localhost", "::1"):
        warnings.append("Địa chỉ công khai đang là máy này (127.0.0.1/localhost): điện thoại không "
                        "mở được. Hãy dùng địa chỉ Wi-Fi mà máy chủ in ra khi khởi động.")
    values["public_base_url"] = url
    try:
        idle = int(form.get("idle_timeout", ""))
        if not 30 <= idle <= 900:
            raise ValueError
        values["idle_timeout"] = idle
    except ValueError:
        errors["idle_timeout"] = "phải là số giây từ 30 đến 900"
    return values, errors, warnings


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    db = get_db()
    form = SettingsForm()
    values = content.get_settings(db)
    errors: dict[str, str] = {}
    warnings: list[str] = []
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        values, errors, warnings = check_settings(request.form)
        if not errors:
            with transaction(db):
                for key, value in values.items():
                    db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key)"
                               " DO UPDATE SET value = excluded.value",
                               (key, json.dumps(value, ensure_ascii=False)))
                users.record(db, current_user.name, "sửa thiết lập", "",
                             ", ".join(f"{k}={v}" for k, v in values.items()
                                       if k != "wifi_password"))
            for warning in warnings:
                flash(warning, "error")
            flash("Đã lưu thiết lập.", "info")
            return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", values=values, errors=errors,
                           warnings=warnings), 400 if errors else 200
