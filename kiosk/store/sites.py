"""Heritage sites with their photos, narration and old slugs: every query and write for them.

A site is known by its short code (printed on posters, never changes) and its slug (in page
addresses, may change: the old one is remembered in site_old_slugs so shared links keep working).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any, NamedTuple

from kiosk.models import HeritageSite, I18n, MediaRef, Photo
from kiosk.store.listing import Page, fetch_page, words_condition

# The columns a site's editor and a pack's site.yaml set (retired is set on its own or by packs).
TEXT_COLUMNS = ("name", "summary", "category", "story", "directions")
COLUMNS = ("slug", "position", *TEXT_COLUMNS, "year", "lat", "lon")
_NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"


class SiteLink(NamedTuple):
    """Where a code or slug leads: the site's current slug, and whether it is retired."""

    slug: str
    retired: bool


def to_json(value: Any) -> str:
    """JSON as the database stores translated texts (UTF-8 kept readable)."""
    return json.dumps(value, ensure_ascii=False)


def _i18n(value: str | None) -> I18n:
    return json.loads(value) if value else {}


def _load(db: sqlite3.Connection, where: str = "", params: tuple = ()) -> list[HeritageSite]:
    """The sites `where` selects (a WHERE clause on sites), with photos, audio and old slugs."""
    rows = db.execute(f"SELECT * FROM sites {where} ORDER BY position, slug", params).fetchall()
    chosen = f"(SELECT id FROM sites {where})"
    photos: dict[int, list[Photo]] = {}
    for p in db.execute(
        "SELECT p.*, m.ext FROM site_photos p JOIN media m ON m.hash = p.media_hash"
        f" WHERE p.site_id IN {chosen} ORDER BY p.site_id, p.position", params
    ):
        ref = MediaRef(p["media_hash"], p["ext"], p["name"])
        photos.setdefault(p["site_id"], []).append(Photo(ref, _i18n(p["caption"])))
    audio: dict[int, dict[str, MediaRef]] = {}
    for a in db.execute(
        "SELECT a.*, m.ext FROM site_audio a JOIN media m ON m.hash = a.media_hash"
        f" WHERE a.site_id IN {chosen}", params
    ):
        audio.setdefault(a["site_id"], {})[a["lang"]] = MediaRef(a["media_hash"], a["ext"], a["name"])
    old: dict[int, list[str]] = {}
    for o in db.execute(f"SELECT slug, site_id FROM site_old_slugs WHERE site_id IN {chosen}"
                        " ORDER BY slug", params):
        old.setdefault(o["site_id"], []).append(o["slug"])
    return [
        HeritageSite(
            code=r["code"], slug=r["slug"], position=r["position"],
            name=_i18n(r["name"]), summary=_i18n(r["summary"]), category=_i18n(r["category"]),
            story=_i18n(r["story"]), directions=_i18n(r["directions"]), year=r["year"],
            lat=r["lat"], lon=r["lon"], retired=bool(r["retired"]),
            photos=tuple(photos.get(r["id"], ())), audio=audio.get(r["id"], {}),
            old_slugs=tuple(old.get(r["id"], ())), demo=bool(r["demo"]),
        )
        for r in rows
    ]


def list_sites(db: sqlite3.Connection, include_retired: bool = True) -> list[HeritageSite]:
    """Heritage sites with photos and audio, in overview order."""
    return _load(db, "" if include_retired else "WHERE retired = 0")


# What the admin's search box looks in: code, slug and the name in every language, folded.
_HAYSTACK = ("langso_fold(code || ' ' || slug || ' ' ||"
             " (SELECT group_concat(value, ' ') FROM json_each(sites.name)))")


def page_of_sites(db: sqlite3.Connection, query: str, number: int) -> Page[HeritageSite]:
    """Page `number` (from 1) of the sites, retired too, whose code, slug or name has every word
    of `query` (accent-insensitive), in overview order."""
    condition, params = words_condition(_HAYSTACK, query)
    ids = fetch_page(db, "SELECT id FROM sites", condition, params, "position, slug", number,
                     lambda r: r[0])
    marks = ",".join("?" * len(ids.items))
    return Page(_load(db, f"WHERE id IN ({marks})", tuple(ids.items)), ids.number, ids.pages,
                ids.total, ids.size)


