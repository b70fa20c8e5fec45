"""Import a checked content pack into the database, all-or-nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path, PurePosixPath
from typing import Any

from kiosk.db import transaction
from kiosk.media import files as media
from kiosk.models import Guide, MediaRef, Step
from kiosk.packs.shapes import GuideData, PackData, SiteData
from kiosk.problems import PackError, Problem
from kiosk.store import content
from kiosk.store import guides as guide_store


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def import_pack(db: sqlite3.Connection, data_dir: Path, pack: PackData) -> dict[str, int]:
    """Write a checked pack into the database in one transaction; returns what was imported.

    Guides are matched by slug, sites by code (a site whose slug changed keeps its old link),
    shops by code; things the pack does not mention are left as they are.
    """
    with transaction(db):
        hashes = {rel: media.store(db, data_dir, m) for rel, m in pack.media.items()}

        def ref(rel: str | None) -> tuple[str | None, str | None]:
            return (hashes[rel], PurePosixPath(rel).name) if rel else (None, None)

        for position, (code, name) in enumerate(pack.languages.items()):
            db.execute("INSERT INTO languages (code, name, position) VALUES (?,?,?) ON CONFLICT"
                       "(code) DO UPDATE SET name = excluded.name, position = excluded.position",
                       (code, name, position))
        entries = {**pack.settings, "pack.id": pack.id, "pack.version": pack.version,
                   "pack.title": pack.title}
        if pack.intro:
            entries["intro"] = pack.intro
        for key, value in entries.items():
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
                       " SET value = excluded.value", (key, _json(value)))
        refs = {rel: MediaRef(digest, pack.media[rel].ext, PurePosixPath(rel).name)
                for rel, digest in hashes.items()}
        for g in pack.guides:
            _import_guide(db, g, refs)
        for s in pack.sites:
            _import_site(db, s, ref, hashes)
        for shop in pack.shops:
            content.save_shop(db, shop)
    return {"guides": len(pack.guides), "sites": len(pack.sites), "shops": len(pack.shops),
            "media": len(pack.media)}


def _import_guide(db: sqlite3.Connection, g: GuideData, refs: dict[str, MediaRef]) -> None:
    """The guide and all its steps (files stored already), named as in the pack."""
    def ref(rel: str | None) -> MediaRef | None:
        return refs[rel] if rel else None

    guide_store.save_guide(db, Guide(
        slug=g.slug, category=g.category, position=g.position, published=g.published,
        title=g.title, summary=g.summary, needs=tuple(g.needs), sources=tuple(g.sources),
        icon=ref(g.icon)))
    guide_store.replace_steps(db, g.slug, (
        Step(position=position, title=step.title, body=step.body, tip=step.tip,
             warning=step.warning, image=ref(step.image), check_note=step.check,
             audio={lang: ref(rel) for lang, rel in step.audio.items()})
        for position, step in enumerate(g.steps, start=1)))


def _import_site(db: sqlite3.Connection, s: SiteData, ref, hashes: dict[str, str]) -> None:
    row = db.execute("SELECT id, slug FROM sites WHERE code = ?", (s.code,)).fetchone()
    # A current slug always wins over the same slug remembered as another site's old one.
    db.execute("DELETE FROM site_old_slugs WHERE slug = ?", (s.slug,))
    clash = db.execute("SELECT code FROM sites WHERE slug = ? AND code != ?",
                       (s.slug, s.code)).fetchone()
    if clash:
        raise PackError([Problem(f"heritage/{s.slug}/site.yaml", None, "code",
                                 f"đường dẫn '{s.slug}' đang thuộc di tích mã {clash[0]}; "
                                 "hãy đổi tên thư mục hoặc dùng đúng mã của di tích đó")])
    values = (s.slug, s.position, _json(s.name), _json(s.summary), _json(s.category),
              _json(s.story), _json(s.directions), s.year, s.lat, s.lon, int(s.retired))
    if row is None:
        cur = db.execute(
            "INSERT INTO sites (slug, position, name, summary, category, story, directions, year,"
            " lat, lon, retired, code) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", (*values, s.code))
        site_id = cur.lastrowid
    else:
        site_id = row["id"]
        if row["slug"] != s.slug:
            db.execute("INSERT OR REPLACE INTO site_old_slugs (slug, site_id) VALUES (?, ?)",
                       (row["slug"], site_id))
        db.execute(
            "UPDATE sites SET slug=?, position=?, name=?, summary=?, category=?, story=?,"
            " directions=?, year=?, lat=?, lon=?, retired=?,"
            " updated_at=strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?", (*values, site_id))
    for old in s.old_slugs:
        db.execute("INSERT OR REPLACE INTO site_old_slugs (slug, site_id) VALUES (?, ?)",
                   (old, site_id))
    db.execute("DELETE FROM site_photos WHERE site_id = ?", (site_id,))
    for position, (rel, caption) in enumerate(s.photos, start=1):
        photo_hash, photo_name = ref(rel)
        db.execute("INSERT INTO site_photos (site_id, position, media_hash, name, caption)"
                   " VALUES (?,?,?,?,?)", (site_id, position, photo_hash, photo_name, _json(caption)))
    db.execute("DELETE FROM site_audio WHERE site_id = ?", (site_id,))
    for lang, rel in s.audio.items():
        db.execute("INSERT INTO site_audio (site_id, lang, media_hash, name) VALUES (?,?,?,?)",
                   (site_id, lang, hashes[rel], PurePosixPath(rel).name))

