"""The team's activity log entries: reading one, correcting it, removing it."""

from __future__ import annotations

import sqlite3


def get_entry(db: sqlite3.Connection, entry_id: int) -> sqlite3.Row | None:
    return db.execute("SELECT * FROM activity_log WHERE id = ?", (entry_id,)).fetchone()


def update_entry(db: sqlite3.Connection, entry_id: int, day: str, skill: str, people: int,
                 households: int, note: str) -> None:
    """Correct an entry (inside the caller's transaction); who recorded it stays the same."""
    db.execute("UPDATE activity_log SET day = ?, skill = ?, people = ?, households = ?, note = ?"
               " WHERE id = ?", (day, skill, people, households, note, entry_id))


def delete_entry(db: sqlite3.Connection, entry_id: int) -> None:
    db.execute("DELETE FROM activity_log WHERE id = ?", (entry_id,))
