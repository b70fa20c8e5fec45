"""bp "guides": the touchscreen kiosk — attract screen, topic tiles, guide overview, steps, end."""

from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, abort, make_response, render_template
from markupsafe import Markup

from kiosk.db import get_db
from kiosk.models import CATEGORIES, Guide, pick
from kiosk.store.glossary import list_glossary
from kiosk.store.guides import get_guide, list_guides
from kiosk.store.settings import public_base
from kiosk.store.sources import latest_checked
from kiosk.web import glossary
from kiosk.web.i18n import format_day
from kiosk.web.page_cache import cached
from kiosk.web.templating import KIOSK_COOKIE, current_lang, is_kiosk, kiosk_mark, site_settings
from qr import render

bp = Blueprint("guides", __name__)

@lru_cache(maxsize=512)
def qr_svg(url: str) -> Markup:
    """An inline SVG QR code for a public link (cached: the same step always gives the same code)."""
    return Markup(render.to_svg(url, ec=render.error_level("link")))


def public_url(path: str) -> str | None:
    """The address phones use for `path`, from the public base URL setting (never the Host header)."""
    base = public_base(site_settings())
    return f"{base}{path}" if base else None


def _guide_or_404(slug: str) -> Guide:
    guide = get_guide(get_db(), slug)
    if guide is None or not guide.steps:
        abort(404)
    return guide


@bp.get("/attract")
def attract():
    response = make_response(render_template("guides/attract.html"))
    response.set_cookie(KIOSK_COOKIE, kiosk_mark(), max_age=10 * 365 * 24 * 3600, samesite="Lax",
                        httponly=True)
    return response


@bp.get("/")
@cached
def home():
    guides = list_guides(get_db())
    groups = [(cat, [g for g in guides if g.category == cat]) for cat in CATEGORIES]
    return render_template("guides/home.html", groups=[(c, gs) for c, gs in groups if gs])


@bp.get("/guides/<slug>")
@cached
def overview(slug: str):
    guide = _guide_or_404(slug)
    checked = latest_checked(get_db(), [*guide.sources, *(i for s in guide.steps for i in s.sources)])
    return render_template("guides/overview.html", guide=guide,
                           updated=format_day(checked) if checked else None)


def step_view(guide: Guide, n: int, lang: str) -> dict:
    """What a step page shows of step n in `lang`: the kiosk and the admin preview both use it.

    Raises:
        werkzeug.exceptions.NotFound: the guide has no step n.
    """
    if not 1 <= n <= len(guide.steps):
        abort(404)
    current = guide.steps[n - 1]
    # Speak the language the text is actually shown in (a missing translation shows Vietnamese).
    spoken = "vi" if pick(current.body, lang)[1] else lang
    speech = " ".join(pick(text, spoken)[0] for text in (current.title, current.body, current.tip,
                                                         current.warning) if text)
    terms, seen = glossary.explanations(list_glossary(get_db()), lang), set()
    # In reading order, so a term is explained where it is first met on the page.
    texts = {name: glossary.mark(pick(text, lang)[0], terms, seen) for name, text in
             (("body", current.body), ("tip", current.tip), ("warning", current.warning))}
    return {
        "guide": guide, "step": current, "n": n, "total": len(guide.steps), "texts": texts,
        # A recording in the chosen language plays even where its text is not translated.
        "audio": current.audio.get(lang) or current.audio.get(spoken),
        "speech": speech, "speech_lang": spoken,
    }


@bp.get("/guides/<slug>/<int:n>")
@cached
def step(slug: str, n: int):
    lang = current_lang()
    view = step_view(_guide_or_404(slug), n, lang)
    phone_url = None
    if is_kiosk():
        suffix = f"?lang={lang}" if lang != "vi" else ""
        phone_url = public_url(f"/guides/{slug}/{n}{suffix}")
    return render_template("guides/step.html", **view, phone_url=phone_url,
                           phone_qr=qr_svg(phone_url) if phone_url else None)


@bp.get("/guides/<slug>/done")
@cached
def done(slug: str):
    return render_template("guides/done.html", guide=_guide_or_404(slug))
