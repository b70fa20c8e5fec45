"""Team accounts: the admin adds, locks and resets them; every member changes their own password."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from kiosk import users
from kiosk.admin import bp
from kiosk.auth import limiter
from kiosk.db import get_db, transaction
from kiosk.problems import N_
from kiosk.web import i18n


class AccountForm(FlaskForm):
    """Only CSRF; names, roles and passwords are checked by kiosk.users."""


@bp.get("/accounts")
def accounts():
    return render_template("admin/accounts.html", accounts=users.list_users(get_db()),
                           values={}, error=None)


@bp.post("/accounts")
def new_account():
    if not AccountForm().validate_on_submit():
        abort(400)
    values = {k: request.form.get(k, "") for k in ("name", "role")}
    password, again = request.form.get("password", ""), request.form.get("password2", "")
    db = get_db()
    error = None
    if password != again:
        error = _("hai lần nhập mật khẩu không giống nhau")
    else:
        try:
            with transaction(db):
                user = users.create_user(db, values["name"], password, values["role"])
                users.record(db, current_user.name, "thêm tài khoản", user.name,
                             users.ROLE_LABELS[user.role])
        except users.AccountError as exc:
            error = i18n.problem_text(exc)
    if error:
        return render_template("admin/accounts.html", accounts=users.list_users(db),
                               values=values, error=error), 400
    flash(_("Đã thêm tài khoản %(name)s.", name=values["name"]), "info")
    return redirect(url_for("admin.accounts"))


@bp.post("/accounts/<int:user_id>")
def account_action(user_id: int):
    if not AccountForm().validate_on_submit():
        abort(400)
    db = get_db()
    user = users.get_user(db, user_id)
    if user is None:
        abort(404)
    action = request.form.get("action")
    try:
        with transaction(db):
            if action in ("disable", "enable"):
                if action == "disable" and users.is_last_admin(db, user):
                    raise users.AccountError(N_("không khóa được người quản trị cuối cùng"))
                users.set_disabled(db, user.id, action == "disable")
                users.record(db, current_user.name,
                             "khóa tài khoản" if action == "disable" else "mở khóa tài khoản",
                             user.name)
            elif action == "password":
                if request.form.get("password", "") != request.form.get("password2", ""):
                    raise users.AccountError(N_("hai lần nhập mật khẩu không giống nhau"))
                users.set_password(db, user.name, request.form.get("password", ""))
                users.record(db, current_user.name, "đặt lại mật khẩu", user.name)
            else:
                abort(400)
    except users.AccountError as exc:
        flash(f"{user.name}: {i18n.problem_text(exc)}", "error")
        return redirect(url_for("admin.accounts"))
    flash(_("Đã cập nhật tài khoản %(name)s.", name=user.name), "info")
    return redirect(url_for("admin.accounts"))


def _own_name() -> str:
    return "own-password:" + current_user.name


@bp.route("/password", methods=["GET", "POST"])
@limiter.limit("5 per 10 minutes", methods=["POST"], key_func=_own_name)
def own_password():
    """Any member: a new password for their own account, after the current one. The account's
    other sessions end (session_epoch); this one goes on."""
    if request.method == "GET":
        return _own_page()
    if not AccountForm().validate_on_submit():
        abort(400)
    db = get_db()
    new, again = request.form.get("new_password", ""), request.form.get("new_password2", "")
    error = None
    try:
        with transaction(db):
            if users.authenticate(db, current_user.name,
                                  request.form.get("password", "")[:users.MAX_PASSWORD]) is None:
                raise users.AccountError(N_("Mật khẩu hiện tại: không đúng"))
            if new != again:
                raise users.AccountError(N_("Nhập lại mật khẩu mới: không giống lần đầu"))
            try:
                users.set_password(db, current_user.name, new)
            except users.AccountError as exc:
                raise users.AccountError(N_("Mật khẩu mới: %(problem)s"),
                                         problem=i18n.problem_text(exc)) from exc
            users.record(db, current_user.name, "đổi mật khẩu của mình", current_user.name)
            epoch = users.get_session_epoch(db, current_user.user.id)
    except users.AccountError as exc:
        error = i18n.problem_text(exc)
    if error:
        return _own_page(error=error), 400
    session["epoch"] = epoch  # the new epoch ended every other session, not this one
    flash(_("Đã đổi mật khẩu. Các máy khác đang đăng nhập bằng tài khoản này đã bị đăng xuất."),
          "info")
    return redirect(url_for("admin.dashboard"))


@bp.post("/language")
def own_language():
    """Any member: the language of the admin's words for their own account."""
    if not AccountForm().validate_on_submit():
        abort(400)
    lang = request.form.get("lang", "")
    if lang not in dict(i18n.admin_languages()):
        return _own_page(lang_error=_("Hãy chọn một ngôn ngữ trong danh sách.")), 400
    db = get_db()
    with transaction(db):
        users.set_ui_lang(db, current_user.user.id, lang)
        users.record(db, current_user.name, "đổi ngôn ngữ trang quản trị", current_user.name, lang)
    with i18n.ui_language(lang):  # the next page is in it already; so is this word
        flash(_("Đã đổi ngôn ngữ trang quản trị."), "info")
    return redirect(url_for("admin.own_password"))


def _own_page(error: str | None = None, lang_error: str | None = None) -> str:
    return render_template("admin/password.html", error=error, lang_error=lang_error,
                           admin_languages=i18n.admin_languages())
