"""bp "heritage": the public phone pages a poster's QR code opens — /h/<code>, /heritage/….

Light pages with no JavaScript: a visitor at a relic site may have one bar of signal. The render_*
functions take everything that differs between the live server and the static export (the public
base URL) as parameters, so site_export renders exactly the same pages.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template

from kiosk.codes import normalize_code
from kiosk.db import get_db
from kiosk.media.photos import photo_views
from kiosk.models import HeritageSite
from kiosk.store import settings, sites
from kiosk.web.guides import qr_svg
from kiosk.web.page_cache import cached
from kiosk.web.templating import current_lang, link, site_settings

bp = Blueprint("heritage", __name__)


def public_base() -> str:
    """The configured public base URL without a trailing slash ('' when none is set)."""
    return settings.public_base(site_settings()) or ""


def render_overview() -> str:
    """The hamlet overview: introduction and every site still shown, with thumbnails."""
    shown = sites.list_sites(get_db(), include_retired=False)
    thumbs = photo_views(get_db(), [s.photos[0].media for s in shown if s.photos])
    intro = site_settings().get("intro") or {}
    return render_template("heritage/overview.html", sites=shown, thumbs=thumbs, intro=intro)


def render_site(site: HeritageSite, base_url: str) -> str:
    """One site's page; `base_url` builds the share code (none when it is empty)."""
    db = get_db()
    lang = current_lang()
    others = [s for s in sites.list_sites(db, include_retired=False) if s.slug != site.slug]
    views = photo_views(db, [p.media for p in site.photos])
    audio = site.audio.get(lang) or site.audio.get("vi")
    share_url = f"{base_url}/h/{site.code}" if base_url else None
    return render_template(
        "heritage/site.html", s=site, others=others, photos=views, audio=audio,
        audio_fallback=audio is not None and lang not in site.audio,
        share_url=share_url, share_qr=qr_svg(share_url) if share_url else None,
    )


def render_retired(site: HeritageSite) -> str:
    return render_template("heritage/retired.html", s=site)


@bp.get("/h/<code>")
def short(code: str):
    """The permanent link on posters: to the site's current page (302: the slug may change)."""
    wanted = normalize_code(code)
    found = sites.get_link_by_code(get_db(), wanted) if wanted else None
    if found is None:
        abort(404)
    return redirect(link("heritage.site", slug=found.slug), 302)


@bp.get("/heritage/")
@cached
def overview() -> str:
    return render_overview()


@bp.get("/heritage/<slug>")
@cached
def site(slug: str):
    """A site page; an old or mis-cased slug moves permanently, a retired site says so kindly.

    Only the page itself is kept (page_cache): a cached page costs no database lookup.
    """
    found = sites.get_link_by_slug(get_db(), slug.lower())
    if found is None:
        abort(404)
    if found.slug != slug:
        return redirect(link("heritage.site", slug=found.slug), 301)
    site = sites.get_site(get_db(), slug)
    if found.retired:
        return render_retired(site), 410
    if site is None:  # deleted between the lookup and here
        abort(404)
    return render_site(site, public_base())


@bp.errorhandler(404)
def not_found(_exc):
    """A phone-sized 404 inside the public pages, with a way back to the hamlet's sites."""
    return render_template("heritage/not_found.html"), 404
