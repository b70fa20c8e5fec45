"""The admin's form library: CSRF, per-language inputs checked by the pack rules, uploads.

Every editor (guides, steps, sites, narration) reads its inputs through these, so a text typed in
the admin meets the same checks as one in a content pack (packs.check_i18n) and always exports as a
pack that imports again.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import unicodedata
from pathlib import Path

from flask import abort, current_app, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage

from kiosk.media import files as media
from kiosk.media import photos
from kiosk.packs.fields import check_i18n
from kiosk.store import languages
from kiosk.web.i18n import problem_text

Errors = dict[str, list[str]]


class EditForm(FlaskForm):
    """Only CSRF: the fields are checked by the pack rules below, like every other way in."""


def require_csrf() -> None:
    """Refuse a POST without a valid CSRF token (400)."""
    if not EditForm().validate_on_submit():
        abort(400)


def lang_codes(db: sqlite3.Connection) -> list[str]:
    """The content languages, Vietnamese first (from the languages table)."""
    codes = [lang.code for lang in languages.list_languages(db)]
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
        errors.setdefault(key, []).append(problem_text(problem))
    return result


def check_integer(value: str, name: str, errors: Errors, low: int, high: int) -> int:
    """A whole number typed in a form, within [low, high] (0 when it is not)."""
    try:
        number = int(value.strip() or "0")
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        errors.setdefault(name, []).append(_("phải là số nguyên từ %(low)s đến %(high)s",
                                              low=low, high=high))
        return 0
    return number


def uploaded(name: str) -> FileStorage | None:
    """The file chosen in input `name`, or None when nothing was chosen."""
    file = request.files.get(name)
    return file if file is not None and file.filename else None


def stage_upload(upload: FileStorage, staged_path) -> tuple[str, Path]:
    """Save an upload under a fresh random token for a second, confirming POST; returns
    (token, path). `staged_path(token)` names the file (on the data disk, a `.tmp-` name)."""
    token = secrets.token_hex(16)
    path = staged_path(token)
    path.parent.mkdir(parents=True, exist_ok=True)
    upload.save(path)
    return token, path


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
        errors.setdefault(name, []).append(problem_text(exc))
        return None


def media_name(prefix: str, checked: media.CheckedMedia) -> str:
    """A file name unique within its pack folder, so two uploads never collide on export."""
    return f"{prefix}-{checked.hash[:8]}.{checked.ext}"


def data_dir() -> Path:
    return Path(current_app.config["DATA"])


def to_json(value: object) -> str:
    """JSON as the database stores translated texts (UTF-8 kept readable)."""
    return json.dumps(value, ensure_ascii=False)
