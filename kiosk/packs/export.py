"""Write the database back out as a content pack, in the format packs.py reads.

The output is deterministic (same database → same bytes), so export → import → export is identical
and a pack kept in version control (as a sub-folder of the repository) shows only real changes.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from kiosk import atomic
from kiosk.media import files as media
from kiosk.models import Guide, HeritageSite, I18n, MediaRef, Practice, QuizItem
from kiosk.packs.shops_csv import to_csv
from kiosk.store import glossary as glossary_store
from kiosk.store import guides as guide_store
from kiosk.store import languages, ui_catalogs
from kiosk.store import practice as practice_store
from kiosk.store import quiz as quiz_store
from kiosk.store import settings as setting_store
from kiosk.store import shops as shop_store
from kiosk.store import sites as site_store
from kiosk.store import sources as source_store

# What an export writes at the top of its folder; a folder holding anything else is not replaced.
PACK_ENTRIES = frozenset({"pack.yaml", "settings.yaml", "sources.yaml", "glossary.yaml", "guides",
                          "heritage", "shops.csv", "quiz", "ui"})
# A fixed timestamp inside zips, so two exports of the same data are byte-identical.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100,
                          default_flow_style=False)


def _texts(value: I18n, languages: list[str]) -> dict[str, str]:
    return {lang: value[lang] for lang in languages if value.get(lang)}


def pack_files(db: sqlite3.Connection, data_dir: Path) -> dict[str, bytes]:
    """Every file of the exported pack, by pack-relative path."""
    known = languages.list_languages(db)
    langs = [lang.code for lang in known] or ["vi"]
    info = setting_store.get_pack_info(db)
    files: dict[str, bytes] = {}

    def media_file(folder: str, ref: MediaRef) -> str:
        files[f"{folder}/{ref.name}"] = media.read(data_dir, ref.hash, ref.ext)
        return ref.name

    head: dict[str, Any] = {"id": info.get("id") or "langso-export",
                            "version": info.get("version") or 1}
    if info.get("title"):
        head["title"] = _texts(info["title"], langs)
    head["languages"] = {lang.code: lang.name for lang in known} or {
        "vi": "Tiếng Việt"}
    files["pack.yaml"] = _dump(head).encode()

    settings = setting_store.get_settings(db)
    # A pack's settings.yaml must name the hamlet; a database that never had one exports none.
    if all(settings.get(k) for k in setting_store.REQUIRED_SETTINGS):
        files["settings.yaml"] = _dump({k: settings[k] for k in setting_store.SETTING_DEFAULTS
                                        if settings.get(k) not in ("", None)}).encode()
    for lang, text in _texts(settings.get("intro") or {}, langs).items():
        files[f"heritage/intro.{lang}.md"] = text.encode()
    sources = source_store.list_sources(db)
    known = {s.id for s in sources}
    if sources:
        files["sources.yaml"] = _dump({s.id: {"title": s.title, "url": s.url,
                                              "publisher": s.publisher, "published": s.published,
                                              "checked": s.checked} for s in sources}).encode()
    if glossary := glossary_store.list_glossary(db):
        files["glossary.yaml"] = _dump({e.term: _texts(e.explanation, langs)
                                        for e in glossary}).encode()

    for summary in guide_store.list_guides(db, published_only=False):
        guide = guide_store.get_guide(db, summary.slug, published_only=False)
        assert guide is not None
        files[f"guides/{guide.slug}/guide.yaml"] = _dump(
            _guide_yaml(guide, langs, lambda ref, g=guide: media_file(f"guides/{g.slug}", ref),
                        known)
        ).encode()
        if practice := practice_store.get_practice(db, guide.slug):
            files[f"guides/{guide.slug}/practice.yaml"] = _dump(_practice_yaml(
                practice, langs, lambda ref, g=guide: media_file(f"guides/{g.slug}", ref),
                known)).encode()

    if items := quiz_store.list_quiz_items(db, include_retired=True):
        files["quiz/items.yaml"] = _dump([
            _quiz_yaml(item, langs, lambda ref: media_file("quiz", ref), known)
            for item in items]).encode()

    for site in site_store.list_sites(db):
        folder = f"heritage/{site.slug}"
        files[f"{folder}/site.yaml"] = _dump(
            _site_yaml(site, langs, lambda ref, f=folder: media_file(f, ref))).encode()
        for lang, story in _texts(site.story, langs).items():
            files[f"{folder}/story.{lang}.md"] = story.encode()

    for lang, po in ui_catalogs.list_catalogs(db).items():  # as the team wrote them
        files[f"ui/{lang}.po"] = po.encode()

    shops = shop_store.list_shops(db)
    if shops:
        files["shops.csv"] = to_csv(shops).encode()
    return files


def _guide_yaml(guide: Guide, langs: list[str], media_file, known: set[str]) -> dict[str, Any]:
    # Citations stored before the sources table existed name ids it never held; a pack citing
    # them would not import, so only sources the database knows are written.
    def cited(ids: tuple[str, ...]) -> list[str]:
        return [i for i in ids if i in known]

    data: dict[str, Any] = {"category": guide.category, "position": guide.position}
    if guide.icon:
        data["icon"] = media_file(guide.icon)
    if not guide.published:
        data["published"] = False
    data["title"] = _texts(guide.title, langs)
    data["summary"] = _texts(guide.summary, langs)
    if guide.needs:
        data["needs"] = [_texts(n, langs) for n in guide.needs]
    if cited(guide.sources):
        data["sources"] = cited(guide.sources)
    steps = []
    for step in guide.steps:
        item: dict[str, Any] = {"title": _texts(step.title, langs), "text": _texts(step.body, langs)}
        if step.tip:
            item["tip"] = _texts(step.tip, langs)
        if step.warning:
            item["warning"] = _texts(step.warning, langs)
        if step.image:
            item["image"] = media_file(step.image)
        if step.audio:
            item["audio"] = {lang: media_file(step.audio[lang]) for lang in langs
                             if lang in step.audio}
        if cited(step.sources):
            item["sources"] = cited(step.sources)
        if step.check_note:
            item["check"] = dict(step.check_note)
        steps.append(item)
    data["steps"] = steps
    return data


def _rect(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _practice_yaml(practice: Practice, langs: list[str], media_file,
                   known: set[str]) -> dict[str, Any]:
    screens = []
    for screen in practice.screens:
        item: dict[str, Any] = {"image": media_file(screen.image),
                                "prompt": _texts(screen.prompt, langs),
                                "hint": _texts(screen.hint, langs)}
        if screen.pad:
            item["pad"] = {"answer": screen.pad.answer,
                           "feedback": _texts(screen.pad.feedback, langs)}
        else:
            item["targets"] = [{"rect": [_rect(v) for v in t.rect], "right": t.right,
                                "feedback": _texts(t.feedback, langs)} for t in screen.targets]
        if screen.check_note:
            item["check"] = screen.check_note
        if cited := [i for i in screen.sources if i in known]:
            item["sources"] = cited
        screens.append(item)
    return {"title": _texts(practice.title, langs), "screens": screens}


def _quiz_yaml(item: QuizItem, langs: list[str], media_file, known: set[str]) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item.id, "kind": item.kind, "sender": _texts(item.sender, langs),
                            "text": _texts(item.text, langs), "answer": item.answer,
                            "explain": _texts(item.explain, langs),
                            "sources": [i for i in item.sources if i in known]}
    if item.image:
        data["image"] = media_file(item.image)
    if item.retired:
        data["retired"] = True
    return data


def _site_yaml(site: HeritageSite, langs: list[str], media_file) -> dict[str, Any]:
    data: dict[str, Any] = {"code": site.code, "position": site.position,
                            "name": _texts(site.name, langs), "summary": _texts(site.summary, langs)}
    if site.category:
        data["category"] = _texts(site.category, langs)
    if site.year:
        data["year"] = site.year
    if site.lat is not None and site.lon is not None:
        data["location"] = {"lat": site.lat, "lon": site.lon}
    if site.directions:
        data["directions"] = _texts(site.directions, langs)
    if site.photos:
        data["photos"] = []
        for photo in site.photos:
            entry: dict[str, Any] = {"file": media_file(photo.media)}
            if photo.caption:
                entry["caption"] = _texts(photo.caption, langs)
            data["photos"].append(entry)
    if site.audio:
        data["audio"] = {lang: media_file(site.audio[lang]) for lang in langs if lang in site.audio}
    if site.old_slugs:
        data["old_slugs"] = list(site.old_slugs)
    if site.retired:
        data["retired"] = True
    if site.demo:
        data["demo"] = True
    return data


def check_relpath(rel: str) -> None:
    """Refuse an export path built from database names (slugs, codes, file names, languages)
    that would leave the folder it is written to; the pack and site exports both use it.

    Raises:
        ValueError: the path is absolute, climbs with `..`, or holds a backslash, colon or empty
            part.
    """
    if (not isinstance(rel, str) or PurePosixPath(rel).is_absolute() or "\\" in rel
            or ":" in rel or any(part in ("", ".", "..") for part in rel.split("/"))):
        raise ValueError(f"tên {rel!r} lấy từ cơ sở dữ liệu sẽ ghi ra ngoài thư mục xuất; "
                         "chưa xuất gì")


def inside(root: Path, rel: str) -> Path:
    """root/rel, checked again after resolving (a symlink planted in the staging folder).

    Raises:
        ValueError: the resolved path is not inside `root`.
    """
    check_relpath(rel)
    target = (root / rel).resolve()
    if not target.is_relative_to(root.resolve()):
        raise ValueError(f"tên {rel!r} sẽ ghi ra ngoài thư mục xuất; chưa xuất gì")
    return target


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A pack's files as a .zip, byte-identical for the same files (fixed times and modes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for rel in sorted(files):
            entry = zipfile.ZipInfo(rel, _ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, files[rel])
    return buffer.getvalue()


def export_pack(db: sqlite3.Connection, data_dir: Path, out: Path) -> int:
    """Write the pack to `out` (a folder, or a .zip if the name ends so); returns the file count.

    The result appears whole or not at all: built beside `out`, then moved into place.

    Raises:
        ValueError: `out` is a folder holding something other than a pack, or a non-zip file.
    """
    out = Path(out)
    if out.is_dir():
        others = sorted(p.name for p in out.iterdir() if p.name not in PACK_ENTRIES)
        if others or (any(out.iterdir()) and not (out / "pack.yaml").is_file()):
            # Replacing the folder would delete whatever else is in it (.git, notes…).
            raise ValueError(f"{out} đã có dữ liệu khác, không phải gói nội dung "
                             f"({', '.join(others[:3]) or 'không có pack.yaml'}); "
                             "hãy xuất ra thư mục trống hoặc tệp .zip")
    if out.exists() and not out.is_dir() and out.suffix.lower() != ".zip":
        raise ValueError(f"{out} là một tệp; hãy ghi ra thư mục hoặc tệp .zip")
    files = pack_files(db, data_dir)
    for rel in files:
        check_relpath(rel)
    if out.suffix.lower() == ".zip":
        atomic.write_bytes(out, zip_bytes(files))
        return len(files)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=atomic.TEMP_PREFIX, dir=out.parent))
    try:
        for rel, data in files.items():
            target = inside(staging, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        atomic.replace_dir(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(files)
