"""Admin: guides and their steps — per-language text, step images, order, publish, preview.

Every text goes through the same checks a content pack's guide.yaml meets (packs.check_i18n), so an
edited guide always exports as a pack that imports again.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage

from kiosk import users
from kiosk.admin import bp
from kiosk.codes import SLUG
from kiosk.db import get_db, transaction
from kiosk.media import files as media
from kiosk.media import photos
from kiosk.models import CATEGORIES, Guide, pick
from kiosk.packs.fields import check_i18n
from kiosk.packs.shapes import MAX_STEPS, TEXT_LIMITS
from kiosk.store import content
from kiosk.web.templating import current_lang

Errors = dict[str, list[str]]
STEP_TEXTS = (("title", False), ("text", True), ("tip", True), ("warning", True))  # (field, long)
MAX_CHECK_NOTE = 200


class EditForm(FlaskForm):
    """Only CSRF: the fields are checked by the pack rules below, like every other way in."""


def require_csrf() -> None:
    """Refuse a POST without a valid CSRF token (400)."""
    if not EditForm().validate_on_submit():
        abort(400)


def lang_codes(db: sqlite3.Connection) -> list[str]:
    """The content languages, Vietnamese first (from the languages table)."""
    codes = [lang.code for lang in content.get_languages(db)]
    return ["vi", *[c for c in codes if c != "vi"]]


def form_texts(name: str, langs: list[str]) -> dict[str, str]:
    """The form's `name.<lang>` inputs as typed (stripped), empty ones included."""
    return {lang: request.form.get(f"{name}.{lang}", "").strip() for lang in langs}


def check_texts(raw: dict[str, str], name: str, langs: list[str], errors: Errors, *,
                required: bool = True, limit: int = 400, need_en: bool = False) -> dict[str, str]:
    """A translated text checked by the pack rules; problems go to errors["name.<lang>"].

    Empty inputs mean "not translated" (a pack simply leaves the language out).
    """
    value = {lang: text.replace("\r\n", "\n") for lang, text in raw.items() if text}
    result, problems = check_i18n(value, name, langs, required=required, limit=limit,
                                  need_en=need_en)
    for problem in problems:
        if problem.level != "error":
            continue
        key = problem.field
        if key == name:  # "missing vi/en" is said about the whole text: show it at that input
            key = f"{name}.{'en' if '(en)' in problem.message else 'vi'}"
        errors.setdefault(key, []).append(problem.message)
    return result


def check_integer(value: str, name: str, errors: Errors, low: int, high: int) -> int:
    """A whole number typed in a form, within [low, high] (0 when it is not)."""
    try:
        number = int(value.strip() or "0")
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        errors.setdefault(name, []).append(f"phải là số nguyên từ {low} đến {high}")
        return 0
    return number


def uploaded(name: str) -> FileStorage | None:
    """The file chosen in input `name`, or None when nothing was chosen."""
    file = request.files.get(name)
    return file if file is not None and file.filename else None


def check_upload(file: FileStorage, kind: str, name: str, errors: Errors
                 ) -> media.CheckedMedia | None:
    """An uploaded image, photo or audio file verified by media.py (EXIF stripped); None when
    refused. A "photo" also gets its phone-sized variants, made from the same decode."""
    checks = {"image": media.check_image, "audio": media.check_audio,
              "photo": lambda filename, data: photos.prepare_photo(data_dir(), filename, data)}
    check = checks[kind]
    filename = unicodedata.normalize("NFC", Path(file.filename or "tệp").name)
    try:
        return check(filename, file.read())
    except media.MediaError as exc:
        errors.setdefault(name, []).append(str(exc))
        return None


def media_name(prefix: str, checked: media.CheckedMedia) -> str:
    """A file name unique within its pack folder, so two uploads never collide on export."""
    return f"{prefix}-{checked.hash[:8]}.{checked.ext}"


def data_dir() -> Path:
    return Path(current_app.config["DATA"])


def to_json(value: object) -> str:
    """JSON as the database stores translated texts (UTF-8 kept readable)."""
    return json.dumps(value, ensure_ascii=False)


def _guide_or_404(slug: str) -> Guide:
    guide = content.get_guide(get_db(), slug, published_only=False)
    if guide is None:
        abort(404)
    return guide


def _guide_id(db: sqlite3.Connection, slug: str) -> int:
    return db.execute("SELECT id FROM guides WHERE slug = ?", (slug,)).fetchone()[0]


# -- guides ----------------------------------------------------------------------------------

@bp.get("/guides")
def guides():
    return render_template("admin/guides.html",
                           guides=content.list_guides(get_db(), published_only=False))


