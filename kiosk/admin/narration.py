"""Admin: narration recorded by the team, per guide step or heritage site and per language.

A recording made in the browser (recorder.js, MediaRecorder) arrives as an ordinary file upload,
so a recording and a chosen file pass the same checks: media.check_audio for type and size, then
audio.check_narration for a readable, non-empty file of at most audio.MAX_SECONDS whose size fits
its length (a WebM declaring a NaN duration is refused, not waved through). Also the page
where an admin adds a language the team writes in (Tày, H'Mông…), with its own name.
"""

from __future__ import annotations

import sqlite3
import unicodedata

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from kiosk import users
from kiosk.admin import bp
from kiosk.admin.guides import EditForm, data_dir, lang_codes, media_name, require_csrf, uploaded
from kiosk.codes import LANG
from kiosk.db import get_db, transaction
from kiosk.media import audio
from kiosk.media import files as media
from kiosk.models import Guide, HeritageSite, Step
from kiosk.store import content

MAX_LANG_NAME = 40
Errors = dict[str, list[str]]


@bp.context_processor
def narration_limits() -> dict:
    """Limits the narration panel states next to its buttons (included by two editors)."""
    return {"narration_limits": {
        "seconds": audio.MAX_SECONDS, "text": audio.format_seconds(audio.MAX_SECONDS),
        "mb": media.MAX_AUDIO_BYTES // 1024 // 1024,
    }}


def _step_or_404(slug: str, n: int) -> tuple[Guide, Step]:
    guide = content.get_guide(get_db(), slug, published_only=False)
    if guide is None or not 1 <= n <= len(guide.steps):
        abort(404)
    return guide, guide.steps[n - 1]


def _site_or_404(slug: str) -> HeritageSite:
    site = next((s for s in content.list_sites(get_db()) if s.slug == slug), None)
    if site is None:
        abort(404)
    return site


def _checked_upload(lang: str, errors: Errors) -> media.CheckedMedia | None:
    """The recording or chosen file of this form, checked; None (and a message) when refused."""
    file = uploaded("audio")
    if file is None:
        errors[lang] = ["hãy ghi âm hoặc chọn một tệp âm thanh"]
        return None
    name = unicodedata.normalize("NFC", (file.filename or "tệp").replace("\\", "/")
                                 .rsplit("/", 1)[-1])
    try:
        checked, _seconds = audio.check_narration(name, file.read())
    except media.MediaError as exc:
        errors[lang] = [str(exc)]
        return None
    return checked


def _lang_or_400(lang: str) -> None:
    if lang not in lang_codes(get_db()):
        abort(400)


@bp.get("/narration/guides/<slug>/<int:n>")
def step_narration(slug: str, n: int):
    """The narration panel of one step on its own (also where a refused file is explained)."""
    guide, step = _step_or_404(slug, n)
    return _render_step(guide, step, n, {})


def _render_step(guide: Guide, step: Step, n: int, errors: Errors):
    return render_template("admin/narration.html", guide=guide, step=step, n=n, site=None,
                           langs=lang_codes(get_db()), narration_errors=errors, errors={},
                           form=EditForm()), 400 if errors else 200


@bp.get("/narration/sites/<slug>")
def site_narration(slug: str):
    site = _site_or_404(slug)
    return _render_site(site, {})


def _render_site(site: HeritageSite, errors: Errors):
    return render_template("admin/narration.html", site=site, guide=None, step=None, n=None,
                           langs=lang_codes(get_db()), narration_errors=errors, errors={},
                           form=EditForm()), 400 if errors else 200


@bp.post("/narration/guides/<slug>/<int:n>/<lang>")
def save_step_narration(slug: str, n: int, lang: str):
    """Keep a recording or a chosen file as step n's narration in lang, or remove it."""
    guide, step = _step_or_404(slug, n)
    require_csrf()
    _lang_or_400(lang)
    db, errors = get_db(), {}
    deleting = request.form.get("action") == "delete"
    checked = None if deleting else _checked_upload(lang, errors)
    if errors:
        return _render_step(guide, step, n, errors)
    target = f"{slug}/{n}"
    with transaction(db):
        step_id = db.execute("SELECT s.id FROM steps s JOIN guides g ON g.id = s.guide_id"
                             " WHERE g.slug = ? AND s.position = ?", (slug, n)).fetchone()[0]
        if checked is None:
            db.execute("DELETE FROM step_audio WHERE step_id=? AND lang=?", (step_id, lang))
            users.record(db, current_user.name, "xóa bài đọc bước", target, lang)
        else:
            name = _store(db, checked, f"step-{n:02d}-{lang}")
            db.execute("INSERT OR REPLACE INTO step_audio (step_id, lang, media_hash, name)"
                       " VALUES (?,?,?,?)", (step_id, lang, checked.hash, name))
            users.record(db, current_user.name, "lưu bài đọc bước", target, name)
    flash(_done_message(checked, lang), "info")
    return redirect(url_for("admin.edit_step", slug=slug, n=n) + "#narration")


