"""Admin: a guide's steps — per-language texts, step image, check note, order, delete.

Texts meet the pack rules (admin.forms → packs.check_i18n); the step is written by
store.guides.save_step, the same function pack import and narration use.
"""

from __future__ import annotations

import dataclasses
import unicodedata

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kiosk import users
from kiosk.admin import bp
from kiosk.admin.forms import (
    EditForm,
    Errors,
    check_texts,
    check_upload,
    data_dir,
    form_texts,
    lang_codes,
    media_name,
    require_csrf,
    uploaded,
)
from kiosk.admin.guides import guide_or_404
from kiosk.db import get_db, transaction
from kiosk.media import files as media
from kiosk.models import Guide, MediaRef, Step, translations_to_review
from kiosk.packs.shapes import MAX_STEPS, TEXT_LIMITS
from kiosk.store import guides as store

STEP_TEXTS = (("title", False), ("text", True), ("tip", True), ("warning", True))  # (field, long)


def _step_values(guide: Guide, n: int | None, langs: list[str]) -> dict[str, str]:
    values = {"check": ""}
    for name, _long in STEP_TEXTS:
        values.update({f"{name}.{lang}": "" for lang in langs})
    if n is not None:
        step = guide.steps[n - 1]
        texts = {"title": step.title, "text": step.body, "tip": step.tip, "warning": step.warning}
        for name, text in texts.items():
            values.update({f"{name}.{lang}": text.get(lang, "") for lang in langs})
        values["check"] = step.check_note.get("vi", "")
    return values


def _check_step(langs: list[str], errors: Errors) -> dict:
    result = {}
    for name, _long in STEP_TEXTS:
        result[name] = check_texts(form_texts(name, langs), name, langs, errors,
                                   required=name in ("title", "text"), limit=TEXT_LIMITS[name])
    result["check"] = unicodedata.normalize("NFC", request.form.get("check", "").strip())
    if len(result["check"]) > TEXT_LIMITS["check"]:
        errors.setdefault("check", []).append(
            _("quá dài (%(n)s ký tự, tối đa %(max)s)", n=len(result["check"]),
              max=TEXT_LIMITS["check"]))
    return result


@bp.route("/guides/<slug>/steps/new", methods=["GET", "POST"])
def new_step(slug: str):
    return _edit_step(guide_or_404(slug), None)


@bp.route("/guides/<slug>/steps/<int:n>", methods=["GET", "POST"])
def edit_step(slug: str, n: int):
    guide = guide_or_404(slug)
    if not 1 <= n <= len(guide.steps):
        abort(404)
    return _edit_step(guide, n)


