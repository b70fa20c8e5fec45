"""Guides' practice screens (the safe pretend phone): every query and write.

A practice is one row per guide; its screens are kept as one JSON list because they are always
read and written whole (the pack brings the whole list, the kiosk shows them in order).
"""

from __future__ import annotations

import json
import sqlite3

from kiosk.models import MediaRef, Practice, PracticePad, PracticeScreen, PracticeTarget


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def screens_to_json(screens: tuple[PracticeScreen, ...]) -> str:
    """The screens as stored in practices.screens (also what the backup check parses)."""
    return _json([
        {"image": {"hash": s.image.hash, "ext": s.image.ext, "name": s.image.name},
         "prompt": dict(s.prompt), "hint": dict(s.hint),
         "targets": [{"rect": list(t.rect), "right": t.right, "feedback": dict(t.feedback)}
                     for t in s.targets],
         "pad": {"answer": s.pad.answer, "feedback": dict(s.pad.feedback)} if s.pad else None,
         "check": s.check_note, "sources": list(s.sources)}
        for s in screens])


def screens_from_json(text: str) -> tuple[PracticeScreen, ...]:
    """The screens of a practices.screens value.

    Raises:
        ValueError, KeyError, TypeError: the value is not what screens_to_json writes.
    """
    screens = []
    for s in json.loads(text):
        image = s["image"]
        pad = s.get("pad")
        screens.append(PracticeScreen(
            image=MediaRef(image["hash"], image["ext"], image["name"]),
            prompt=dict(s["prompt"]), hint=dict(s["hint"]),
            targets=tuple(PracticeTarget(tuple(float(v) for v in t["rect"]), bool(t["right"]),
                                         dict(t["feedback"])) for t in s.get("targets", [])),
            pad=PracticePad(str(pad["answer"]), dict(pad["feedback"])) if pad else None,
            check_note=str(s.get("check", "")),  # rows saved before screens had notes lack both
            sources=tuple(str(i) for i in s.get("sources", []))))
    return tuple(screens)


def get_practice(db: sqlite3.Connection, slug: str) -> Practice | None:
    """The practice of guide `slug`, or None if it has none."""
    row = db.execute("SELECT guide_slug, title, screens FROM practices WHERE guide_slug = ?",
                     (slug,)).fetchone()
    if row is None:
        return None
    return Practice(row["guide_slug"], json.loads(row["title"]), screens_from_json(row["screens"]))


def slugs_with_practice(db: sqlite3.Connection) -> set[str]:
    """The slugs of the guides that have a practice (to show the "Thực hành" button)."""
    return {r[0] for r in db.execute("SELECT guide_slug FROM practices")}


def list_practices(db: sqlite3.Connection) -> list[Practice]:
    """Every practice, by guide slug (for export)."""
    rows = db.execute("SELECT guide_slug, title, screens FROM practices ORDER BY guide_slug")
    return [Practice(r["guide_slug"], json.loads(r["title"]), screens_from_json(r["screens"]))
            for r in rows]


def save_practice(db: sqlite3.Connection, practice: Practice) -> None:
    """Insert or replace a guide's practice (inside the caller's transaction).

    The guide must exist and the drawings must already be stored (media.store).
    """
    title, screens = _json(dict(practice.title)), screens_to_json(practice.screens)
    db.execute(
        "INSERT INTO practices (guide_slug, title, screens) VALUES (?,?,?)"
        " ON CONFLICT(guide_slug) DO UPDATE SET title=excluded.title, screens=excluded.screens"
        " WHERE (title, screens) IS NOT (excluded.title, excluded.screens)",
        (practice.guide_slug, title, screens))


def delete_practice(db: sqlite3.Connection, slug: str) -> None:
    """Remove a guide's practice (a pack whose guide no longer has practice.yaml)."""
    db.execute("DELETE FROM practices WHERE guide_slug = ?", (slug,))
