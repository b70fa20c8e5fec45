"""Import a checked content pack into the database, all-or-nothing."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path, PurePosixPath

from kiosk.db import transaction
from kiosk.media import files as media
from kiosk.models import (
    Guide,
    MediaRef,
    Practice,
    PracticeScreen,
    QuizItem,
    Step,
    translations_to_review,
)
from kiosk.packs.shapes import GuideData, PackData, PracticeData, QuizItemData, SiteData
from kiosk.problems import PackError, Problem
from kiosk.store import glossary as glossary_store
from kiosk.store import guides as guide_store
from kiosk.store import languages, ui_catalogs
from kiosk.store import practice as practice_store
from kiosk.store import quiz as quiz_store
from kiosk.store import settings as setting_store
from kiosk.store import shops as shop_store
from kiosk.store import sites as site_store
from kiosk.store import sources as source_store


def import_pack(db: sqlite3.Connection, data_dir: Path, pack: PackData) -> dict[str, int]:
    """Write a checked pack into the database in one transaction; returns what was imported.

    Guides are matched by slug, sites by code (a site whose slug changed keeps its old link),
    shops by code, sources and quiz items by id; things the pack does not mention are left as they are. A pack
    with a glossary.yaml replaces the whole glossary (nothing cites a term, so none dangles), one
    with a ui/ folder all the UI translations (ui/<lang>.po). A guide's practice comes and goes
    with its practice.yaml; quiz items keep their id (counts are kept per id) and take the pack's
    order.
    """
    with transaction(db):
        refs = store_media(db, data_dir, pack)
        languages.save_languages(db, pack.languages)
        entries = {**pack.settings, "pack.id": pack.id, "pack.version": pack.version,
                   "pack.title": pack.title}
        if pack.intro:
            entries["intro"] = pack.intro
        setting_store.save_settings(db, entries)
        source_store.save_sources(db, pack.sources)
        if pack.glossary is not None:
            glossary_store.replace_glossary(db, pack.glossary)
        if pack.ui is not None:
            ui_catalogs.replace_catalogs(db, pack.ui)
        practices = {p.slug: p for p in pack.practices}
        for g in pack.guides:
            import_guide_with_practice(db, g, practices.get(g.slug), refs)
        for position, item in enumerate(pack.quiz or [], start=1):
            quiz_store.save_quiz_item(db, quiz_item(item, refs), position=position)
        for s in pack.sites:
            _import_site(db, s, refs)
        for shop in pack.shops:
            shop_store.save_shop(db, shop)
    return {"guides": len(pack.guides), "sites": len(pack.sites), "shops": len(pack.shops),
            "media": len(pack.media)}


def store_media(db: sqlite3.Connection, data_dir: Path, pack: PackData) -> dict[str, MediaRef]:
    """Write the pack's files to the media store (inside the caller's transaction); returns
    each pack path's reference."""
    return {rel: MediaRef(media.store(db, data_dir, m), m.ext, PurePosixPath(rel).name)
            for rel, m in pack.media.items()}


def import_guide_with_practice(db: sqlite3.Connection, g: GuideData, practice: PracticeData | None,
                               refs: dict[str, MediaRef]) -> None:
    """The guide, its steps and its practice; the pack brings the whole guide, so a guide
    without practice.yaml loses its practice."""
    _import_guide(db, g, refs)
    if practice is not None:
        _import_practice(db, practice, refs)
    else:
        practice_store.delete_practice(db, g.slug)


def quiz_item(item: QuizItemData, refs: dict[str, MediaRef]) -> QuizItem:
    """A checked pack quiz item as stored."""
    return QuizItem(id=item.id, kind=item.kind, sender=item.sender, text=item.text,
                    answer=item.answer, explain=item.explain, sources=tuple(item.sources),
                    image=refs[item.image] if item.image else None, retired=item.retired)


def _import_guide(db: sqlite3.Connection, g: GuideData, refs: dict[str, MediaRef]) -> None:
    """The guide and all its steps (files stored already), named as in the pack."""
    def ref(rel: str | None) -> MediaRef | None:
        return refs[rel] if rel else None

    guide_store.save_guide(db, Guide(
        slug=g.slug, category=g.category, position=g.position, published=g.published,
        title=g.title, summary=g.summary, needs=tuple(g.needs), sources=tuple(g.sources),
        icon=ref(g.icon)))
    before = guide_store.get_guide(db, g.slug, published_only=False)
    old_steps = {s.position: s for s in before.steps} if before else {}
    steps = [Step(position=position, title=step.title, body=step.body, tip=step.tip,
                  warning=step.warning, image=ref(step.image), check_note=step.check,
                  sources=tuple(step.sources),
                  audio={lang: ref(rel) for lang, rel in step.audio.items()})
             for position, step in enumerate(g.steps, start=1)]
    # A translation the pack left as it was while its Vietnamese changed is marked for review.
    guide_store.replace_steps(db, g.slug, (
        dataclasses.replace(s, review_langs=translations_to_review(old_steps.get(s.position), s))
        for s in steps))


def _import_practice(db: sqlite3.Connection, p: PracticeData, refs: dict[str, MediaRef]) -> None:
    practice_store.save_practice(db, Practice(p.slug, p.title, tuple(
        PracticeScreen(refs[s.image], s.prompt, s.hint, tuple(s.targets), s.pad, s.check,
                       tuple(s.sources))
        for s in p.screens if s.image)))


def _import_site(db: sqlite3.Connection, s: SiteData, refs: dict[str, MediaRef]) -> None:
    before = site_store.get_link_by_code(db, s.code)
    # A current slug always wins over the same slug remembered as another site's old one.
    site_store.forget_old_slug(db, s.slug)
    clash = site_store.get_slug_owner(db, s.slug)
    if clash and clash != s.code:
        raise PackError([Problem(f"heritage/{s.slug}/site.yaml", None, "code",
                                 f"đường dẫn '{s.slug}' đang thuộc di tích mã {clash}; "
                                 "hãy đổi tên thư mục hoặc dùng đúng mã của di tích đó")])
    values = {"slug": s.slug, "position": s.position, "name": s.name, "summary": s.summary,
              "category": s.category, "story": s.story, "directions": s.directions,
              "year": s.year, "lat": s.lat, "lon": s.lon}
    site_id = site_store.get_site_id(db, s.code)
    if before is None or site_id is None:
        site_id = site_store.add_site(db, s.code, values, retired=s.retired)
    else:
        if before.slug != s.slug:  # the old slug keeps leading here
            site_store.remember_old_slug(db, site_id, before.slug)
        site_store.update_site(db, site_id, values, retired=s.retired)
    site_store.set_demo(db, site_id, s.demo)
    for old in s.old_slugs:
        site_store.remember_old_slug(db, site_id, old)
    site_store.replace_photos(db, site_id, [(refs[rel].hash, refs[rel].name, caption)
                                            for rel, caption in s.photos])
    site_store.replace_audio(db, site_id, {lang: (refs[rel].hash, refs[rel].name)
                                           for lang, rel in s.audio.items()})

