"""The "Thật hay lừa?" quiz items: every query and write.

Items are never deleted by the team, only retired: the kiosk counts answers per item id.
"""

from __future__ import annotations

import json
import sqlite3

from kiosk.models import MediaRef, QuizItem

_SELECT = """
    SELECT q.*, m.ext AS image_ext FROM quiz_items q LEFT JOIN media m ON m.hash = q.image_hash
"""


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _item(row: sqlite3.Row) -> QuizItem:
    image = None
    if row["image_hash"] is not None:
        image = MediaRef(row["image_hash"], row["image_ext"], row["image_name"])
    return QuizItem(
        id=row["id"], kind=row["kind"], sender=json.loads(row["sender"]),
        text=json.loads(row["text"]), answer=row["answer"], explain=json.loads(row["explain"]),
        sources=tuple(json.loads(row["sources"])), image=image, retired=bool(row["retired"]))


def list_quiz_items(db: sqlite3.Connection, include_retired: bool = False) -> list[QuizItem]:
    """The items in the pack's order (retired ones only when asked for)."""
    where = "" if include_retired else "WHERE q.retired = 0"
    rows = db.execute(f"{_SELECT} {where} ORDER BY q.position, q.id").fetchall()
    return [_item(r) for r in rows]


def get_quiz_item(db: sqlite3.Connection, item_id: str) -> QuizItem | None:
    """One item by id, retired or not, or None."""
    row = db.execute(f"{_SELECT} WHERE q.id = ?", (item_id,)).fetchone()
    return _item(row) if row else None


def save_quiz_item(db: sqlite3.Connection, item: QuizItem, position: int | None = None) -> None:
    """Insert or update an item by id (inside the caller's transaction).

    A new item goes last unless `position` is given; an existing one keeps its place unless
    `position` is given. Its image must already be stored (media.store).
    """
    if position is None:
        row = db.execute("SELECT position FROM quiz_items WHERE id = ?", (item.id,)).fetchone()
        position = row[0] if row else db.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM quiz_items").fetchone()[0]
    image = item.image
    values = (item.id, position, item.kind, _json(dict(item.sender)), _json(dict(item.text)),
              item.answer, _json(dict(item.explain)), _json(list(item.sources)),
              image.hash if image else None, image.name if image else None, int(item.retired))
    db.execute(
        "INSERT INTO quiz_items (id, position, kind, sender, text, answer, explain, sources,"
        " image_hash, image_name, retired) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT(id) DO UPDATE SET position=excluded.position, kind=excluded.kind,"
        " sender=excluded.sender, text=excluded.text, answer=excluded.answer,"
        " explain=excluded.explain, sources=excluded.sources, image_hash=excluded.image_hash,"
        " image_name=excluded.image_name, retired=excluded.retired"
        " WHERE (position, kind, sender, text, answer, explain, sources, image_hash, image_name,"
        " retired) IS NOT (excluded.position, excluded.kind, excluded.sender, excluded.text,"
        " excluded.answer, excluded.explain, excluded.sources, excluded.image_hash,"
        " excluded.image_name, excluded.retired)", values)


def set_quiz_item_retired(db: sqlite3.Connection, item_id: str, retired: bool) -> None:
    """Take an item out of the quiz (or back in) without losing its counts."""
    db.execute("UPDATE quiz_items SET retired = ? WHERE id = ?", (int(retired), item_id))
