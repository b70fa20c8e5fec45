"""Reading the stored usage counts (usage_daily): totals by day, month and subject, the quiz
items missed most, the CSV rows. kiosk.reporting.usage writes them."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from kiosk.reporting import usage


def daily_totals(db: sqlite3.Connection, event: str, first: date, days: int) -> list[tuple[str, int]]:
    """(YYYY-MM-DD, total) for each of `days` days from `first`, zero where nothing was counted."""
    last = first + timedelta(days=days - 1)
    rows = dict(db.execute("SELECT day, SUM(n) FROM usage_daily WHERE event = ? AND day BETWEEN ?"
                           " AND ? GROUP BY day", (event, first.isoformat(), last.isoformat())))
    out = []
    for i in range(days):
        day = (first + timedelta(days=i)).isoformat()
        out.append((day, rows.get(day, 0)))
    return out


def monthly_totals(db: sqlite3.Connection, event: str, last_month: str,
                   months: int) -> list[tuple[str, int]]:
    """(YYYY-MM, total) for the `months` months ending with last_month, zero-filled."""
    year, month = int(last_month[:4]), int(last_month[5:7])
    keys = []
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    keys.reverse()
    rows = dict(db.execute("SELECT substr(day, 1, 7) AS m, SUM(n) FROM usage_daily WHERE event = ?"
                           " AND m BETWEEN ? AND ? GROUP BY m", (event, keys[0], keys[-1])))
    return [(k, rows.get(k, 0)) for k in keys]


def top_subjects(db: sqlite3.Connection, event: str, first: str, last: str,
                 limit: int = 50) -> list[tuple[str, int]]:
    """Subjects of an event between two days (inclusive), most counted first."""
    return [(r[0], r[1]) for r in db.execute(
        "SELECT subject, SUM(n) AS total FROM usage_daily WHERE event = ? AND day BETWEEN ? AND ?"
        " GROUP BY subject ORDER BY total DESC, subject LIMIT ?", (event, first, last, limit))]


def quiz_misses(db: sqlite3.Connection, first: str, last: str,
                limit: int = 5) -> list[tuple[str, int, int]]:
    """(item id, right, wrong) of the quiz items answered wrong most often between two days.

    Ordered by the share of right answers, lowest first, then by more answers; items never
    answered wrong are left out (there is nothing to teach).
    """
    tally: dict[str, list[int]] = {}
    for subject, n in top_subjects(db, usage.QUIZ_ANSWER, first, last, limit=100_000):
        item_id, _, outcome = subject.rpartition("/")
        if outcome in ("right", "wrong"):
            tally.setdefault(item_id, [0, 0])[outcome == "wrong"] += n
    missed = [(i, right, wrong) for i, (right, wrong) in tally.items() if wrong]
    missed.sort(key=lambda r: (r[1] / (r[1] + r[2]), -(r[1] + r[2]), r[0]))
    return missed[:limit]


def daily_rows(db: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every stored count, by day, for the CSV export."""
    return db.execute("SELECT day, event, subject, n FROM usage_daily"
                      " ORDER BY day, event, subject").fetchall()
