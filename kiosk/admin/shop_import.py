"""Admin: shops from a spreadsheet (preview every row, then import all-or-nothing) and back out."""

from __future__ import annotations

import csv
import io
import secrets
import time
import unicodedata
from dataclasses import dataclass, replace
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
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm

from kiosk import atomic, users
from kiosk.admin import bp
from kiosk.db import get_db, transaction
from kiosk.models import Shop
from kiosk.packs import shops_sheet
from kiosk.packs.shops_csv import (
    COLUMNS,
    LABELS,
    column_of,
    decode,
    excel_safe,
    parse_rows,
    read_table,
)
from kiosk.problems import N_, Problem, Report
from kiosk.store import shops as shop_store
from kiosk.web.i18n import problem_text

MAX_CSV_BYTES = 2 * 1024 * 1024
KEEP_SECONDS = 3600
ENCODINGS = {"auto": _l("Tự nhận biết (UTF-8, UTF-16)"),
             "cp1258": _l("Windows-1258 (Excel cũ, tiếng Việt)")}
# A column named beside its problems when the file has no header for it (shops_csv.LABELS,
# the names the template writes, in the page's language).
COLUMN_NAMES = {"code": _l("Mã"), "name": _l("Tên cửa hàng"), "owner": _l("Chủ"),
                "bank": _l("Ngân hàng"), "account": _l("Số tài khoản"),
                "holder": _l("Tên chủ tài khoản"), "amount": _l("Số tiền"),
                "purpose": _l("Nội dung"), "demo": _l("Mẫu")}


class ImportForm(FlaskForm):
    """Only CSRF; the file is checked by shops_csv.parse_rows like a pack's shops.csv."""


def _pending_dir() -> Path:
    return Path(current_app.config["DATA"]) / "imports"


def _decode(data: bytes, name: str, encoding: str, report: Report) -> str | None:
    if name.lower().endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        return shops_sheet.xlsx_to_csv(data, name, report)
    if encoding == "cp1258":
        try:
            return unicodedata.normalize("NFC", data.decode("cp1258"))
        except UnicodeDecodeError as exc:
            report.error(name, N_("không đọc được theo Windows-1258 (byte %(byte)s)"), byte=exc.start)
            return None
    return decode(data, name, report)


@dataclass
class Preview:
    """What the preview page shows: file-level problems first, then every row with its own."""

    header: list[str]
    rows: list[dict]
    shops: list[Shop]
    general: list[str]
    errors: int
    code_column: bool
    rows_checked: bool  # False when a file-level error (a header problem) stopped the row checks


def _preview(text: str, name: str) -> Preview:
    report = Report()
    existing = {s.code: s for s in shop_store.list_shops(get_db())}
    header, table = read_table(text)
    fields = [column_of(h) for h in header]
    parsed, updates = _same_shops(parse_rows(text, name, report, make_codes=existing.keys()),
                                  table, fields, existing)
    by_account = {(s.bank_bin, s.account): code for code, s in existing.items()}
    for line, shop in parsed:
        other = by_account.get((shop.bank_bin, shop.account))
        if other and other != shop.code:
            report.warn(name, N_("cùng ngân hàng và số tài khoản với cửa hàng %(other)s đã có"),
                        "account", line, other=other)
    # A column the file has is named as its header says; one it lacks, in the page's language.
    label = {f: h.strip() for f, h in zip(fields, header, strict=True) if f} | {
        f: str(COLUMN_NAMES[f]) for f in LABELS if f not in fields}
    lines = {line for line, _ in table}
    general: list[str] = []
    by_line: dict[int, list[tuple[str, str]]] = {}
    order = {f: i for i, f in enumerate(fields) if f}
    for p in sorted(report.problems, key=lambda p: (p.line or 0, order.get(p.field, -1))):
        text_ = _said(p, label.get(p.field, p.field))
        if p.line in lines:
            by_line.setdefault(p.line, []).append((p.field, text_))
        elif p.line == 1:
            general.append(_("Dòng 1 (tiêu đề): %(problem)s", problem=text_))
        elif p.line:
            general.append(_("Dòng %(line)s: %(problem)s", line=p.line, problem=text_))
        else:
            general.append(text_)
    codes = {line: shop.code for line, shop in parsed}
    rows = []
    for line, values in table:
        problems = by_line.get(line, [])
        bad = {f for f, _ in problems}
        rows.append({
            "line": line, "code": codes.get(line, ""), "updating": line in updates,
            "problems": [t for _, t in problems],
            "cells": [(h, _shown(fields[i], v, codes.get(line)), fields[i] in bad)
                      for i, (h, v) in enumerate(zip(header, [*values, *[""] * len(header)],
                                                     strict=False))],
        })
    errors = sum(p.level == "error" for p in report.problems)
    checked = not any(p.level == "error" and p.line not in lines for p in report.problems)
    return Preview(header, rows, [s for _, s in parsed], general, errors, "code" in fields,
                   checked)


