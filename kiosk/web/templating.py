"""What every template can use: the page language, translated content text, links.

The UI's own words (`_()`) and dates and numbers come from kiosk.web.i18n."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import Flask, current_app, g, request, url_for

from kiosk.db import get_db
from kiosk.models import DEFAULT_LANG, I18n, Language, MediaRef, pick
from kiosk.store import languages as language_store
from kiosk.store import settings
from kiosk.web import markup, static_files

# The touchscreen browser is marked by visiting the attract screen; phones that open a step from
# a QR code never see it, so they get no idle reset and no "continue on your phone" code.
KIOSK_COOKIE = "langso_kiosk"


def kiosk_mark(app: Flask | None = None) -> str:
    """The kiosk cookie's value: derived from the secret key, so a script cannot just send "1"."""
    app = app or current_app
    mark = app.extensions.get("langso_kiosk_mark")
    if mark is None:
        key = str(app.secret_key).encode()
        mark = hmac.new(key, b"langso kiosk mark", hashlib.sha256).hexdigest()[:32]
        app.extensions["langso_kiosk_mark"] = mark
    return mark


def is_kiosk() -> bool:
    mark = request.cookies.get(KIOSK_COOKIE)
    return mark is not None and hmac.compare_digest(mark, kiosk_mark())


def languages() -> list[Language]:
    if "languages" not in g:
        g.languages = language_store.list_languages(get_db()) or [Language(DEFAULT_LANG, "Tiếng Việt")]
    return g.languages


def current_lang() -> str:
    """The page language from ?lang=, if the pack has it; Vietnamese otherwise."""
    wanted = request.args.get("lang")
    if wanted is None or wanted == DEFAULT_LANG:
        return DEFAULT_LANG  # the common case needs no look at the pack's languages
    return wanted if any(lang.code == wanted for lang in languages()) else DEFAULT_LANG


def link(endpoint: str, **values: Any) -> str:
    """url_for that keeps the page language (Vietnamese, the default, needs no parameter)."""
    lang = values.pop("lang", None) or current_lang()
    if lang != DEFAULT_LANG:
        values["lang"] = lang
    return url_for(endpoint, **values)


def switch_lang(code: str) -> str:
    """This page in another language."""
    values = dict(request.view_args or {})
    if code != DEFAULT_LANG:
        values["lang"] = code
    return url_for(request.endpoint or "guides.home", **values)


def site_settings() -> dict[str, Any]:
    if "site_settings" not in g:
        g.site_settings = settings.get_settings(get_db())
    return g.site_settings


def tr(text: I18n) -> str:
    """A translated content text in the page language (falls back to Vietnamese)."""
    return pick(text or {}, current_lang())[0]


def is_fallback(text: I18n) -> bool:
    return pick(text or {}, current_lang())[1]


def media_url(ref: MediaRef | None) -> str | None:
    return url_for("media.serve", name=ref.filename) if ref else None


def init_app(app: Flask) -> None:
    static_files.init_app(app)  # url_for("static", …) gains the file's content hash
    app.jinja_env.filters["tr"] = tr
    app.jinja_env.filters["markdown"] = markup.render
    app.jinja_env.globals.update(
        link=link, media_url=media_url, is_fallback=is_fallback, switch_lang=switch_lang,
    )

    @app.context_processor
    def page_context() -> dict[str, Any]:
        lang = current_lang()
        return {
            "lang": lang,
            "languages": languages(),
            "site": site_settings(),
            "kiosk": is_kiosk(),
        }
