"""Guides and their steps: every query and write, returning the frozen models.

The admin editor, narration, pack import and export, the kiosk pages and printing all come here, so
a step is saved one way (`save_step`) whichever door it came in by. Writes run inside the caller's
transaction (kiosk.db.transaction), so a caller can group them with its activity record.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from kiosk.models import Guide, MediaRef, Step
from kiosk.store.listing import Page, fetch_page, words_condition

_GUIDE_SELECT = """
    SELECT g.*, m.ext AS icon_ext,
           (SELECT count(*) FROM steps s WHERE s.guide_id = g.id) AS step_count
    FROM guides g LEFT JOIN media m ON m.hash = g.icon_hash
"""
_STEP_SELECT = """
    SELECT s.*, m.ext AS image_ext
    FROM steps s JOIN guides g ON g.id = s.guide_id LEFT JOIN media m ON m.hash = s.image_hash
"""


def _i18n(value: str | None) -> dict[str, str]:
    return json.loads(value) if value else {}


def _note(value: str) -> dict[str, str]:
    """A step's check note: JSON per language; plain text (written before notes had languages)
    is read as Vietnamese."""
    if not value:
        return {}
    return json.loads(value) if value.startswith("{") else {"vi": value}


def _json(value: object) -> str:
    # UTF-8 kept readable, keys in the order written: what packs and the admin always stored.
    return json.dumps(value, ensure_ascii=False)


def _media(row: sqlite3.Row, prefix: str) -> MediaRef | None:
    digest = row[f"{prefix}_hash"]
    if digest is None:
        return None
    return MediaRef(digest, row[f"{prefix}_ext"], row[f"{prefix}_name"])


def _guide(row: sqlite3.Row, steps: tuple[Step, ...] = ()) -> Guide:
    return Guide(
        slug=row["slug"],
        category=row["category"],
        position=row["position"],
        published=bool(row["published"]),
        title=_i18n(row["title"]),
        summary=_i18n(row["summary"]),
        needs=tuple(json.loads(row["needs"])),
        sources=tuple(json.loads(row["sources"])),
        icon=_media(row, "icon"),
        step_count=row["step_count"],
        steps=steps,
    )


def _step(row: sqlite3.Row, audio: dict[str, MediaRef]) -> Step:
    return Step(
        position=row["position"],
        title=_i18n(row["title"]),
        body=_i18n(row["body"]),
        tip=_i18n(row["tip"]),
        warning=_i18n(row["warning"]),
        image=_media(row, "image"),
        audio=audio,
        check_note=_note(row["check_note"]),
        sources=tuple(json.loads(row["sources"])),
        review_langs=tuple(json.loads(row["review_langs"])),
    )


def _audio(db: sqlite3.Connection, where: str, args: tuple) -> dict[int, dict[str, MediaRef]]:
    """Recordings by step id, then language, for the steps `where` selects."""
    audio: dict[int, dict[str, MediaRef]] = {}
    for a in db.execute(
        "SELECT a.step_id, a.lang, a.media_hash, a.name, m.ext FROM step_audio a"
        f" JOIN media m ON m.hash = a.media_hash JOIN steps s ON s.id = a.step_id WHERE {where}",
        args,
    ):
        audio.setdefault(a["step_id"], {})[a["lang"]] = MediaRef(a["media_hash"], a["ext"], a["name"])
    return audio


# -- reading ---------------------------------------------------------------------------------

def list_guides(db: sqlite3.Connection, published_only: bool = True) -> list[Guide]:
    """Guides without their steps, in home-screen order."""
    where = "WHERE g.published = 1" if published_only else ""
    rows = db.execute(f"{_GUIDE_SELECT} {where} ORDER BY g.position, g.slug").fetchall()
    return [_guide(r) for r in rows]


def page_of_guides(db: sqlite3.Connection, query: str, number: int) -> Page[Guide]:
    """Page `number` (from 1) of all guides whose slug or title (any language) has every word of
    `query` (accent-insensitive), in home-screen order, without their steps."""
    condition, params = words_condition(
        "langso_fold(g.slug || ' ' || (SELECT group_concat(value, ' ') FROM json_each(g.title)))",
        query)
    return fetch_page(db, _GUIDE_SELECT, condition, params, "g.position, g.slug", number, _guide)


def get_guide(db: sqlite3.Connection, slug: str, published_only: bool = True) -> Guide | None:
    """One guide with all its steps, or None (also when unpublished and `published_only`)."""
    row = db.execute(f"{_GUIDE_SELECT} WHERE g.slug = ?", (slug,)).fetchone()
    if row is None or (published_only and not row["published"]):
        return None
    step_rows = db.execute(f"{_STEP_SELECT} WHERE s.guide_id = ? ORDER BY s.position",
                           (row["id"],)).fetchall()
    audio = _audio(db, "s.guide_id = ?", (row["id"],))
    return _guide(row, tuple(_step(s, audio.get(s["id"], {})) for s in step_rows))


def get_step(db: sqlite3.Connection, slug: str, n: int) -> Step | None:
    """Step n (1-based) of a guide, published or not, or None."""
    row = db.execute(f"{_STEP_SELECT} WHERE g.slug = ? AND s.position = ?", (slug, n)).fetchone()
    if row is None:
        return None
    return _step(row, _audio(db, "s.id = ?", (row["id"],)).get(row["id"], {}))


def exists(db: sqlite3.Connection, slug: str) -> bool:
    """Whether a guide (published or not) uses this slug."""
    return db.execute("SELECT 1 FROM guides WHERE slug = ?", (slug,)).fetchone() is not None


def count_steps(db: sqlite3.Connection, slug: str) -> int:
    """How many steps the guide has now (count it inside the transaction that adds one)."""
    return db.execute("SELECT count(*) FROM steps s JOIN guides g ON g.id = s.guide_id"
                      " WHERE g.slug = ?", (slug,)).fetchone()[0]


# -- writing (inside the caller's transaction) ------------------------------------------------

def _guide_id(db: sqlite3.Connection, slug: str) -> int:
    return db.execute("SELECT id FROM guides WHERE slug = ?", (slug,)).fetchone()[0]


def save_guide(db: sqlite3.Connection, guide: Guide) -> None:
    """Insert or update a guide by its slug (not its steps: see save_step, replace_steps)."""
    icon = guide.icon
    db.execute(
        "INSERT INTO guides (slug, category, position, published, title, summary, needs, sources,"
        " icon_hash, icon_name) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(slug) DO UPDATE SET"
        " category=excluded.category, position=excluded.position, published=excluded.published,"
        " title=excluded.title, summary=excluded.summary, needs=excluded.needs,"
        " sources=excluded.sources, icon_hash=excluded.icon_hash, icon_name=excluded.icon_name,"
        " updated_at=strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
        (guide.slug, guide.category, guide.position, int(guide.published), _json(guide.title),
         _json(guide.summary), _json(list(guide.needs)), _json(list(guide.sources)),
         icon.hash if icon else None, icon.name if icon else None),
    )


def set_published(db: sqlite3.Connection, slug: str, published: bool) -> None:
    db.execute("UPDATE guides SET published = ? WHERE slug = ?", (int(published), slug))


def save_step(db: sqlite3.Connection, slug: str, step: Step) -> None:
    """Insert or replace step `step.position` of a guide: texts, image and recordings.

    The one way a step is written (admin editor, narration, pack import). The media the step
    refers to must already be stored (media.store) in the same transaction.
    """
    image = step.image
    db.execute(
        "INSERT INTO steps (guide_id, position, title, body, tip, warning, image_hash, image_name,"
        " check_note, sources, review_langs) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT(guide_id, position)"
        " DO UPDATE SET title=excluded.title, body=excluded.body, tip=excluded.tip,"
        " warning=excluded.warning, image_hash=excluded.image_hash,"
        " image_name=excluded.image_name, check_note=excluded.check_note,"
        " sources=excluded.sources, review_langs=excluded.review_langs",
        (_guide_id(db, slug), step.position, _json(step.title), _json(step.body), _json(step.tip),
         _json(step.warning), image.hash if image else None, image.name if image else None,
         _json(step.check_note) if step.check_note else "", _json(list(step.sources)),
         _json(list(step.review_langs))),
    )
    step_id = db.execute("SELECT s.id FROM steps s JOIN guides g ON g.id = s.guide_id"
                         " WHERE g.slug = ? AND s.position = ?", (slug, step.position)).fetchone()[0]
    langs = list(step.audio)
    db.execute(f"DELETE FROM step_audio WHERE step_id = ? AND lang NOT IN ({','.join('?' * len(langs))})",
               (step_id, *langs))
    for lang, ref in step.audio.items():
        db.execute("INSERT INTO step_audio (step_id, lang, media_hash, name) VALUES (?,?,?,?)"
                   " ON CONFLICT(step_id, lang) DO UPDATE SET media_hash=excluded.media_hash,"
                   " name=excluded.name WHERE (media_hash, name) IS NOT (excluded.media_hash,"
                   " excluded.name)", (step_id, lang, ref.hash, ref.name))


def replace_steps(db: sqlite3.Connection, slug: str, steps: Iterable[Step]) -> None:
    """Make `steps` the guide's only steps (a pack import brings the whole list)."""
    db.execute("DELETE FROM steps WHERE guide_id = ?", (_guide_id(db, slug),))
    for step in steps:
        save_step(db, slug, step)


def swap_steps(db: sqlite3.Connection, slug: str, n: int, other: int) -> None:
    """Exchange the positions of steps n and other."""
    guide_id = _guide_id(db, slug)
    # Through 0, because (guide_id, position) is unique at every single UPDATE.
    for old, new in ((n, 0), (other, n), (0, other)):
        db.execute("UPDATE steps SET position=? WHERE guide_id=? AND position=?",
                   (new, guide_id, old))


def delete_step(db: sqlite3.Connection, slug: str, n: int) -> None:
    """Delete step n and renumber the ones after it, so positions stay 1..count."""
    guide_id = _guide_id(db, slug)
    db.execute("DELETE FROM steps WHERE guide_id=? AND position=?", (guide_id, n))
    # Close the gap in two passes (via negatives): positions are unique at every row update.
    db.execute("UPDATE steps SET position = -position WHERE guide_id=? AND position > ?",
               (guide_id, n))
    db.execute("UPDATE steps SET position = -position - 1 WHERE guide_id=? AND position < 0",
               (guide_id,))