def _said(problem: Problem, column: str) -> str:
    """A problem in the page's language, after the column it is about, marked if a warning."""
    text = problem_text(problem)
    if problem.field:
        text = _("%(column)s: %(problem)s", column=column, problem=text)
    return _("%(problem)s (cảnh báo)", problem=text) if problem.level == "warning" else text


def _shown(field: str | None, value: str, code: str | None) -> str:
    """A cell as previewed: an empty code cell shows the code that will be made for the row."""
    if field == "code" and not value.strip() and code:
        return _("%(code)s (tự tạo)", code=code)
    return value


def _same_shops(parsed: list[tuple[int, Shop]], table: list[tuple[int, list[str]]],
                fields: list[str | None], existing: dict[str, Shop],
                ) -> tuple[list[tuple[int, Shop]], set[int]]:
    """A row without a code naming a shop already here (same name, bank and account) updates
    it rather than adding it again, so importing the same sheet twice doubles nothing."""
    at = fields.index("code") if "code" in fields else None
    typed = {line for line, values in table
             if at is not None and at < len(values) and values[at].strip()}
    same = {(s.name, s.bank_bin, s.account): code for code, s in existing.items()}
    result, updates = [], set()
    for line, shop in parsed:
        code = None if line in typed else same.get((shop.name, shop.bank_bin, shop.account))
        if code:
            shop = replace(shop, code=code)
            updates.add(line)
        result.append((line, shop))
    return result, updates


@bp.get("/shops/import/mau-cua-hang.<kind>")
def import_template(kind: str):
    """The spreadsheet template with Vietnamese headers and one example row."""
    if kind == "csv":
        data, mimetype = shops_sheet.template_csv(), "text/csv"
    elif kind == "xlsx":
        data = shops_sheet.template_xlsx()
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        abort(404)
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="mau-cua-hang.{kind}"'})


@bp.route("/shops/import", methods=["GET", "POST"])
def import_shops():
    form = ImportForm()
    if request.method == "GET":
        return _page()
    if not form.validate_on_submit():
        abort(400)
    _forget_old_uploads()
    token = request.form.get("token", "")
    if token:  # the confirmation of a preview
        path = _pending_dir() / f"{token}.csv"
        if not token.isalnum() or not path.is_file():
            flash(_("Bản xem trước đã hết hạn; hãy tải tệp lên lại."), "error")
            return redirect(url_for("admin.import_shops"))
        preview = _preview(path.read_text(encoding="utf-8"), "shops.csv")
        if preview.errors:
            abort(400)
        _import(preview.shops)
        path.unlink(missing_ok=True)
        flash(ngettext("Đã nhập %(num)s cửa hàng.", "Đã nhập %(num)s cửa hàng.",
                       len(preview.shops)), "info")
        return redirect(url_for("admin.shops"))
    upload = request.files.get("file")
    encoding = request.form.get("encoding", "auto")
    if upload is None or not upload.filename:
        flash(_("Hãy chọn tệp CSV hoặc Excel (.xlsx)."), "error")
        return redirect(url_for("admin.import_shops"))
    data = upload.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        flash(_("Tệp quá lớn (tối đa %(mb)s MB).", mb=MAX_CSV_BYTES // 1024 // 1024), "error")
        return redirect(url_for("admin.import_shops"))
    report = Report()
    text = _decode(data, upload.filename, encoding if encoding in ENCODINGS else "auto", report)
    if text is None:
        return _page(general=[problem_text(p) for p in report.problems]), 400
    preview = _preview(text, upload.filename)
    token = None
    if not preview.errors:
        token = secrets.token_hex(16)
        atomic.write_text(_pending_dir() / f"{token}.csv", text)
    return _page(preview=preview, token=token, filename=upload.filename), \
        400 if preview.errors else 200


def _page(**context) -> str:
    return render_template("admin/shop_import.html", encodings=ENCODINGS,
                           columns=[LABELS[c] for c in COLUMNS], **context)


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
