"""Admin: household shops and their payment QR codes."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup

from kiosk import users
from kiosk.admin import bp, listing
from kiosk.codes import suggest_code
from kiosk.db import get_db, transaction
from kiosk.models import Shop
from kiosk.packs.shops_csv import check_row
from kiosk.problems import Report
from kiosk.store import shops as shop_store
from kiosk.web.i18n import problem_text
from qr import banks, render, vietqr
from qr.text import holder_name

FIELDS = ("code", "name", "owner", "bank", "account", "holder", "amount", "purpose")


class ShopForm(FlaskForm):
    """Only CSRF: the fields are checked by shop_rows.check_row, like every other way in."""


def bank_choice(bank_bin: str) -> str:
    bank = banks.get_by_bin(bank_bin)
    return f"{bank.bin} · {bank.short_name} · {bank.name}" if bank else bank_bin


def _bank_from_picker(value: str) -> str:
    # The datalist fills "970436 · Vietcombank · …"; a person may also type just a name or code.
    match = re.match(r"\s*(\d{6})\b", value)
    return match.group(1) if match else value


def bank_app_view(shop: Shop) -> dict:
    """What the payer's bank app shows after scanning, so the team can check it with the owner."""
    purpose, changed = vietqr.normalize_purpose(shop.purpose) if shop.purpose else ("", False)
    bank = banks.get_by_bin(shop.bank_bin)
    payload = vietqr.payload(shop.bank_bin, shop.account, amount=shop.amount,
                             purpose=shop.purpose or None)
    return {
        "bank": bank.short_name if bank else shop.bank_bin,
        "holder": holder_name(shop.holder),
        "account": vietqr.group_account(shop.account),
        "amount": vietqr.format_amount(shop.amount) if shop.amount else "",
        "purpose": purpose, "purpose_changed": changed, "payload": payload,
        "qr": Markup(render.to_svg(payload, ec=render.error_level("payment"))),
    }


def _get_shop(code: str) -> Shop:
    shop = shop_store.get_shop(get_db(), code.upper())
    if shop is None:
        abort(404)
    return shop


def bank_labels() -> dict[str, str]:
    return {b.bin: b.short_name for b in banks.all_banks()}


@bp.get("/shops")
def shops():
    db = get_db()
    shop_filter, errors = listing.shop_filter(request.args)
    page = shop_store.page_of_shops(db, shop_filter, listing.page_number(request.args))
    bank_counts = shop_store.bank_counts(db)
    return render_template(
        "admin/shops.html", page=page, links=listing.page_links(page), filter=shop_filter,
        errors=errors, since_text=listing.since_text(shop_filter, request.args), labels=bank_labels(),
        bank_counts=bank_counts, total_all=sum(n for _, n in bank_counts),
        filtered=shop_filter != shop_store.ShopFilter(), demo_count=shop_store.count_demo(db),
    ), 400 if errors else 200


@bp.route("/shops/new", methods=["GET", "POST"])
def new_shop():
    return _edit(None)


@bp.route("/shops/<code>", methods=["GET", "POST"])
def edit_shop(code: str):
    return _edit(_get_shop(code))


def _edit(existing: Shop | None):
    form = ShopForm()
    values = {f: "" for f in FIELDS}
    values["demo"] = ""
    if existing is not None:
        values.update(code=existing.code, name=existing.name, owner=existing.owner,
                      bank=bank_choice(existing.bank_bin), account=existing.account,
                      holder=existing.holder, amount=str(existing.amount or ""),
                      purpose=existing.purpose, demo="1" if existing.demo else "")
    else:  # a generated short code, still editable (issue 18)
        values["code"] = suggest_code("", _shop_codes())
    errors: dict[str, list[str]] = {}
    preview = bank_app_view(existing) if existing is not None else None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        values.update({f: request.form.get(f, "").strip() for f in FIELDS})
        values["demo"] = "1" if request.form.get("demo") else ""
        if existing is not None:
            values["code"] = existing.code  # the short link on printed cards never changes
        elif not values["code"]:
            values["code"] = suggest_code(values["name"], _shop_codes())
        shop, errors = _check(values, existing)
        if shop is not None:
            preview = bank_app_view(shop)
            if request.form.get("action") == "save":
                _save(shop, existing)
                flash(_("Đã lưu cửa hàng %(name)s.", name=shop.name) if existing else
                      _("Đã lưu cửa hàng %(name)s. Giờ có thể in thẻ hoặc tải mã QR ở đầu trang.",
                        name=shop.name), "info")
                return redirect(url_for("admin.edit_shop", code=shop.code))
        else:
            preview = None
    status = 400 if errors else 200
    return render_template("admin/shop_form.html", form=form, values=values, errors=errors,
                           existing=existing, preview=preview,
                           bank_options=[bank_choice(b.bin) for b in banks.all_banks()]), status


def _shop_codes() -> set[str]:
    return {s.code for s in shop_store.list_shops(get_db())}


def _check(values: dict[str, str], existing: Shop | None) -> tuple[Shop | None, dict]:
    report = Report()
    row = {**values, "bank": _bank_from_picker(values["bank"]), "demo": values["demo"] or "0"}
    shop = check_row(row, "", 0, report)
    errors: dict[str, list[str]] = {}
    for problem in report.problems:
        if problem.level == "error":
            errors.setdefault(problem.field or "_", []).append(problem_text(problem))
    if shop is not None and existing is None:
        if shop_store.get_shop(get_db(), shop.code) is not None:
            errors.setdefault("code", []).append(_("mã %(code)s đã có cửa hàng khác dùng",
                                                   code=shop.code))
            shop = None
    return (shop if not errors else None), errors


def _save(shop: Shop, existing: Shop | None) -> None:
    db = get_db()
    with transaction(db):
        shop_store.save_shop(db, shop)
        users.record(db, current_user.name, "sửa cửa hàng" if existing else "thêm cửa hàng",
                     shop.code, f"{shop.name}; {shop.bank_bin} {shop.account}")


@bp.post("/shops/<code>/delete")
def delete_shop(code: str):
    shop = _get_shop(code)
    if not ShopForm().validate_on_submit():
        abort(400)
    if not request.form.get("confirm"):
        flash(_("Hãy đánh dấu ô “Tôi chắc chắn” trước khi xóa."), "error")
        return redirect(url_for("admin.edit_shop", code=shop.code))
    db = get_db()
    with transaction(db):
        shop_store.delete_shop(db, shop.code)
        users.record(db, current_user.name, "xóa cửa hàng", shop.code, shop.name)
    flash(_("Đã xóa cửa hàng %(name)s.", name=shop.name), "info")
    return redirect(url_for("admin.shops"))
