"""Admin (admin role): download a backup, see the automatic ones, restore from a file."""

from __future__ import annotations

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
from flask_login import current_user, logout_user
from flask_wtf import FlaskForm

from .. import atomic, backup, users
from ..db import get_db, transaction
from . import bp


class BackupForm(FlaskForm):
    """Only CSRF."""


def _data_dir() -> Path:
    return Path(current_app.config["DATA"])


@bp.get("/backups")
def backups():
    return render_template("admin/backups.html", files=backup.list_backups(_data_dir()),
                           limit_mb=current_app.config["MAX_UPLOAD_MB"])


@bp.post("/backups/new")
def new_backup():
    if not BackupForm().validate_on_submit():
        abort(400)
    data_dir = _data_dir()
    result = backup.create_backup(data_dir, backup.new_backup_path(data_dir, "manual"))
    with transaction(get_db()):
        users.record(get_db(), current_user.name, "sao lưu", result.path.name)
    return send_file(result.path, as_attachment=True, download_name=result.path.name)


@bp.get("/backups/<name>")
def download_backup(name: str):
    # Only names from our own list are served: never a path taken from the request.
    match = next((f for f in backup.list_backups(_data_dir()) if f.path.name == name), None)
    if match is None:
        abort(404)
    return send_file(match.path, as_attachment=True, download_name=match.path.name)


@bp.post("/backups/restore")
def restore():
    if not BackupForm().validate_on_submit():
        abort(400)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("Hãy chọn tệp sao lưu (.zip).", "error")
        return redirect(url_for("admin.backups"))
    data_dir = _data_dir()
    folder = backup.backups_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    temp = folder / f"{atomic.TEMP_PREFIX}upload-{current_user.name}.zip"
    upload.save(temp)
    try:
        result = backup.restore_backup(data_dir, temp)
    except backup.BackupError as exc:
        for problem in exc.problems:
            flash(problem, "error")
        flash("Chưa khôi phục: dữ liệu hiện tại giữ nguyên.", "error")
        return redirect(url_for("admin.backups"))
    finally:
        temp.unlink(missing_ok=True)
    name = current_user.name
    with transaction(get_db()):
        users.record(get_db(), name, "khôi phục", upload.filename,
                     f"bản sao lưu lúc {result.created_at}")
    # The accounts table was replaced too: nobody stays logged in on an id that may now differ.
    logout_user()
    session.clear()
    flash(f"Đã khôi phục bản sao lưu lúc {result.created_at}. Dữ liệu cũ được giữ ở "
          f"{result.before_restore.name if result.before_restore else 'không có'}. "
          "Hãy đăng nhập lại.", "info")
    return redirect(url_for("auth.login"))
