"""The kiosk's own words through gettext (Flask-Babel), and dates and numbers through Babel.

The msgids are the Vietnamese words: Vietnamese is the language the UI is written in, and the one
translators into Tày or H'Mông read. The words shown are in the page's content language
(templating.current_lang()): the app's catalog for it (kiosk/translations/<lang>), overridden by
the pack's ui/<lang>.po if it has one; a word neither translates stays Vietnamese.

Babel formats dates and numbers for the same language when CLDR knows it; a language it does not
know (Tày, H'Mông…) is formatted the Vietnamese way, as its speakers in Vietnam write numbers.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Protocol

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, get_group_symbol
from babel.support import NullTranslations, Translations
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import Babel, Domain, get_locale, get_translations, gettext, lazy_gettext
from flask_login import current_user
from markupsafe import escape

from kiosk.db import get_db
from kiosk.models import DEFAULT_LANG
from kiosk.packs import ui_po
from kiosk.problems import Explained, Problem
from kiosk.store import languages, ui_catalogs
from kiosk.web.page_cache import content_version
from kiosk.web.templating import current_lang
from qr.emv import PayloadError
from qr.messages import Message


class Translatable(Protocol):
    """Anything problem_text shows: a msgid and the values to fill it with."""

    template: str
    params: tuple[tuple[str, object], ...]


TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
log = logging.getLogger(__name__)

# The guide categories' names (CATEGORIES in kiosk.models), translated when shown.
CATEGORY_LABELS = {
    "public-services": lazy_gettext("Dịch vụ công trực tuyến"),
    "shopping": lazy_gettext("Mua bán trực tuyến"),
    "payment": lazy_gettext("Thanh toán trực tuyến"),
    "safety": lazy_gettext("Tự bảo vệ trên không gian mạng"),
    "platforms": lazy_gettext("Nền tảng số khác"),
    "vneid": lazy_gettext("Định danh điện tử VNeID"),
}


def ui_lang() -> str:
    """The language of the UI words: forced by ui_language(); on admin pages the account's own
    choice; elsewhere the page's language."""
    forced = g.get("langso_ui_lang") if g else None
    if forced:
        return forced
    if not has_request_context():
        return DEFAULT_LANG
    if request.blueprint == "admin" and current_user.is_authenticated:
        return current_user.user.ui_lang
    return current_lang()


def admin_languages() -> list[tuple[str, str]]:
    """The languages an account may read the admin in, as (code, name): Vietnamese, then every
    language with words to show (the shipped catalogs and the pack's ui/<lang>.po)."""
    with_words = {p.name for p in TRANSLATIONS.iterdir() if (p / "LC_MESSAGES").is_dir()}
    with_words |= set(ui_catalogs.list_catalogs(get_db()))
    names = {lang.code: lang.name for lang in languages.list_languages(get_db())}
    offered = [(DEFAULT_LANG, names.get(DEFAULT_LANG, "Tiếng Việt"))]
    for code in sorted(with_words - {DEFAULT_LANG}):
        offered.append((code, names.get(code) or _language_name(code)))
    return offered


def _language_name(code: str) -> str:
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name() or code
    except (UnknownLocaleError, ValueError):
        return code


@contextmanager
def ui_language(lang: str) -> Iterator[None]:
    """UI words in `lang` inside the block (an admin preview of one language, for one)."""
    before = g.get("langso_ui_lang")
    g.langso_ui_lang = lang
    try:
        yield
    finally:
        g.langso_ui_lang = before


class _PackDomain(Domain):
    """Flask-Babel's domain, looked up by the kiosk language rather than a Babel locale (CLDR does
    not know every language a pack brings) and merged with the pack's catalog."""

    def get_translations(self) -> NullTranslations:
        if not g:
            return NullTranslations()
        lang = ui_lang()
        if lang == DEFAULT_LANG:
            return NullTranslations()  # the msgids are the Vietnamese words
        this_request = g.setdefault("langso_ui_translations", {})  # a page asks ~30 times
        if lang not in this_request:
            version = content_version()
            kept = current_app.extensions.setdefault("langso_ui", {})
            entry = kept.get(lang)
            if entry is None or entry[0] != version:
                entry = (version, _build(lang))
                kept[lang] = entry
            this_request[lang] = entry[1]
        return this_request[lang]