def _edit_step(guide: Guide, n: int | None):
    db = get_db()
    langs = lang_codes(db)
    values, errors = _step_values(guide, n, langs), {}
    if n is None and len(guide.steps) >= MAX_STEPS:
        flash(_("Một hướng dẫn có tối đa %(max)s bước.", max=MAX_STEPS), "error")
        return redirect(url_for("admin.edit_guide", slug=guide.slug))
    if request.method == "POST":
        require_csrf()
        values.update({k: v for k, v in request.form.items() if k != "csrf_token"})
        step = _check_step(langs, errors)
        file = uploaded("image")
        image = check_upload(file, "image", "image", errors) if file else None
        if errors and image is not None:
            errors.setdefault("image", []).append(_("ảnh hợp lệ nhưng chưa lưu: hãy chọn lại ảnh"))
        if not errors:
            position = _save_step(guide, n, step, image)
            flash(_("Đã lưu bước %(n)s.", n=position), "info")
            return redirect(url_for("admin.edit_step", slug=guide.slug, n=position))
    return render_template("admin/guide_step.html", form=EditForm(), guide=guide, n=n,
                           step=guide.steps[n - 1] if n else None, values=values, errors=errors,
                           langs=langs, texts=STEP_TEXTS, limits=TEXT_LIMITS,
                           image_types=", ".join(sorted(media.IMAGE_TYPES)),
                           max_image_mb=media.MAX_IMAGE_BYTES // 1024 // 1024), \
        400 if errors else 200


def _note(current: dict[str, str], vi: str) -> dict[str, str]:
    """The check note after the form: a changed Vietnamese note replaces every language of it (an
    English note left beside it would say something else)."""
    if vi == current.get("vi", ""):
        return current
    return {"vi": vi} if vi else {}


def _save_step(guide: Guide, n: int | None, checked: dict,
               image: media.CheckedMedia | None) -> int:
    """Insert or update one step (and its new image) in one transaction; returns its position."""
    db = get_db()
    with transaction(db):
        # Read inside the transaction: another team member may have added a step or recorded
        # its narration meanwhile, and both must survive this save.
        position = n or store.count_steps(db, guide.slug) + 1
        current = store.get_step(db, guide.slug, n) if n else Step(position, {}, {})
        if current is None:  # deleted by someone else since the form was opened
            abort(404)
        step = dataclasses.replace(current, title=checked["title"], body=checked["text"],
                                   tip=checked["tip"], warning=checked["warning"],
                                   check_note=_note(current.check_note, checked["check"]))
        # Translations left as they were while the Vietnamese changed wait for a look, unless
        # the form says they are still right.
        still_right = set(request.form.getlist("reviewed"))
        step = dataclasses.replace(step, review_langs=tuple(
            lang for lang in translations_to_review(current if n else None, step)
            if lang not in still_right))
        detail = checked["title"]["vi"]
        if image is not None:
            name = media_name(f"step-{position:02d}", image)
            step = dataclasses.replace(step, image=MediaRef(media.store(db, data_dir(), image),
                                                            image.ext, name))
            detail += f"; ảnh {name}"
        elif n is not None and request.form.get("remove_image"):
            step = dataclasses.replace(step, image=None)
            detail += "; bỏ ảnh"
        store.save_step(db, guide.slug, step)
        users.record(db, current_user.name, "sửa bước" if n else "thêm bước",
                     f"{guide.slug}/{position}", detail)
    return position


@bp.post("/guides/<slug>/steps/<int:n>/move")
def move_step(slug: str, n: int):
    guide = guide_or_404(slug)
    require_csrf()
    other = n - 1 if request.form.get("direction") == "up" else n + 1
    if not (1 <= n <= len(guide.steps) and 1 <= other <= len(guide.steps)):
        abort(400)
    db = get_db()
    with transaction(db):
        store.swap_steps(db, slug, n, other)
        users.record(db, current_user.name, "đổi thứ tự bước", slug, f"bước {n} → {other}")
    flash(_("Đã chuyển bước %(n)s thành bước %(other)s.", n=n, other=other), "info")
    return redirect(url_for("admin.edit_guide", slug=slug) + "#steps")


@bp.post("/guides/<slug>/steps/<int:n>/delete")
def delete_step(slug: str, n: int):
    guide = guide_or_404(slug)
    require_csrf()
    if not 1 <= n <= len(guide.steps):
        abort(404)
    if len(guide.steps) == 1:
        flash(_("Không xóa được bước duy nhất: hướng dẫn cần ít nhất một bước."), "error")
        return redirect(url_for("admin.edit_guide", slug=slug) + "#steps")
    if not request.form.get("confirm"):
        flash(_("Hãy đánh dấu ô “Tôi chắc chắn” trước khi xóa bước."), "error")
        return redirect(url_for("admin.edit_step", slug=slug, n=n))
    db = get_db()
    with transaction(db):
        store.delete_step(db, slug, n)
        users.record(db, current_user.name, "xóa bước", f"{slug}/{n}",
                     guide.steps[n - 1].title.get("vi", ""))
    flash(_("Đã xóa bước %(n)s.", n=n), "info")
    return redirect(url_for("admin.edit_guide", slug=slug) + "#steps")
