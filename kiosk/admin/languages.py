"""Admin: the content languages. Every team member sees them; an admin adds one the team writes
or records in (Tày, H'Mông…), named as the team writes it. The role rule is in the admin guard
(ADMIN_ONLY_CHANGES in kiosk.admin), like every other page's.
"""

from __future__ import annotations

import unicodedata

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kiosk import users
from kiosk.admin import bp
from kiosk.admin.forms import EditForm, Errors, lang_codes, require_csrf
from kiosk.codes import LANG
from kiosk.db import get_db, transaction
from kiosk.store import languages

MAX_LANG_NAME = 40


def check_language(code: str, name: str, existing: list[str]) -> Errors:
    """Problems with a new language's code and name, by field (empty when it can be added)."""
    errors: Errors = {}
    if not LANG.match(code):
        errors["code"] = [_("mã gồm 2–3 chữ thường không dấu (mã ISO 639), ví dụ tyz cho tiếng "
                            "Tày, hnj cho tiếng H'Mông")]
    elif code in existing:
        errors["code"] = [_("đã có ngôn ngữ mã %(code)s", code=code)]
    if not name:
        errors["name"] = [_("hãy viết tên ngôn ngữ, ví dụ Tày")]
    elif len(name) > MAX_LANG_NAME:
        errors["name"] = [_("tối đa %(max)s ký tự", max=MAX_LANG_NAME)]
    elif any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        errors["name"] = [_("tên không được có ký tự điều khiển hay ký tự ẩn")]
    return errors


@bp.route("/languages", methods=["GET", "POST"])
def languages_page():
    """The content languages; an admin may add one, named as the team writes it."""
    db = get_db()
    values, errors = {"code": "", "name": ""}, {}
    if request.method == "POST":
        require_csrf()
        values = {"code": request.form.get("code", "").strip().lower(),
                  "name": unicodedata.normalize("NFC", " ".join(
                      request.form.get("name", "").split()))}
        errors = check_language(values["code"], values["name"], lang_codes(db))
        if not errors:
            with transaction(db):
                languages.add_language(db, values["code"], values["name"])
                users.record(db, current_user.name, "thêm ngôn ngữ", values["code"],
                             values["name"])
            flash(_("Đã thêm ngôn ngữ %(name)s (%(code)s).", name=values["name"],
                    code=values["code"]), "info")
            return redirect(url_for("admin.languages_page"))
    return render_template("admin/narration_languages.html", form=EditForm(), values=values,
                           errors=errors, known=languages.list_languages(db)), 400 if errors else 200