def _build(lang: str) -> NullTranslations:
    """The app's catalog for `lang` with the pack's words on top (either may be missing)."""
    result = Translations()
    shipped = Translations.load(str(TRANSLATIONS), [lang])
    if isinstance(shipped, Translations):
        result.merge(shipped)
    text = ui_catalogs.get_catalog(get_db(), lang)
    if text:
        result._catalog.update(ui_po.translations(text))  # merge() wants a compiled .mo
    return result


def _babel_locale() -> str:
    """The Babel locale for formatting: the page's language if CLDR knows it, else Vietnamese."""
    lang = ui_lang()
    known = current_app.extensions.setdefault("langso_locales", {})
    if lang not in known:
        try:
            Locale.parse(lang.replace("-", "_"))
            known[lang] = lang.replace("-", "_")
        except (UnknownLocaleError, ValueError):
            known[lang] = DEFAULT_LANG
    return known[lang]


def format_day(value: date | str) -> str:
    """A day as the page's language writes it: 30/11/2026 in Vietnamese, November 30, 2026 in
    English. Accepts a date or YYYY-MM-DD."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    locale = get_locale() or Locale.parse(DEFAULT_LANG)
    if locale.language == DEFAULT_LANG:
        return format_skeleton("yMd", day, locale=locale)
    return format_date(day, "long", locale=locale)


def format_number(value: int) -> str:
    return format_decimal(value, locale=get_locale() or DEFAULT_LANG)


def money(amount: int | str) -> str:
    """A VND amount for display: "35.000 đ" (Babel's digits; the unit is a translatable word, since
    CLDR's "₫" is not how residents write it). A str is a placeholder for the page's script."""
    number = amount if isinstance(amount, str) else format_number(amount)
    return gettext("%(number)s đ", number=number)


def problem_text(problem: Problem | Explained | PayloadError | Message | Translatable | object
                 ) -> str:
    """A problem or an Explained error (kiosk.problems), a qr/ or printables/ error or warning,
    or anything else with a `template` and its `params` (a commune Outcome, a BundleError), in
    the page's language; its Vietnamese when the catalog has no translation or the message was
    never marked with N_(). A value that has a template and params itself (a poster's label, the
    qr/ error behind a card's, an Explained error given as the reason of another) is translated
    the same way. Anything without a msgid (a plain str, another error) is shown as it is."""
    if not getattr(problem, "template", ""):
        return problem.message if isinstance(problem, Problem) else str(problem)
    values = {name: problem_text(value) if hasattr(value, "template") and hasattr(value, "params")
              else value for name, value in problem.params}
    return gettext(problem.template, **values)


def group_symbol() -> str:
    """The thousands separator of the page's language, for static/js/shop.js."""
    return get_group_symbol(get_locale() or DEFAULT_LANG)


def kiosk_words(lang: str) -> dict[str, str]:
    """The quiz screen's words in `lang`, for the admin's preview of a quiz item."""
    with ui_language(lang):
        return {"call": gettext("Cuộc gọi"), "scam": gettext("Lừa đảo"), "safe": gettext("An toàn")}


def category_label(category: str) -> str:
    return str(CATEGORY_LABELS.get(category, category))


def init_app(app: Flask) -> None:
    babel = Babel(app, locale_selector=_babel_locale, default_locale=DEFAULT_LANG,
                  default_translation_directories=str(TRANSLATIONS))
    babel.domain_instance = _PackDomain()  # a cached_property: set once, used for every lookup
    # Jinja's newstyle gettext marks the translation safe before % fills it: escape it first, so
    # a pack's .po can never put markup into a page (placeholders are escaped by Markup's %).
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: escape(get_translations().ugettext(s)),
        ngettext=lambda s, p, n: escape(get_translations().ungettext(s, p, n)),
        pgettext=lambda c, s: escape(get_translations().upgettext(c, s)),
        npgettext=lambda c, s, p, n: escape(get_translations().unpgettext(c, s, p, n)),
        newstyle=True,
    )
    app.jinja_env.globals.update(category_label=category_label, money=money,
                                 group_symbol=group_symbol, format_day=format_day,
                                 problem_text=problem_text, ui_lang=ui_lang)
