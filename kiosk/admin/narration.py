"""Admin: narration recorded by the team, per guide step or heritage site and per language.

A recording made in the browser (recorder.js, MediaRecorder) arrives as an ordinary file upload,
so a recording and a chosen file pass the same checks: media.check_audio for type and size, then
audio.check_narration for a readable, non-empty file of at most audio.MAX_SECONDS whose size fits
its length (a WebM declaring a NaN duration is refused, not waved through). The languages a
recording may be in are added on the languages page (admin.languages).
"""

from __future__ import annotations

import dataclasses
import sqlite3
import unicodedata

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kiosk import users
from kiosk.admin import bp
from kiosk.admin.forms import EditForm, Errors, data_dir, lang_codes, media_name, require_csrf, uploaded
from kiosk.db import get_db, transaction
from kiosk.media import audio
from kiosk.media import files as media
from kiosk.models import Guide, HeritageSite, MediaRef, Step
from kiosk.store import guides as guide_store
from kiosk.store import languages
from kiosk.store import sites as site_store
from kiosk.web.i18n import problem_text


@bp.context_processor
def narration_limits() -> dict:
    """Limits the narration panel states next to its buttons (included by two editors)."""
    return {"narration_limits": {
        "seconds": audio.MAX_SECONDS, "text": problem_text(audio.length(audio.MAX_SECONDS)),
        "mb": media.MAX_AUDIO_BYTES // 1024 // 1024,
    }}


def _step_or_404(slug: str, n: int) -> tuple[Guide, Step]:
    guide = guide_store.get_guide(get_db(), slug, published_only=False)
    if guide is None or not 1 <= n <= len(guide.steps):
        abort(404)
    return guide, guide.steps[n - 1]


def _site_or_404(slug: str) -> HeritageSite:
    site = site_store.get_site(get_db(), slug)
    if site is None:
        abort(404)
    return site


def _checked_upload(lang: str, errors: Errors) -> media.CheckedMedia | None:
    """The recording or chosen file of this form, checked; None (and a message) when refused."""
    file = uploaded("audio")
    if file is None:
        errors[lang] = [_("hãy ghi âm hoặc chọn một tệp âm thanh")]
        return None
    name = unicodedata.normalize("NFC", (file.filename or "tệp").replace("\\", "/")
                                 .rsplit("/", 1)[-1])
    try:
        checked, _seconds = audio.check_narration(name, file.read())
    except media.MediaError as exc:
        errors[lang] = [problem_text(exc)]
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
        # Read inside the transaction, so a text edited meanwhile is kept.
        current = guide_store.get_step(db, slug, n) or step
        recordings = dict(current.audio)
        if checked is None:
            recordings.pop(lang, None)
            users.record(db, current_user.name, "xóa bài đọc bước", target, lang)
        else:
            name = _store(db, checked, f"step-{n:02d}-{lang}")
            recordings[lang] = MediaRef(checked.hash, checked.ext, name)
            users.record(db, current_user.name, "lưu bài đọc bước", target, name)
        guide_store.save_step(db, slug, dataclasses.replace(current, audio=recordings))
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
        site_id = site_store.get_site_id(db, site.code)
        if checked is None:
            site_store.remove_audio(db, site_id, lang)
            users.record(db, current_user.name, "xóa bài đọc di tích", site.code, lang)
        else:
            name = _store(db, checked, f"audio-{lang}")
            site_store.set_audio(db, site_id, lang, checked.hash, name)
            users.record(db, current_user.name, "lưu bài đọc di tích", site.code, name)
    flash(_done_message(checked, lang), "info")
    return redirect(url_for("admin.edit_site", slug=slug) + "#narration")


def _store(db: sqlite3.Connection, checked: media.CheckedMedia, prefix: str) -> str:
    media.store(db, data_dir(), checked)
    return media_name(prefix, checked)


def _done_message(checked: media.CheckedMedia | None, lang: str) -> str:
    name = languages.get_language(get_db(), lang)
    label = name.name if name else lang
    if checked:
        return _("Đã lưu bài đọc (%(lang)s).", lang=label)
    return _("Đã bỏ bài đọc (%(lang)s).", lang=label)
