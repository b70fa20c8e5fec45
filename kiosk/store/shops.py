"""Household shops and their payment accounts: every query and write, and the one row → Shop."""

from __future__ import annotations

import sqlite3

from kiosk.models import Shop
from qr.vietqr import holder_name


def _shop(row: sqlite3.Row) -> Shop:
    # Holder names saved before issue 18 may be mixed case with diacritics: shown as banks do.
    return Shop(
        code=row["code"], name=row["name"], bank_bin=row["bank_bin"], account=row["account"],
        holder=holder_name(row["holder"]), owner=row["owner"], amount=row["amount"],
        purpose=row["purpose"], demo=bool(row["demo"]),
    )


def list_shops(db: sqlite3.Connection, changed_since: str | None = None) -> list[Shop]:
    """All shops by code, or those whose details changed on or after a date (YYYY-MM-DD)."""
    if changed_since:
        rows = db.execute("SELECT * FROM shops WHERE updated_at >= ? ORDER BY code",
                          (changed_since,)).fetchall()
    else:
        rows = db.execute("SELECT * FROM shops ORDER BY code").fetchall()
    return [_shop(r) for r in rows]


def get_shop(db: sqlite3.Connection, code: str) -> Shop | None:
    """The shop with this code (as stored, upper case), or None."""
    row = db.execute("SELECT * FROM shops WHERE code = ?", (code,)).fetchone()
    return _shop(row) if row else None


def save_shop(db: sqlite3.Connection, shop: Shop) -> None:
    """Insert or update a shop by its code (inside the caller's transaction).

    updated_at moves only when something changed, so "cards changed since" reprints only those.
    """
    db.execute(
        "INSERT INTO shops (code, name, owner, bank_bin, account, holder, amount, purpose, demo,"
        " updated_at) VALUES (?,?,?,?,?,?,?,?,?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
        " ON CONFLICT(code) DO UPDATE SET name=excluded.name,"
        " owner=excluded.owner, bank_bin=excluded.bank_bin, account=excluded.account,"
        " holder=excluded.holder, amount=excluded.amount, purpose=excluded.purpose,"
        " demo=excluded.demo, updated_at=excluded.updated_at"
        " WHERE (name, owner, bank_bin, account, holder, amount, purpose, demo) IS NOT"
        " (excluded.name, excluded.owner, excluded.bank_bin, excluded.account, excluded.holder,"
        " excluded.amount, excluded.purpose, excluded.demo)",
        (shop.code, shop.name, shop.owner, shop.bank_bin, shop.account, shop.holder, shop.amount,
         shop.purpose, int(shop.demo)))


def delete_shop(db: sqlite3.Connection, code: str) -> None:
    db.execute("DELETE FROM shops WHERE code = ?", (code,))
