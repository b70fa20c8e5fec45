"""A pack's UI translations (ui/<lang>.po source text, by language): every query and write."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping


def list_catalogs(db: sqlite3.Connection) -> dict[str, str]:
    """Every stored catalog's .po text, by language code."""
    return dict(db.execute("SELECT lang, po FROM ui_catalogs ORDER BY lang"))


def get_catalog(db: sqlite3.Connection, lang: str) -> str | None:
    row = db.execute("SELECT po FROM ui_catalogs WHERE lang = ?", (lang,)).fetchone()
    return row[0] if row else None


def replace_catalogs(db: sqlite3.Connection, catalogs: Mapping[str, str]) -> None:
    """Make `catalogs` the whole set (inside the caller's transaction)."""
    db.execute("DELETE FROM ui_catalogs")
    db.executemany("INSERT INTO ui_catalogs (lang, po) VALUES (?, ?)", sorted(catalogs.items()))
