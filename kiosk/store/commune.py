"""The commune machine's hamlets and their monthly bundles: every query and write.

Rows keep the signed payload whole; kiosk.commune.bundle reads them back into Bundles.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Hamlet:
    public_key: str
    fingerprint: str
    name: str
    commune: str
    province: str
    registered_at: str
    registered_by: str


@dataclass(frozen=True)
class StoredReport:
    public_key: str
    month: str
    created_at: str
    document: bytes  # {"payload", "signature"} as JSON: what read_bundle() checks
    imported_at: str


def get_hamlet(db: sqlite3.Connection, public_key: str) -> Hamlet | None:
    row = db.execute("SELECT * FROM commune_hamlets WHERE public_key = ?", (public_key,)).fetchone()
    return Hamlet(*row) if row else None


def list_hamlets(db: sqlite3.Connection) -> list[Hamlet]:
    """Every registered hamlet, by name."""
    return [Hamlet(*r) for r in db.execute("SELECT * FROM commune_hamlets ORDER BY name, public_key")]


def register_hamlet(db: sqlite3.Connection, hamlet: Hamlet) -> None:
    """Add a hamlet, or refresh its names (inside the caller's transaction)."""
    db.execute("INSERT INTO commune_hamlets VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(public_key)"
               " DO UPDATE SET name = excluded.name, commune = excluded.commune,"
               " province = excluded.province",
               (hamlet.public_key, hamlet.fingerprint, hamlet.name, hamlet.commune,
                hamlet.province, hamlet.registered_at, hamlet.registered_by))


def remove_hamlet(db: sqlite3.Connection, public_key: str) -> None:
    """Forget a hamlet and its reports (a key lost or registered by mistake)."""
    db.execute("DELETE FROM commune_hamlets WHERE public_key = ?", (public_key,))


def report_created_at(db: sqlite3.Connection, public_key: str, month: str) -> str | None:
    row = db.execute("SELECT created_at FROM commune_reports WHERE public_key = ? AND month = ?",
                     (public_key, month)).fetchone()
    return row[0] if row else None


def latest_created_at(db: sqlite3.Connection, public_key: str) -> str | None:
    """When the hamlet's newest stored bundle was made (None: it has none)."""
    return db.execute("SELECT max(created_at) FROM commune_reports WHERE public_key = ?",
                      (public_key,)).fetchone()[0]


def save_report(db: sqlite3.Connection, public_key: str, month: str, created_at: str,
                payload: dict, signature: str, imported_at: str) -> None:
    """Store a hamlet's month, replacing the one it had (the caller checked it is newer)."""
    db.execute("INSERT INTO commune_reports VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(public_key, month)"
               " DO UPDATE SET created_at = excluded.created_at, payload = excluded.payload,"
               " signature = excluded.signature, imported_at = excluded.imported_at",
               (public_key, month, created_at, json.dumps(payload, ensure_ascii=False), signature,
                imported_at))


def list_reports(db: sqlite3.Connection, first_month: str, last_month: str) -> list[StoredReport]:
    """The stored bundles of months first..last (YYYY-MM, inclusive)."""
    rows = db.execute("SELECT public_key, month, created_at, payload, signature, imported_at"
                      " FROM commune_reports WHERE month BETWEEN ? AND ? ORDER BY month, public_key",
                      (first_month, last_month))
    return [StoredReport(r[0], r[1], r[2], _document(r[3], r[4]), r[5]) for r in rows]


def _document(payload: str, signature: str) -> bytes:
    return json.dumps({"payload": json.loads(payload), "signature": signature},
                      ensure_ascii=False).encode()


# --- the hamlet side: the commune key it trusts, and where its guides came from ------------------

@dataclass(frozen=True)
class PinnedKey:
    public_key: str
    fingerprint: str
    signer: str
    pinned_at: str
    pinned_by: str
    signed_at: str = ""  # when the newest pack applied was signed ('' before the first)


def pinned_key(db: sqlite3.Connection) -> PinnedKey | None:
    row = db.execute("SELECT public_key, fingerprint, signer, pinned_at, pinned_by, signed_at"
                     " FROM commune_key WHERE id = 1").fetchone()
    return PinnedKey(*row) if row else None


def pin_key(db: sqlite3.Connection, key: PinnedKey) -> None:
    """Trust this commune key for guide updates (replacing any other; inside a transaction)."""
    db.execute("INSERT INTO commune_key VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
               " public_key = excluded.public_key, fingerprint = excluded.fingerprint,"
               " signer = excluded.signer, pinned_at = excluded.pinned_at,"
               " pinned_by = excluded.pinned_by, signed_at = excluded.signed_at",
               (key.public_key, key.fingerprint, key.signer, key.pinned_at, key.pinned_by,
                key.signed_at))


def record_pack_time(db: sqlite3.Connection, signed_at: str) -> None:
    """Remember when the pack just applied was signed (inside the caller's transaction)."""
    db.execute("UPDATE commune_key SET signed_at = max(signed_at, ?) WHERE id = 1", (signed_at,))


def origins(db: sqlite3.Connection, table: str) -> dict[str, str]:
    """slug or id → origin ('' for the hamlet's own) of every guide or quiz item."""
    column = {"guides": "slug", "quiz_items": "id"}[table]
    return dict(db.execute(f"SELECT {column}, origin FROM {table}"))


def set_origin(db: sqlite3.Connection, table: str, ident: str, origin: str) -> None:
    column = {"guides": "slug", "quiz_items": "id"}[table]
    db.execute(f"UPDATE {table} SET origin = ? WHERE {column} = ?", (origin, ident))
