"""The pack's glossary (words residents may not know, explained): every query and write."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from kiosk.models import GlossaryEntry


def list_glossary(db: sqlite3.Connection) -> list[GlossaryEntry]:
    """Every term with its explanations, in the order the pack listed them."""
    rows = db.execute("SELECT term, explanation FROM glossary ORDER BY position, term")
    return [GlossaryEntry(term, json.loads(explanation)) for term, explanation in rows]


def replace_glossary(db: sqlite3.Connection, entries: Iterable[GlossaryEntry]) -> None:
    """Make `entries` the whole glossary (inside the caller's transaction)."""
    db.execute("DELETE FROM glossary")
    db.executemany("INSERT INTO glossary (term, position, explanation) VALUES (?,?,?)",
                   ((e.term, i, json.dumps(dict(e.explanation), ensure_ascii=False))
                    for i, e in enumerate(entries, start=1)))