def count_demo(db: sqlite3.Connection) -> int:
    return db.execute("SELECT count(*) FROM sites WHERE demo = 1").fetchone()[0]


def delete_demo_sites(db: sqlite3.Connection) -> list[str]:
    """Remove every demo site with its photos, narration and old slugs (inside the caller's
    transaction); returns their codes. Media files stay, as for any removed photo."""
    codes = [r[0] for r in db.execute("SELECT code FROM sites WHERE demo = 1 ORDER BY code")]
    db.execute("DELETE FROM sites WHERE demo = 1")
    return codes


def get_site(db: sqlite3.Connection, slug: str) -> HeritageSite | None:
    """The site whose current slug is `slug`, or None."""
    found = _load(db, "WHERE slug = ?", (slug,))
    return found[0] if found else None


def get_site_by_code(db: sqlite3.Connection, code: str) -> HeritageSite | None:
    """The site with this short code (as stored, upper case), or None."""
    found = _load(db, "WHERE code = ?", (code,))
    return found[0] if found else None


def get_link_by_code(db: sqlite3.Connection, code: str) -> SiteLink | None:
    """Where a poster's short code leads, or None."""
    row = db.execute("SELECT slug, retired FROM sites WHERE code = ?", (code,)).fetchone()
    return SiteLink(row["slug"], bool(row["retired"])) if row else None


def get_link_by_slug(db: sqlite3.Connection, slug: str) -> SiteLink | None:
    """Where a slug leads: the site that has it now, else the one that had it before, or None."""
    row = db.execute("SELECT slug, retired FROM sites WHERE slug = ?", (slug,)).fetchone()
    if row is None:
        row = db.execute("SELECT s.slug, s.retired FROM site_old_slugs o JOIN sites s"
                         " ON s.id = o.site_id WHERE o.slug = ?", (slug,)).fetchone()
    return SiteLink(row["slug"], bool(row["retired"])) if row else None


def get_site_id(db: sqlite3.Connection, code: str) -> int | None:
    """The row id of the site with this code, or None (for the writes below)."""
    row = db.execute("SELECT id FROM sites WHERE code = ?", (code,)).fetchone()
    return row[0] if row else None


def get_slug_owner(db: sqlite3.Connection, slug: str) -> str | None:
    """The code of the site whose current slug is `slug`, or None."""
    row = db.execute("SELECT code FROM sites WHERE slug = ?", (slug,)).fetchone()
    return row[0] if row else None


def get_old_slug_owner(db: sqlite3.Connection, slug: str) -> str | None:
    """The code of the site `slug` used to lead to, or None."""
    row = db.execute("SELECT s.code FROM site_old_slugs o JOIN sites s ON s.id = o.site_id"
                     " WHERE o.slug = ?", (slug,)).fetchone()
    return row[0] if row else None


def _values(values: Mapping[str, Any]) -> tuple:
    return tuple(to_json(values[c]) if c in TEXT_COLUMNS else values[c] for c in COLUMNS)


def add_site(db: sqlite3.Connection, code: str, values: Mapping[str, Any],
             retired: bool = False) -> int:
    """Insert a site (texts as language → text); returns its row id."""
    cur = db.execute(f"INSERT INTO sites ({', '.join(COLUMNS)}, retired, code)"
                     " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", (*_values(values), int(retired), code))
    return int(cur.lastrowid or 0)


def update_site(db: sqlite3.Connection, site_id: int, values: Mapping[str, Any],
                retired: bool | None = None) -> None:
    """Change a site's texts, slug and place; `retired` only when given. Stamps updated_at."""
    columns = [*COLUMNS, "retired"] if retired is not None else list(COLUMNS)
    params = (*_values(values), int(retired)) if retired is not None else _values(values)
    db.execute(f"UPDATE sites SET {', '.join(f'{c}=?' for c in columns)}, updated_at={_NOW}"
               " WHERE id = ?", (*params, site_id))


