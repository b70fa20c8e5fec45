"""The languages content is written in, in the order the language switch shows them."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from kiosk.models import Language


def list_languages(db: sqlite3.Connection) -> list[Language]:
    """Every language, in the pack's order."""
    rows = db.execute("SELECT code, name FROM languages ORDER BY position, code").fetchall()
    return [Language(r["code"], r["name"]) for r in rows]


def get_language(db: sqlite3.Connection, code: str) -> Language | None:
    """One language by its code, or None."""
    row = db.execute("SELECT code, name FROM languages WHERE code = ?", (code,)).fetchone()
    return Language(row["code"], row["name"]) if row else None


def save_languages(db: sqlite3.Connection, languages: Mapping[str, str]) -> None:
    """Add or rename languages (code → name), positioned in the mapping's order.

    Languages not in the mapping are kept (inside the caller's transaction).
    """
    for position, (code, name) in enumerate(languages.items()):
        db.execute("INSERT INTO languages (code, name, position) VALUES (?,?,?) ON CONFLICT"
                   "(code) DO UPDATE SET name = excluded.name, position = excluded.position",
                   (code, name, position))


def add_language(db: sqlite3.Connection, code: str, name: str) -> None:
    """Add a language after the others (inside the caller's transaction)."""
    position = db.execute("SELECT coalesce(max(position), 0) + 1 FROM languages").fetchone()[0]
    db.execute("INSERT INTO languages (code, name, position) VALUES (?,?,?)",
               (code, name, position))
