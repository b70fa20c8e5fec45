"""bp "practice": the kiosk's pretend phone for a guide, the "Thật hay lừa?" quiz, and their counts.

The pages hand their content to static/js/practice.js and quiz.js as JSON (Jinja's tojson, which
escapes <, > and & so pack text can never close the script element). Progress lives only in the
page's memory, so the kiosk's idle reset (a navigation to the attract screen) forgets it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, g, render_template, request

from kiosk.auth import csrf
from kiosk.db import get_db
from kiosk.models import Practice, QuizItem, pick
from kiosk.reporting import usage
from kiosk.store.practice import get_practice, slugs_with_practice
from kiosk.store.quiz import get_quiz_item, list_quiz_items
from kiosk.web.guides import _guide_or_404
from kiosk.web.page_cache import cached
from kiosk.web.templating import current_lang, link, media_url

bp = Blueprint("practice", __name__)

QUIZ_ROUND = 8  # items drawn for one round (all of them if the pack has fewer)


def practice_slugs() -> set[str]:
    """Guides with a practice, once per request (the home, overview and end screens ask)."""
    if "practice_slugs" not in g:
        g.practice_slugs = slugs_with_practice(get_db())
    return g.practice_slugs


@bp.app_context_processor
def practice_links() -> dict:
    return {"practice_slugs": practice_slugs}


def practice_data(practice: Practice, lang: str) -> dict:
    """What practice.js needs: each screen's picture, words and tap areas, in `lang`."""
    def text(value) -> str:
        return pick(value or {}, lang)[0]

    screens = []
    for screen in practice.screens:
        screens.append({
            "image": media_url(screen.image), "prompt": text(screen.prompt),
            "hint": text(screen.hint),
            "targets": [{"x": t.rect[0], "y": t.rect[1], "w": t.rect[2], "h": t.rect[3],
                         "right": t.right, "feedback": text(t.feedback)} for t in screen.targets],
            "pad": ({"answer": screen.pad.answer, "feedback": text(screen.pad.feedback)}
                    if screen.pad else None),
        })
    return {"slug": practice.guide_slug, "screens": screens}


def quiz_data(items: list[QuizItem], lang: str) -> dict:
    """What quiz.js needs: every current item (the script draws a round from them)."""
    return {"round": QUIZ_ROUND, "items": [{
        "id": item.id, "kind": item.kind, "sender": pick(item.sender or {}, lang)[0],
        "text": pick(item.text, lang)[0], "answer": item.answer,
        "explain": pick(item.explain, lang)[0], "image": media_url(item.image),
    } for item in items]}


@bp.get("/guides/<slug>/practice")
@cached
def practice(slug: str):
    guide = _guide_or_404(slug)
    found = get_practice(get_db(), slug)
    if found is None or not found.screens:
        abort(404)
    lang = current_lang()
    return render_template("guides/practice.html", guide=guide, practice=found,
                           data=practice_data(found, lang),
                           guide_url=link("guides.overview", slug=slug))


@bp.get("/quiz")
@cached
def quiz():
    items = list_quiz_items(get_db())
    return render_template("guides/quiz.html", data=quiz_data(items, current_lang()),
                           has_items=bool(items))


def same_origin() -> bool:
    """Whether the browser says the request comes from one of this server's own pages.

    Browsers send Sec-Fetch-Site; older ones send Origin or Referer. With none of them the
    request did not come from a kiosk page, so it is refused.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source or source == "null":
        return False
    return urlsplit(source).netloc.lower() == request.host.lower()


def known_subject(event: str, subject: str) -> bool:
    """Whether `subject` names something that exists for `event` (no made-up rows in the counts)."""
    db = get_db()
    if event in (usage.PRACTICE_START, usage.PRACTICE_DONE):
        return subject in slugs_with_practice(db)
    item_id, _, outcome = subject.rpartition("/")
    return outcome in ("right", "wrong") and bool(item_id) and get_quiz_item(db, item_id) is not None


@bp.post("/usage/event")
@csrf.exempt  # a beacon carries no token; same_origin() stands in for it
def event():
    """Count one practice or quiz event sent by navigator.sendBeacon; always 204 when accepted."""
    if not same_origin():
        abort(403)
    name, subject = request.form.get("event", ""), request.form.get("subject", "")
    if name not in usage.BEACON_EVENTS or len(subject) > 200 or not known_subject(name, subject):
        abort(400)
    recorder = usage.get_recorder()
    if recorder.count_budget.take(request.remote_addr or ""):
        recorder.count(name, subject)
    return "", 204
