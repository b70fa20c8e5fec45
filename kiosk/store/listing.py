"""Search and paging for the admin lists (shops, guides, sites): one page size, one way to match.

A match must contain every word of the search box, folded by kiosk.codes (so "bun pho" finds
"Bún phở"); pages are cut from a stable order whose last key is unique, so no row appears on two
pages or on none.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from kiosk import codes

PAGE_SIZE = 50
T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, its number (from 1), how many pages and matching rows."""

    items: list[T]
    number: int
    pages: int
    total: int
    size: int = PAGE_SIZE

    @property
    def first(self) -> int:
        """Position (from 1) of the page's first item in the whole list; 0 when empty."""
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1 if self.items else 0


def words_condition(haystack: str, query: str) -> tuple[str, list[str]]:
    """A WHERE condition: the folded SQL expression `haystack` holds every word of `query`."""
    words = codes.terms(query)
    if not words:
        return "1", []
    return " AND ".join(f"instr({haystack}, ?) > 0" for _ in words), words


def fetch_page(db: sqlite3.Connection, select: str, where: str, params: Sequence[object],
               order: str, number: int, build: Callable[[sqlite3.Row], T],
               size: int = PAGE_SIZE) -> Page[T]:
    """Page `number` of `select` WHERE `where` ORDER BY `order`; out-of-range numbers go to the
    nearest page, so a stale link after a deletion still shows something."""
    total = db.execute(f"SELECT count(*) FROM ({select} WHERE {where})", params).fetchone()[0]
    pages = max(1, -(-total // size))
    number = min(max(1, number), pages)
    rows = db.execute(f"{select} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
                      (*params, size, (number - 1) * size)).fetchall()
    return Page([build(r) for r in rows], number, pages, total, size)
