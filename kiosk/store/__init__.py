"""All content SQL, one module per entity (guides, sites, shops, settings, languages).

Each returns the frozen records of kiosk.models; writes run inside the caller's transaction.
"""

from __future__ import annotations

import sqlite3

COUNTED = ("guides", "steps", "sites", "shops", "media", "users")


def counts(db: sqlite3.Connection) -> dict[str, int]:
    """How many of each thing the database holds (for /healthz, the dashboard and the CLI)."""
    return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in COUNTED}


def has_content(db: sqlite3.Connection) -> bool:
    """Whether anything was ever imported or set (guides, sites or settings)."""
    return bool(db.execute("SELECT EXISTS (SELECT 1 FROM guides) OR EXISTS (SELECT 1 FROM sites)"
                           " OR EXISTS (SELECT 1 FROM settings)").fetchone()[0])
