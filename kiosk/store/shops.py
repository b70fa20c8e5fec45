"""Household shops and their payment accounts: every query and write, and the one row → Shop."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from kiosk import codes
from kiosk.models import Shop
from kiosk.store.listing import Page, fetch_page, words_condition
from qr.text import holder_name

DEMO_CHOICES = ("all", "real", "demo")  # every shop, real shops only, demo shops only


@dataclass(frozen=True)
class ShopFilter:
    """What the shop list and the print centre ask for; the empty filter matches every shop.

    `query`: words found in the name, owner, code or account (accent-insensitive); `bank`: a BIN;
    `demo`: one of DEMO_CHOICES; `since`: YYYY-MM-DD, details changed on or after that day.
    """

    query: str = ""
    bank: str = ""
    demo: str = "all"
    since: str = ""


def _shop(row: sqlite3.Row) -> Shop:
    # Holder names saved before issue 18 may be mixed case with diacritics: shown as banks do.
    return Shop(
        code=row["code"], name=row["name"], bank_bin=row["bank_bin"], account=row["account"],
        holder=holder_name(row["holder"]), owner=row["owner"], amount=row["amount"],
        purpose=row["purpose"], demo=bool(row["demo"]),
    )


def list_shops(db: sqlite3.Connection, changed_since: str | None = None) -> list[Shop]:
    """All shops by code, or those whose details changed on or after a date (YYYY-MM-DD)."""
    return find_shops(db, ShopFilter(since=changed_since or ""))


def _where(f: ShopFilter) -> tuple[str, list[object]]:
    condition, params = words_condition("search", f.query)
    parts: list[str] = [condition]
    if f.bank:
        parts.append("bank_bin = ?")
        params.append(f.bank)
    if f.demo != "all":
        parts.append("demo = ?")
        params.append(int(f.demo == "demo"))
    if f.since:
        parts.append("updated_at >= ?")
        params.append(f.since)
    return " AND ".join(parts), list(params)


def find_shops(db: sqlite3.Connection, f: ShopFilter) -> list[Shop]:
    """Every shop the filter matches, by code."""
    where, params = _where(f)
    rows = db.execute(f"SELECT * FROM shops WHERE {where} ORDER BY code", params).fetchall()
    return [_shop(r) for r in rows]


def page_of_shops(db: sqlite3.Connection, f: ShopFilter, number: int) -> Page[Shop]:
    """Page `number` (from 1) of the shops the filter matches, by code."""
    where, params = _where(f)
    return fetch_page(db, "SELECT * FROM shops", where, params, "code", number, _shop)


def bank_counts(db: sqlite3.Connection) -> list[tuple[str, int]]:
    """(BIN, number of shops) for every bank some shop uses, most used first."""
    return [(r[0], r[1]) for r in db.execute(
        "SELECT bank_bin, count(*) FROM shops GROUP BY bank_bin ORDER BY count(*) DESC, bank_bin")]


def count_demo(db: sqlite3.Connection) -> int:
    return db.execute("SELECT count(*) FROM shops WHERE demo = 1").fetchone()[0]


def delete_demo_shops(db: sqlite3.Connection) -> list[str]:
    """Remove every demo shop (inside the caller's transaction); returns their codes."""
    codes = [r[0] for r in db.execute("SELECT code FROM shops WHERE demo = 1 ORDER BY code")]
    db.execute("DELETE FROM shops WHERE demo = 1")
    return codes


def _search_text(shop: Shop) -> str:
    return codes.fold(" ".join((shop.code, shop.name, shop.owner, shop.account)))


def get_shop(db: sqlite3.Connection, code: str) -> Shop | None:
    """The shop with this code (as stored, upper case), or None."""
    row = db.execute("SELECT * FROM shops WHERE code = ?", (code,)).fetchone()
    return _shop(row) if row else None


def save_shop(db: sqlite3.Connection, shop: Shop) -> None:
    """Insert or update a shop by its code (inside the caller's transaction).

    updated_at moves only when something changed, so "cards changed since" reprints only those;
    the folded search column follows the name, owner and account (migration 0011 filled it).
    """
    db.execute(
        "INSERT INTO shops (code, name, owner, bank_bin, account, holder, amount, purpose, demo,"
        " search, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
        " ON CONFLICT(code) DO UPDATE SET name=excluded.name,"
        " owner=excluded.owner, bank_bin=excluded.bank_bin, account=excluded.account,"
        " holder=excluded.holder, amount=excluded.amount, purpose=excluded.purpose,"
        " demo=excluded.demo, search=excluded.search, updated_at=excluded.updated_at"
        " WHERE (name, owner, bank_bin, account, holder, amount, purpose, demo) IS NOT"
        " (excluded.name, excluded.owner, excluded.bank_bin, excluded.account, excluded.holder,"
        " excluded.amount, excluded.purpose, excluded.demo)",
        (shop.code, shop.name, shop.owner, shop.bank_bin, shop.account, shop.holder, shop.amount,
         shop.purpose, int(shop.demo), _search_text(shop)))


def delete_shop(db: sqlite3.Connection, code: str) -> None:
    db.execute("DELETE FROM shops WHERE code = ?", (code,))
