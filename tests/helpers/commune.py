"""A commune's signed guide pack, built the way the commune machine builds it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import yaml
from nacl.signing import SigningKey

from kiosk import db
from kiosk.commune import signed_pack
from kiosk.packs.check import load
from kiosk.packs.export import zip_bytes
from kiosk.packs.importer import import_pack
from tests.helpers.packbuilder import SVG, guide_yaml, write_pack

COMMUNE_KEY = SigningKey(b"\x07" * 32)


def commune_pack(tmp_path: Path, title: str = "Học Zalo", key: SigningKey = COMMUNE_KEY,
                 name: str = "update.zip", now: datetime | None = None) -> Path:
    """The commune machine's guides (kich-hoat-vneid and hoc-zalo), signed and zipped."""
    zalo = guide_yaml()
    zalo["title"] = {"vi": title, "en": "Learn Zalo"}
    root = write_pack(tmp_path / f"src-{name}", extra={
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
