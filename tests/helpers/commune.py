"""Commune exchange test data: hamlet bundles made by hand, the commune's signed guide pack
built the way the commune machine builds it, and a zip rewriter for tampering."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import yaml
from nacl.signing import SigningKey

from kiosk import db
from kiosk.commune import bundle, identity, signed_pack
from kiosk.packs.check import load
from kiosk.packs.export import zip_bytes
from kiosk.packs.importer import import_pack
from kiosk.reporting.activity import SKILLS
from tests.helpers.packbuilder import SVG, guide_yaml, write_pack

COMMUNE_KEY = SigningKey(b"\x07" * 32)


def commune_pack(tmp_path: Path, title: str = "Học Zalo", key: SigningKey = COMMUNE_KEY,
                 name: str = "update.zip", now: datetime | None = None,
                 sources: dict | None = None) -> Path:
    """The commune machine's guides (kich-hoat-vneid and hoc-zalo), signed and zipped."""
    zalo = guide_yaml()
    zalo["title"] = {"vi": title, "en": "Learn Zalo"}
    root = write_pack(tmp_path / f"src-{name}", sources=sources, extra={
        "guides/hoc-zalo/guide.yaml": yaml.safe_dump(zalo, allow_unicode=True).encode(),
        "guides/hoc-zalo/step.svg": SVG})
    folder = tmp_path / f"commune-{name}"
    folder.mkdir()
    conn = db.open_database(folder)
    import_pack(conn, folder, load(root))
    files = signed_pack.sign_files(signed_pack.guide_files(conn, folder), key, "Xã Hòa Bình",
                                   now)
    conn.close()
    out = tmp_path / name
    out.write_bytes(zip_bytes(files))
    return out


def payload(key: SigningKey, name: str, month: str, guided: int, created: str,
            households: int | None = 100) -> dict:
    """A hamlet's payload made by hand (the hamlet side builds it from its database)."""
    skills = {k: {"entries": 0, "people": 0, "households": 0} for k, _ in SKILLS}
    skills["vneid"] = {"entries": 2, "people": guided + 1, "households": guided}
    return {"format": bundle.FORMAT, "format_version": bundle.FORMAT_VERSION,
            "hamlet": {"name": name, "commune": "Xã Hòa Bình", "province": "Tỉnh Mẫu",
                       "public_key": identity.public_key_text(key.verify_key)},
            "month": month, "created_at": created, "app_version": "0.1.0",
            "households": households, "skills": skills,
            "usage": {"kiosk_sessions": 7, "guide_opens": 5, "guide_completions": 2,
                      "heritage_scans": 1, "shop_views": 0},
            "shops_with_qr": 3, "practice": {"started": 1, "finished": 1},
            "quiz": {"answers": 8, "right": 6}}


def signed(key, *args, **kwargs) -> bytes:
    return bundle.sign_bundle(payload(key, *args, **kwargs), key)


def fp(key: SigningKey) -> str:
    return identity.fingerprint(key.verify_key)


def rewrite_zip(path: Path, change) -> Path:
    with zipfile.ZipFile(path) as src:
        files = {i.filename: src.read(i) for i in src.infolist()}
    change(files)
    out = path.with_name("changed-" + path.name)
    out.write_bytes(zip_bytes(files))
    return out
