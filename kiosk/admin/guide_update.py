"""Admin (admin role): update guides from the commune's signed pack, seeing what changes first.

The first POST carries the pack: it is checked (signature over every file, then the pack) and
kept under a random token bound to this session, and the page shows what will be added or
replaced and what stays the hamlet's own. A second POST with the token applies exactly that plan
(and on a first update pins the commune's key, once the fingerprint was confirmed).
"""

from __future__ import annotations

import hmac
import re
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from kiosk import atomic, users
from kiosk.admin import bp
from kiosk.admin.forms import stage_upload
from kiosk.commune import signed_pack
from kiosk.db import get_db, transaction
from kiosk.problems import N_, Problem, problem
from kiosk.store import commune as commune_store
from kiosk.web.i18n import problem_text

_STAGED = "guide_update_staged"
_TOKEN = re.compile(r"[0-9a-f]{32}")


def _staged_path(token: str) -> Path:
    return Path(current_app.config["DATA"]) / "incoming" / f"{atomic.TEMP_PREFIX}update-{token}.zip"


def _drop_staged() -> None:
    staged = session.pop(_STAGED, None)
    if isinstance(staged, dict) and _TOKEN.fullmatch(str(staged.get("token"))):
        _staged_path(staged["token"]).unlink(missing_ok=True)


@bp.get("/guides/update")
def guide_update():
    return render_template("admin/guide_update.html", pinned=commune_store.pinned_key(get_db()),
                           form=FlaskForm(), preview=None)


@bp.post("/guides/update")
def guide_update_preview():
    if not FlaskForm().validate_on_submit():
        abort(400)
    upload = request.files.get("pack")
    if upload is None or not upload.filename:
        flash(_("Hãy chọn tệp gói hướng dẫn của xã (.zip)."), "error")
        return redirect(url_for("admin.guide_update"))
    _drop_staged()
    token, path = stage_upload(upload, _staged_path)
    db = get_db()
    try:
        signed = signed_pack.read_signed_pack(path)
    except signed_pack.SignedPackError as exc:
        path.unlink(missing_ok=True)
        return render_template("admin/guide_update.html", pinned=commune_store.pinned_key(db),
                               form=FlaskForm(), preview=None,
                               problems=[_line(p) for p in exc.problems]), 400
    plan = signed_pack.plan_update(db, signed)
    session[_STAGED] = {"token": token, "plan": _shown(plan)}
    pinned = commune_store.pinned_key(db)
    return render_template("admin/guide_update.html", pinned=pinned, form=FlaskForm(),
                           preview={"token": token, "signed": signed, "plan": plan,
                                    "trust": signed_pack.untrusted(db, signed, signed.fingerprint)
                                    if pinned else None})


def _shown(plan: signed_pack.UpdatePlan) -> list[list[str]]:
    return [list(plan.new_guides), list(plan.replaced_guides), list(plan.new_items),
            list(plan.replaced_items)]


@bp.post("/guides/update/apply")
def guide_update_apply():
    if not FlaskForm().validate_on_submit():
        abort(400)
    token = request.form.get("token", "")
    staged = session.get(_STAGED)
    if (not isinstance(staged, dict) or not _TOKEN.fullmatch(token)
            or not hmac.compare_digest(str(staged.get("token")), token)
            or not _staged_path(token).is_file()):
        flash(_("Không tìm thấy gói đã tải lên (có thể đã quá lâu); hãy chọn tệp lại."), "error")
        return redirect(url_for("admin.guide_update"))
    db = get_db()
    try:
        signed = signed_pack.read_signed_pack(_staged_path(token))
        if _shown(signed_pack.plan_update(db, signed)) != staged.get("plan"):
            raise signed_pack.SignedPackError([problem("", N_(
                "nội dung đã thay đổi từ lúc xem trước; hãy xem lại"))])
        plan = signed_pack.apply_update(db, Path(current_app.config["DATA"]), signed,
                                        current_user.name, request.form.get("confirm", "")[:40])
    except signed_pack.SignedPackError as exc:
        flash(_("Chưa cập nhật: %(why)s", why="; ".join(_line(p) for p in exc.problems[:3])),
              "error")
        return redirect(url_for("admin.guide_update"))
    finally:
        _drop_staged()
    with transaction(db):
        users.record(db, current_user.name, "cập nhật hướng dẫn từ xã", signed.signer,
                     f"{plan.changes} thay đổi")
    flash(_("Đã cập nhật từ gói của %(signer)s: %(new)s hướng dẫn mới, %(replaced)s thay bản mới, "
            "%(items)s câu đố.", signer=signed.signer, new=len(plan.new_guides),
            replaced=len(plan.replaced_guides), items=len(plan.new_items) + len(plan.replaced_items)),
          "info")
    return redirect(url_for("admin.guides"))


def _line(p: Problem) -> str:
    """A problem in the page's language, after where it is ("guides/a/guide.yaml:3: title: …")."""
    place = p.file + (f":{p.line}" if p.line else "") if p.file else ""
    return (place + ": " if place else "") + (p.field + ": " if p.field else "") + problem_text(p)
