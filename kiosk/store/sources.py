"""The pack's sources (where the guides' facts come from): every query and write."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from kiosk.models import Source

_COLUMNS = "id, title, url, publisher, published, checked"


def _source(row: sqlite3.Row) -> Source:
    return Source(row["id"], row["title"], row["url"], row["publisher"], row["published"],
                  row["checked"])


def list_sources(db: sqlite3.Connection) -> list[Source]:
    """Every source, in the order the pack listed them."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM sources ORDER BY position, id").fetchall()
    return [_source(r) for r in rows]


def get_sources(db: sqlite3.Connection, ids: Iterable[str]) -> dict[str, Source]:
    """The sources among `ids` that exist, by id."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = db.execute(f"SELECT {_COLUMNS} FROM sources WHERE id IN ({','.join('?' * len(wanted))})",
                      wanted).fetchall()
    return {r["id"]: _source(r) for r in rows}


def latest_checked(db: sqlite3.Connection, ids: Iterable[str]) -> str:
    """The newest `checked` day (YYYY-MM-DD) among the sources `ids` names, or "" if none."""
    wanted = sorted(set(ids))
    if not wanted:
        return ""
    row = db.execute(f"SELECT max(checked) FROM sources WHERE id IN ({','.join('?' * len(wanted))})",
                     wanted).fetchone()
    return row[0] or ""


def save_sources(db: sqlite3.Connection, sources: Iterable[Source]) -> None:
    """Insert or update sources by id, in this order (inside the caller's transaction).

    Sources the list does not name stay: guides outside the pack may still cite them.
    """
    for position, s in enumerate(sources, start=1):
        db.execute(
            "INSERT INTO sources (id, position, title, url, publisher, published, checked)"
            " VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET position=excluded.position,"
            " title=excluded.title, url=excluded.url, publisher=excluded.publisher,"
            " published=excluded.published, checked=excluded.checked"
            " WHERE (position, title, url, publisher, published, checked) IS NOT"
            " (excluded.position, excluded.title, excluded.url, excluded.publisher,"
            " excluded.published, excluded.checked)",
            (s.id, position, s.title, s.url, s.publisher, s.published, s.checked))