def _guide_values(guide: Guide | None, langs: list[str]) -> dict[str, str]:
    values = {"slug": "", "category": CATEGORIES[0], "position": "0"}
    for name in ("title", "summary", "needs", "step_title", "step_text"):
        values.update({f"{name}.{lang}": "" for lang in langs})
    if guide is not None:
        values.update(slug=guide.slug, category=guide.category, position=str(guide.position))
        for lang in langs:
            values[f"title.{lang}"] = guide.title.get(lang, "")
            values[f"summary.{lang}"] = guide.summary.get(lang, "")
            values[f"needs.{lang}"] = "\n".join(n.get(lang, "") for n in guide.needs).rstrip("\n")
    return values


def _check_needs(langs: list[str], errors: Errors) -> list[dict[str, str]]:
    """One need a line, line i in every language being the same need."""
    lines = {lang: request.form.get(f"needs.{lang}", "").replace("\r\n", "\n").rstrip().split("\n")
             for lang in langs}
    needs = []
    for i in range(max((len(v) for v in lines.values() if v != [""]), default=0)):
        raw = {lang: lines[lang][i].strip() if i < len(lines[lang]) else "" for lang in langs}
        if not any(raw.values()):
            continue
        found: Errors = {}
        needs.append(check_texts(raw, "needs", langs, found, limit=TEXT_LIMITS["need"]))
        for key, messages in found.items():
            errors.setdefault(key, []).extend(f"dòng {i + 1}: {m}" for m in messages)
    return needs


def _check_guide(langs: list[str], errors: Errors) -> dict:
    category = request.form.get("category", "")
    if category not in CATEGORIES:
        errors.setdefault("category", []).append("hãy chọn một nhóm trong danh sách")
    return {
        "category": category,
        "position": check_integer(request.form.get("position", ""), "position", errors, 0, 10_000),
        "title": check_texts(form_texts("title", langs), "title", langs, errors,
                             limit=TEXT_LIMITS["title"], need_en=True),
        "summary": check_texts(form_texts("summary", langs), "summary", langs, errors,
                               limit=TEXT_LIMITS["summary"], need_en=True),
        "needs": _check_needs(langs, errors),
    }


@bp.route("/guides/new", methods=["GET", "POST"])
def new_guide():
    db = get_db()
    langs = lang_codes(db)
    values, errors = _guide_values(None, langs), {}
    if request.method == "POST":
        require_csrf()
        values.update({k: v for k, v in request.form.items() if k != "csrf_token"})
        slug = values["slug"] = values.get("slug", "").strip().lower()
        if not SLUG.match(slug) or slug == "new":  # /admin/guides/new is the form itself
            errors["slug"] = ["chỉ chữ thường không dấu, số và gạch nối, ví dụ kich-hoat-vneid"]
        elif db.execute("SELECT 1 FROM guides WHERE slug = ?", (slug,)).fetchone():
            errors["slug"] = [f"đã có hướng dẫn dùng đường dẫn {slug}"]
        guide = _check_guide(langs, errors)
        step = {"title": check_texts(form_texts("step_title", langs), "step_title", langs, errors,
                                     limit=TEXT_LIMITS["title"]),
                "body": check_texts(form_texts("step_text", langs), "step_text", langs, errors,
                                    limit=TEXT_LIMITS["text"])}
        if not errors:
            with transaction(db):
                # New guides start hidden: the team publishes once the steps are written.
                cur = db.execute(
                    "INSERT INTO guides (slug, category, position, published, title, summary,"
                    " needs) VALUES (?,?,?,0,?,?,?)",
                    (slug, guide["category"], guide["position"], to_json(guide["title"]),
                     to_json(guide["summary"]), to_json(guide["needs"])))
                db.execute("INSERT INTO steps (guide_id, position, title, body) VALUES (?,1,?,?)",
                           (cur.lastrowid, to_json(step["title"]), to_json(step["body"])))
                users.record(db, current_user.name, "thêm hướng dẫn", slug, guide["title"]["vi"])
            flash(f"Đã thêm hướng dẫn {guide['title']['vi']} (chưa đăng lên kiosk).", "info")
            return redirect(url_for("admin.edit_guide", slug=slug))
    return render_template("admin/guide_new.html", form=EditForm(), values=values, errors=errors,
                           langs=langs, categories=CATEGORIES), 400 if errors else 200


