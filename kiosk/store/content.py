"""Queries that turn database rows into models (views, printing, export), and shared writes."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from kiosk.models import HeritageSite, Language, MediaRef, Photo, Shop

# The hamlet's settings (settings.yaml in a pack, the admin's settings page), with what a fresh
# database answers before anything set them. The names below are required whenever any is set.
REQUIRED_SETTINGS = ("hamlet", "commune", "province")
SETTING_DEFAULTS: dict[str, Any] = {
    "hamlet": "",
    "commune": "",
    "province": "",
    "public_base_url": "",
    "wifi_name": "",
    "wifi_password": "",
    "idle_timeout": 90,
}


def public_base(settings: dict[str, Any]) -> str | None:
    """The address phones use to reach this kiosk, without a trailing slash (None if not set)."""
    base = (settings.get("public_base_url") or "").strip().rstrip("/")
    return base or None


def _i18n(value: str | None) -> dict[str, str]:
    return json.loads(value) if value else {}


def get_languages(db: sqlite3.Connection) -> list[Language]:
    rows = db.execute("SELECT code, name FROM languages ORDER BY position, code").fetchall()
    return [Language(r["code"], r["name"]) for r in rows]


def get_settings(db: sqlite3.Connection) -> dict[str, Any]:
    """Site settings with defaults filled in (internal pack.* keys left out)."""
    values = dict(SETTING_DEFAULTS)
    for row in db.execute("SELECT key, value FROM settings WHERE key NOT LIKE 'pack.%'"):
        values[row["key"]] = json.loads(row["value"])
    return values


def get_pack_info(db: sqlite3.Connection) -> dict[str, Any]:
    """The identity of the last imported pack: id, version, title (empty when none was)."""
    rows = db.execute("SELECT key, value FROM settings WHERE key LIKE 'pack.%'").fetchall()
    return {r["key"][5:]: json.loads(r["value"]) for r in rows}


def list_sites(db: sqlite3.Connection, include_retired: bool = True) -> list[HeritageSite]:
    """Heritage sites with photos and audio, in overview order."""
    where = "" if include_retired else "WHERE retired = 0"
    rows = db.execute(f"SELECT * FROM sites {where} ORDER BY position, slug").fetchall()
    photos: dict[int, list[Photo]] = {}
    for p in db.execute(
        "SELECT p.*, m.ext FROM site_photos p JOIN media m ON m.hash = p.media_hash"
        " ORDER BY p.site_id, p.position"
    ):
        ref = MediaRef(p["media_hash"], p["ext"], p["name"])
        photos.setdefault(p["site_id"], []).append(Photo(ref, _i18n(p["caption"])))
    audio: dict[int, dict[str, MediaRef]] = {}
    for a in db.execute(
        "SELECT a.*, m.ext FROM site_audio a JOIN media m ON m.hash = a.media_hash"
    ):
        audio.setdefault(a["site_id"], {})[a["lang"]] = MediaRef(a["media_hash"], a["ext"], a["name"])
    old: dict[int, list[str]] = {}
    for o in db.execute("SELECT slug, site_id FROM site_old_slugs ORDER BY slug"):
        old.setdefault(o["site_id"], []).append(o["slug"])
    return [
        HeritageSite(
            code=r["code"], slug=r["slug"], position=r["position"],
            name=_i18n(r["name"]), summary=_i18n(r["summary"]), category=_i18n(r["category"]),
            story=_i18n(r["story"]), directions=_i18n(r["directions"]), year=r["year"],
            lat=r["lat"], lon=r["lon"], retired=bool(r["retired"]),
            photos=tuple(photos.get(r["id"], ())), audio=audio.get(r["id"], {}),
            old_slugs=tuple(old.get(r["id"], ())),
        )
        for r in rows
    ]


def list_shops(db: sqlite3.Connection, changed_since: str | None = None) -> list[Shop]:
    """All shops by code, or those whose details changed on or after a date (YYYY-MM-DD)."""
    if changed_since:
        rows = db.execute("SELECT * FROM shops WHERE updated_at >= ? ORDER BY code",
                          (changed_since,)).fetchall()
    else:
        rows = db.execute("SELECT * FROM shops ORDER BY code").fetchall()
    return [
        Shop(
            code=r["code"], name=r["name"], bank_bin=r["bank_bin"], account=r["account"],
            holder=r["holder"], owner=r["owner"], amount=r["amount"], purpose=r["purpose"],
            demo=bool(r["demo"]),
        )
        for r in rows
    ]


def counts(db: sqlite3.Connection) -> dict[str, int]:
    """How many of each thing the database holds (for /healthz and the CLI)."""
    return {
        table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("guides", "steps", "sites", "shops", "media", "users")
    }


def save_shop(db: sqlite3.Connection, shop: Shop) -> None:
    """Insert or update a shop by its code (inside the caller's transaction)."""
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
