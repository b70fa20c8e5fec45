"""Admin: shops from a spreadsheet (preview every row, then import all-or-nothing) and back out."""

from __future__ import annotations

import csv
import io
import secrets
import time
from pathlib import Path

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from flask_wtf import FlaskForm

from kiosk import atomic, users
from kiosk.admin import bp
from kiosk.db import get_db, transaction
from kiosk.packs.shops_csv import COLUMNS, decode, excel_safe, parse_csv
from kiosk.problems import Report, in_order
from kiosk.store import shops as shop_store

MAX_CSV_BYTES = 2 * 1024 * 1024
KEEP_SECONDS = 3600
ENCODINGS = {"auto": "Tự nhận biết (UTF-8, UTF-16)", "cp1258": "Windows-1258 (Excel cũ, tiếng Việt)"}


class ImportForm(FlaskForm):
    """Only CSRF; the file is checked by shop_rows like a pack's shops.csv."""


def _pending_dir() -> Path:
    return Path(current_app.config["DATA"]) / "imports"


def _decode(data: bytes, name: str, encoding: str, report: Report) -> str | None:
    if encoding == "cp1258":
        try:
            import unicodedata

            return unicodedata.normalize("NFC", data.decode("cp1258"))
        except UnicodeDecodeError as exc:
            report.error(name, f"không đọc được theo Windows-1258 (byte {exc.start})")
            return None
    return decode(data, name, report)


def _preview(text: str, name: str):
    """Rows for the preview table: (line, values, problems) and the shops that passed."""
    report = Report()
    shops = parse_csv(text, name, report)
    rows = []
    by_line: dict[int, list[str]] = {}
    for problem in in_order(report.problems):
        by_line.setdefault(problem.line or 0, []).append(
            (f"{problem.field}: " if problem.field else "") + problem.message
            + (" (cảnh báo)" if problem.level == "warning" else ""))
    reader = csv.reader(io.StringIO(text))
    for number, values in enumerate(reader, start=1):
        if number > 1:
            rows.append((number, values, by_line.get(number, [])))
    existing = {(s.bank_bin, s.account): s.code for s in shop_store.list_shops(get_db())}
    for shop in shops:
        other = existing.get((shop.bank_bin, shop.account))
        if other and other != shop.code:
            report.warn(name, f"cùng ngân hàng và số tài khoản với cửa hàng {other} đã có",
                        "account")
    errors = [p for p in report.problems if p.level == "error"]
    general = [str(p) for p in report.problems if not p.line]
    return rows, shops, errors, general


@bp.route("/shops/import", methods=["GET", "POST"])
def import_shops():
    form = ImportForm()
    if request.method == "GET":
        return render_template("admin/shop_import.html", encodings=ENCODINGS, rows=None)
    if not form.validate_on_submit():
        abort(400)
    _forget_old_uploads()
    token = request.form.get("token", "")
    if token:  # the confirmation of a preview
        path = _pending_dir() / f"{token}.csv"
        if not token.isalnum() or not path.is_file():
            flash("Bản xem trước đã hết hạn; hãy tải tệp lên lại.", "error")
            return redirect(url_for("admin.import_shops"))
        text = path.read_text(encoding="utf-8")
        rows, shops, errors, general = _preview(text, "shops.csv")
        if errors:
            abort(400)
        _import(shops)
        path.unlink(missing_ok=True)
        flash(f"Đã nhập {len(shops)} cửa hàng.", "info")
        return redirect(url_for("admin.shops"))
    upload = request.files.get("file")
    encoding = request.form.get("encoding", "auto")
    if upload is None or not upload.filename:
        flash("Hãy chọn tệp CSV.", "error")
        return redirect(url_for("admin.import_shops"))
    data = upload.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        flash("Tệp quá lớn (tối đa 2 MB).", "error")
        return redirect(url_for("admin.import_shops"))
    report = Report()
    text = _decode(data, upload.filename, encoding if encoding in ENCODINGS else "auto", report)
    if text is None:
        return render_template("admin/shop_import.html", encodings=ENCODINGS, rows=None,
                               general=[str(p) for p in report.problems]), 400
    rows, shops, errors, general = _preview(text, upload.filename)
    token = None
    if not errors:
        token = secrets.token_hex(16)
        atomic.write_text(_pending_dir() / f"{token}.csv", text)
    return render_template("admin/shop_import.html", encodings=ENCODINGS, rows=rows,
                           header=next(csv.reader(io.StringIO(text)), []), shops=shops,
                           errors=errors, general=general, token=token,
                           filename=upload.filename), 400 if errors else 200


def _import(shops) -> None:
    db = get_db()
    with transaction(db):
        for shop in shops:
            shop_store.save_shop(db, shop)
        users.record(db, current_user.name, "nhập cửa hàng từ CSV", "",
                     f"{len(shops)} cửa hàng: " + ", ".join(s.code for s in shops)[:400])


def _forget_old_uploads() -> None:
    folder = _pending_dir()
    if folder.is_dir():
        for old in folder.glob("*.csv"):
            if time.time() - old.stat().st_mtime > KEEP_SECONDS:
                old.unlink(missing_ok=True)


@bp.get("/shops/export.csv")
def export_shops():
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for s in shop_store.list_shops(get_db()):
        writer.writerow([excel_safe(v) for v in (
            s.code, s.name, s.owner, s.bank_bin, s.account, s.holder,
            "" if s.amount is None else s.amount, s.purpose, "1" if s.demo else "0")])
    # UTF-8 with a byte-order mark is what makes Excel show Vietnamese correctly.
    return Response(out.getvalue().encode("utf-8-sig"), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="cua-hang.csv"'})