@bp.route("/guides/<slug>", methods=["GET", "POST"])
def edit_guide(slug: str):
    db = get_db()
    guide = _guide_or_404(slug)
    langs = lang_codes(db)
    values, errors = _guide_values(guide, langs), {}
    if request.method == "POST":
        require_csrf()
        values.update({k: v for k, v in request.form.items() if k != "csrf_token"})
        checked = _check_guide(langs, errors)
        if not errors:
            with transaction(db):
                db.execute(
                    "UPDATE guides SET category=?, position=?, title=?, summary=?, needs=?,"
                    " updated_at=strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE slug=?",
                    (checked["category"], checked["position"], to_json(checked["title"]),
                     to_json(checked["summary"]), to_json(checked["needs"]), slug))
                users.record(db, current_user.name, "sửa hướng dẫn", slug, checked["title"]["vi"])
            flash("Đã lưu hướng dẫn.", "info")
            return redirect(url_for("admin.edit_guide", slug=slug))
    return render_template("admin/guide_form.html", form=EditForm(), guide=guide, values=values,
                           errors=errors, langs=langs, categories=CATEGORIES,
                           max_steps=MAX_STEPS), 400 if errors else 200


@bp.post("/guides/<slug>/publish")
def publish_guide(slug: str):
    guide = _guide_or_404(slug)
    require_csrf()
    publish = request.form.get("publish") == "1"
    db = get_db()
    with transaction(db):
        db.execute("UPDATE guides SET published = ? WHERE slug = ?", (int(publish), slug))
        users.record(db, current_user.name, "đăng hướng dẫn" if publish else "ẩn hướng dẫn", slug,
                     guide.title.get("vi", ""))
    flash("Hướng dẫn đã hiện trên kiosk." if publish else "Hướng dẫn đã ẩn khỏi kiosk.", "info")
    return redirect(url_for("admin.edit_guide", slug=slug))


@bp.get("/guides/<slug>/preview/<int:n>")
def preview_step(slug: str, n: int):
    """A step as the kiosk shows it, published or not (the kiosk itself 404s unpublished guides)."""
    guide = _guide_or_404(slug)
    if not 1 <= n <= len(guide.steps):
        abort(404)
    step = guide.steps[n - 1]
    spoken = "vi" if pick(step.body, current_lang())[1] else current_lang()
    speech = " ".join(pick(text, spoken)[0] for text in (step.title, step.body, step.tip,
                                                         step.warning) if text)
    return render_template("admin/guide_preview.html", guide=guide, step=step, n=n,
                           total=len(guide.steps), audio=step.audio.get(spoken), speech=speech,
                           speech_lang=spoken, phone_url=None, phone_qr=None)


# -- steps -----------------------------------------------------------------------------------

def _step_values(guide: Guide, n: int | None, langs: list[str]) -> dict[str, str]:
    values = {"check": ""}
    for name, _long in STEP_TEXTS:
        values.update({f"{name}.{lang}": "" for lang in langs})
    if n is not None:
        step = guide.steps[n - 1]
        texts = {"title": step.title, "text": step.body, "tip": step.tip, "warning": step.warning}
        for name, text in texts.items():
            values.update({f"{name}.{lang}": text.get(lang, "") for lang in langs})
        values["check"] = step.check_note
    return values


def _check_step(langs: list[str], errors: Errors) -> dict:
    result = {}
    for name, _long in STEP_TEXTS:
        result[name] = check_texts(form_texts(name, langs), name, langs, errors,
                                   required=name in ("title", "text"), limit=TEXT_LIMITS[name])
    result["check"] = unicodedata.normalize("NFC", request.form.get("check", "").strip())
    if len(result["check"]) > MAX_CHECK_NOTE:
        errors.setdefault("check", []).append(
            f"quá dài ({len(result['check'])} ký tự, tối đa {MAX_CHECK_NOTE})")
    return result


@bp.route("/guides/<slug>/steps/new", methods=["GET", "POST"])
def new_step(slug: str):
    return _edit_step(_guide_or_404(slug), None)


@bp.route("/guides/<slug>/steps/<int:n>", methods=["GET", "POST"])
def edit_step(slug: str, n: int):
    guide = _guide_or_404(slug)
    if not 1 <= n <= len(guide.steps):
        abort(404)
    return _edit_step(guide, n)