def set_demo(db: sqlite3.Connection, site_id: int, demo: bool) -> None:
    """Mark a site as example content (packs only; "Xóa dữ liệu mẫu" removes it)."""
    db.execute("UPDATE sites SET demo=? WHERE id=?", (int(demo), site_id))


def set_retired(db: sqlite3.Connection, code: str, retired: bool) -> None:
    db.execute("UPDATE sites SET retired=? WHERE code=?", (int(retired), code))


def forget_old_slug(db: sqlite3.Connection, slug: str) -> None:
    """A slug in use now no longer leads to the site that had it before."""
    db.execute("DELETE FROM site_old_slugs WHERE slug = ?", (slug,))


def remember_old_slug(db: sqlite3.Connection, site_id: int, slug: str) -> None:
    """Keep `slug` leading to the site (posters and shared links may carry it)."""
    db.execute("INSERT OR REPLACE INTO site_old_slugs (slug, site_id) VALUES (?, ?)",
               (slug, site_id))


# -- photos and narration --------------------------------------------------------------------

def count_photos(db: sqlite3.Connection, site_id: int) -> int:
    return db.execute("SELECT count(*) FROM site_photos WHERE site_id = ?", (site_id,)).fetchone()[0]


def add_photo(db: sqlite3.Connection, site_id: int, position: int, media_hash: str, name: str,
              caption: I18n | None = None) -> None:
    """A stored photo as the site's photo number `position` (1-based)."""
    db.execute("INSERT INTO site_photos (site_id, position, media_hash, name, caption)"
               " VALUES (?,?,?,?,?)", (site_id, position, media_hash, name, to_json(caption or {})))


def replace_photos(db: sqlite3.Connection, site_id: int,
                   photos: list[tuple[str, str, I18n]]) -> None:
    """The site's photos become exactly these (media hash, file name, caption), in order."""
    db.execute("DELETE FROM site_photos WHERE site_id = ?", (site_id,))
    for position, (media_hash, name, caption) in enumerate(photos, start=1):
        add_photo(db, site_id, position, media_hash, name, caption)


def set_photo_caption(db: sqlite3.Connection, site_id: int, n: int, caption: I18n) -> None:
    db.execute("UPDATE site_photos SET caption=? WHERE site_id=? AND position=?",
               (to_json(caption), site_id, n))


def remove_photo(db: sqlite3.Connection, site_id: int, n: int) -> None:
    """Remove photo n and move the later ones up."""
    db.execute("DELETE FROM site_photos WHERE site_id=? AND position=?", (site_id, n))
    # Close the gap in two passes: (site_id, position) is unique at every row update.
    db.execute("UPDATE site_photos SET position=-position WHERE site_id=? AND position>?",
               (site_id, n))
    db.execute("UPDATE site_photos SET position=-position-1 WHERE site_id=? AND position<0",
               (site_id,))


def swap_photos(db: sqlite3.Connection, site_id: int, n: int, other: int) -> None:
    """Photos n and other change places (through 0, as the pair is unique at every update)."""
    for old, new in ((n, 0), (other, n), (0, other)):
        db.execute("UPDATE site_photos SET position=? WHERE site_id=? AND position=?",
                   (new, site_id, old))


def set_audio(db: sqlite3.Connection, site_id: int, lang: str, media_hash: str, name: str) -> None:
    """A stored recording as the site's narration in `lang` (replacing any)."""
    db.execute("INSERT OR REPLACE INTO site_audio (site_id, lang, media_hash, name)"
               " VALUES (?,?,?,?)", (site_id, lang, media_hash, name))


def remove_audio(db: sqlite3.Connection, site_id: int, lang: str) -> None:
    db.execute("DELETE FROM site_audio WHERE site_id=? AND lang=?", (site_id, lang))


def replace_audio(db: sqlite3.Connection, site_id: int,
                  audio: Mapping[str, tuple[str, str]]) -> None:
    """The site's narration becomes exactly these (language → media hash, file name)."""
    db.execute("DELETE FROM site_audio WHERE site_id = ?", (site_id,))
    for lang, (media_hash, name) in audio.items():
        db.execute("INSERT INTO site_audio (site_id, lang, media_hash, name) VALUES (?,?,?,?)",
                   (site_id, lang, media_hash, name))
