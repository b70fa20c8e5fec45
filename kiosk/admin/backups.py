"""Admin (admin role): download a backup, see the automatic ones, restore from a file."""

from __future__ import annotations

import hmac
import re
from pathlib import Path

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from flask_wtf import FlaskForm

from kiosk import atomic, users
from kiosk.admin import bp
from kiosk.admin.forms import stage_upload
from kiosk.backup import archive
from kiosk.backup.restore import account_changes, restore_backup
from kiosk.db import get_db, transaction
from kiosk.timekeeping import localtime
from kiosk.web.i18n import problem_text


class BackupForm(FlaskForm):
    """Only CSRF."""


def _data_dir() -> Path:
    return Path(current_app.config["DATA"])


@bp.get("/backups")
def backups():
    return render_template("admin/backups.html", files=archive.list_backups(_data_dir()),
                           limit_mb=current_app.config["MAX_UPLOAD_MB"])


@bp.post("/backups/new")
def new_backup():
    if not BackupForm().validate_on_submit():
        abort(400)
    data_dir = _data_dir()
    result = archive.create_backup(data_dir, archive.new_backup_path(data_dir, "manual"))
    with transaction(get_db()):
        users.record(get_db(), current_user.name, "sao lưu", result.path.name)
    return send_file(result.path, as_attachment=True, download_name=result.path.name)


@bp.get("/backups/<name>")
def download_backup(name: str):
    # Only names from our own list are served: never a path taken from the request.
    match = next((f for f in archive.list_backups(_data_dir()) if f.path.name == name), None)
    if match is None:
        abort(404)
    return send_file(match.path, as_attachment=True, download_name=match.path.name)


@bp.post("/backups/restore")
def restore():
    """Restore an uploaded backup; if it changes accounts, show them first and ask again.

    The first POST carries the file. When the restore would add, remove or change accounts, the
    file stays in data/backups/ under a random token (a stale scratch file after 6 hours) and the
    page lists the changes; a second POST with that token (checked against the session) restores
    it, and only if the accounts would still change exactly as shown.
    """
    if not BackupForm().validate_on_submit():
        abort(400)
    if "staged" in request.form:
        return _restore_staged(request.form.get("staged", ""))
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("Hãy chọn tệp sao lưu (.zip)."), "error")
        return redirect(url_for("admin.backups"))
    _drop_staged()
    token, temp = stage_upload(upload, _staged_path)
    keep = False
    try:
        changes = account_changes(_data_dir(), temp)
        if changes:
            session[_STAGED] = {"token": token, "file": upload.filename,
                                "accounts": changes.lines()}
            keep = True
            return render_template("admin/backups.html", files=archive.list_backups(_data_dir()),
                                   limit_mb=current_app.config["MAX_UPLOAD_MB"],
                                   pending={"token": token, "file": upload.filename,
                                            "accounts": changes.messages()})
        # Accounts must not change between the check and the restore either.
        return _restore(temp, upload.filename, lambda _changes: False)
    except archive.BackupError as exc:
        return _refused(exc)
    finally:
        if not keep:
            temp.unlink(missing_ok=True)


_STAGED = "restore_staged"


def _staged_path(token: str) -> Path:
    return archive.backups_dir(_data_dir()) / f"{atomic.TEMP_PREFIX}restore-{token}.zip"


def _drop_staged() -> None:
    """Forget (and delete) a file this session uploaded earlier but never confirmed."""
    staged = session.pop(_STAGED, None)
    if isinstance(staged, dict) and re.fullmatch(r"[0-9a-f]{32}", str(staged.get("token"))):
        _staged_path(staged["token"]).unlink(missing_ok=True)


def _restore_staged(token: str):
    staged = session.get(_STAGED)
    if (not isinstance(staged, dict) or not re.fullmatch(r"[0-9a-f]{32}", token)
            or not hmac.compare_digest(str(staged.get("token")), token)
            or not _staged_path(token).is_file()):
        flash(_("Không tìm thấy tệp đã tải lên (có thể đã quá lâu); hãy chọn tệp và khôi phục "
                "lại."), "error")
        return redirect(url_for("admin.backups"))
    if request.form.get("accounts_ok") != "1":
        flash(_("Hãy đánh dấu ô xác nhận thay đổi tài khoản."), "error")
        return redirect(url_for("admin.backups"))
    shown = staged.get("accounts")
    try:
        return _restore(_staged_path(token), str(staged.get("file")),
                        lambda changes: changes.lines() == shown)
    except archive.BackupError as exc:
        return _refused(exc)
    finally:
        session.pop(_STAGED, None)
        _staged_path(token).unlink(missing_ok=True)


def _refused(exc: archive.BackupError):
    for problem in exc.problems:
        flash(problem_text(problem), "error")
    flash(_("Chưa khôi phục: dữ liệu hiện tại giữ nguyên."), "error")
    return redirect(url_for("admin.backups"))


def _restore(path: Path, filename: str, confirm_accounts):
    """Restore `path`, record it, and log everyone out of this browser.

    Raises:
        archive.BackupError: as restore_backup(); nothing has changed.
    """
    result = restore_backup(_data_dir(), path, confirm_accounts=confirm_accounts)
    name = current_user.name
    made = localtime.format_local(result.created_at, archive.hamlet_zone(_data_dir()))
    with transaction(get_db()):
        detail = "; ".join([f"bản sao lưu lúc {made}", *result.accounts.lines()])
        users.record(get_db(), name, "khôi phục", filename, detail)
    # The accounts table was replaced too: nobody stays logged in on an id that may now differ.
    logout_user()
    session.clear()
    if result.before_restore:
        flash(_("Đã khôi phục bản sao lưu lúc %(made)s. Dữ liệu cũ được giữ ở %(file)s. Hãy đăng "
                "nhập lại.", made=made, file=result.before_restore.name), "info")
    else:
        flash(_("Đã khôi phục bản sao lưu lúc %(made)s. Hãy đăng nhập lại.", made=made), "info")
    return redirect(url_for("auth.login"))