def _edit_step(guide: Guide, n: int | None):
    db = get_db()
    langs = lang_codes(db)
    values, errors = _step_values(guide, n, langs), {}
    if n is None and len(guide.steps) >= MAX_STEPS:
        flash(f"Một hướng dẫn có tối đa {MAX_STEPS} bước.", "error")
        return redirect(url_for("admin.edit_guide", slug=guide.slug))
    if request.method == "POST":
        require_csrf()
        values.update({k: v for k, v in request.form.items() if k != "csrf_token"})
        step = _check_step(langs, errors)
        file = uploaded("image")
        image = check_upload(file, "image", "image", errors) if file else None
        if errors and image is not None:
            errors.setdefault("image", []).append("ảnh hợp lệ nhưng chưa lưu: hãy chọn lại ảnh")
        if not errors:
            position = _save_step(db, guide, n, step, image)
            flash(f"Đã lưu bước {position}.", "info")
            return redirect(url_for("admin.edit_step", slug=guide.slug, n=position))
    return render_template("admin/guide_step.html", form=EditForm(), guide=guide, n=n,
                           step=guide.steps[n - 1] if n else None, values=values, errors=errors,
                           langs=langs, texts=STEP_TEXTS, limits=TEXT_LIMITS,
                           image_types=", ".join(sorted(media.IMAGE_TYPES)),
                           max_image_mb=media.MAX_IMAGE_BYTES // 1024 // 1024), \
        400 if errors else 200


def _save_step(db: sqlite3.Connection, guide: Guide, n: int | None, step: dict,
               image: media.CheckedMedia | None) -> int:
    """Insert or update one step (and its new image) in one transaction; returns its position."""
    texts = (to_json(step["title"]), to_json(step["text"]), to_json(step["tip"]),
             to_json(step["warning"]), step["check"])
    with transaction(db):
        guide_id = _guide_id(db, guide.slug)
        # Counted inside the transaction: another team member may have added a step meanwhile.
        position = n or db.execute("SELECT count(*) FROM steps WHERE guide_id = ?",
                                   (guide_id,)).fetchone()[0] + 1
        if n is None:
            db.execute("INSERT INTO steps (guide_id, position, title, body, tip, warning,"
                       " check_note) VALUES (?,?,?,?,?,?,?)", (guide_id, position, *texts))
        else:
            db.execute("UPDATE steps SET title=?, body=?, tip=?, warning=?, check_note=?"
                       " WHERE guide_id=? AND position=?", (*texts, guide_id, position))
        detail = step["title"]["vi"]
        if image is not None:
            digest = media.store(db, data_dir(), image)
            name = media_name(f"step-{position:02d}", image)
            db.execute("UPDATE steps SET image_hash=?, image_name=? WHERE guide_id=? AND"
                       " position=?", (digest, name, guide_id, position))
            detail += f"; ảnh {name}"
        elif n is not None and request.form.get("remove_image"):
            db.execute("UPDATE steps SET image_hash=NULL, image_name=NULL WHERE guide_id=? AND"
                       " position=?", (guide_id, position))
            detail += "; bỏ ảnh"
        users.record(db, current_user.name, "sửa bước" if n else "thêm bước",
                     f"{guide.slug}/{position}", detail)
    return position


@bp.post("/guides/<slug>/steps/<int:n>/move")
def move_step(slug: str, n: int):
    guide = _guide_or_404(slug)
    require_csrf()
    other = n - 1 if request.form.get("direction") == "up" else n + 1
    if not (1 <= n <= len(guide.steps) and 1 <= other <= len(guide.steps)):
        abort(400)
    db = get_db()
    with transaction(db):
        guide_id = _guide_id(db, slug)
        # Through 0, because (guide_id, position) is unique at every single UPDATE.
        for old, new in ((n, 0), (other, n), (0, other)):
            db.execute("UPDATE steps SET position=? WHERE guide_id=? AND position=?",
                       (new, guide_id, old))
        users.record(db, current_user.name, "đổi thứ tự bước", slug, f"bước {n} → {other}")
    flash(f"Đã chuyển bước {n} thành bước {other}.", "info")
    return redirect(url_for("admin.edit_guide", slug=slug) + "#steps")


@bp.post("/guides/<slug>/steps/<int:n>/delete")
def delete_step(slug: str, n: int):
    guide = _guide_or_404(slug)
    require_csrf()
    if not 1 <= n <= len(guide.steps):
        abort(404)
    if len(guide.steps) == 1:
        flash("Không xóa được bước duy nhất: hướng dẫn cần ít nhất một bước.", "error")
        return redirect(url_for("admin.edit_guide", slug=slug) + "#steps")
    if not request.form.get("confirm"):
        flash("Hãy đánh dấu ô “Tôi chắc chắn” trước khi xóa bước.", "error")
        return redirect(url_for("admin.edit_step", slug=slug, n=n))
    db = get_db()
    with transaction(db):
        guide_id = _guide_id(db, slug)
        db.execute("DELETE FROM steps WHERE guide_id=? AND position=?", (guide_id, n))
        # Close the gap in two passes (via negatives): positions are unique at every row update.
        db.execute("UPDATE steps SET position = -position WHERE guide_id=? AND position > ?",
                   (guide_id, n))
        db.execute("UPDATE steps SET position = -position - 1 WHERE guide_id=? AND position < 0",
                   (guide_id,))
        users.record(db, current_user.name, "xóa bước", f"{slug}/{n}",
                     guide.steps[n - 1].title.get("vi", ""))
    flash(f"Đã xóa bước {n}.", "info")
    return redirect(url_for("admin.edit_guide", slug=slug) + "#steps")