@bp.post("/narration/sites/<slug>/<lang>")
def save_site_narration(slug: str, lang: str):
    """Keep a recording or a chosen file as the site's narration in lang, or remove it."""
    site = _site_or_404(slug)
    require_csrf()
    _lang_or_400(lang)
    db, errors = get_db(), {}
    deleting = request.form.get("action") == "delete"
    checked = None if deleting else _checked_upload(lang, errors)
    if errors:
        return _render_site(site, errors)
    with transaction(db):
        site_id = db.execute("SELECT id FROM sites WHERE code = ?", (site.code,)).fetchone()[0]
        if checked is None:
            db.execute("DELETE FROM site_audio WHERE site_id=? AND lang=?", (site_id, lang))
            users.record(db, current_user.name, "xóa bài đọc di tích", site.code, lang)
        else:
            name = _store(db, checked, f"audio-{lang}")
            db.execute("INSERT OR REPLACE INTO site_audio (site_id, lang, media_hash, name)"
                       " VALUES (?,?,?,?)", (site_id, lang, checked.hash, name))
            users.record(db, current_user.name, "lưu bài đọc di tích", site.code, name)
    flash(_done_message(checked, lang), "info")
    return redirect(url_for("admin.edit_site", slug=slug) + "#narration")


def _store(db: sqlite3.Connection, checked: media.CheckedMedia, prefix: str) -> str:
    media.store(db, data_dir(), checked)
    return media_name(prefix, checked)


def _done_message(checked: media.CheckedMedia | None, lang: str) -> str:
    name = next((lang_ for lang_ in content.get_languages(get_db()) if lang_.code == lang), None)
    label = name.name if name else lang
    return f"Đã lưu bài đọc ({label})." if checked else f"Đã bỏ bài đọc ({label})."


# -- languages the team adds -----------------------------------------------------------------

def check_language(code: str, name: str, existing: list[str]) -> Errors:
    """Problems with a new language's code and name, by field (empty when it can be added)."""
    errors: Errors = {}
    if not LANG.match(code):
        errors["code"] = ["mã gồm 2–3 chữ thường không dấu (mã ISO 639), ví dụ tyz cho tiếng Tày,"
                          " hnj cho tiếng H'Mông"]
    elif code in existing:
        errors["code"] = [f"đã có ngôn ngữ mã {code}"]
    if not name:
        errors["name"] = ["hãy viết tên ngôn ngữ, ví dụ Tày"]
    elif len(name) > MAX_LANG_NAME:
        errors["name"] = [f"tối đa {MAX_LANG_NAME} ký tự"]
    elif any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        errors["name"] = ["tên không được có ký tự điều khiển hay ký tự ẩn"]
    return errors


@bp.route("/languages", methods=["GET", "POST"])
def languages_page():
    """The content languages; an admin may add one, named as the team writes it."""
    db = get_db()
    values, errors = {"code": "", "name": ""}, {}
    if request.method == "POST":
        if not current_user.is_admin:
            abort(403)
        require_csrf()
        values = {"code": request.form.get("code", "").strip().lower(),
                  "name": unicodedata.normalize("NFC", " ".join(
                      request.form.get("name", "").split()))}
        errors = check_language(values["code"], values["name"], lang_codes(db))
        if not errors:
            with transaction(db):
                position = db.execute("SELECT coalesce(max(position), 0) + 1 FROM languages"
                                      ).fetchone()[0]
                db.execute("INSERT INTO languages (code, name, position) VALUES (?,?,?)",
                           (values["code"], values["name"], position))
                users.record(db, current_user.name, "thêm ngôn ngữ", values["code"],
                             values["name"])
            flash(f"Đã thêm ngôn ngữ {values['name']} ({values['code']}).", "info")
            return redirect(url_for("admin.languages_page"))
    return render_template("admin/narration_languages.html", form=EditForm(), values=values,
                           errors=errors, known=content.get_languages(db)), 400 if errors else 200
