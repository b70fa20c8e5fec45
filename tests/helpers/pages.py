"""Apps built on a variant of the test pack, and the page text of their responses."""

from __future__ import annotations

from pathlib import Path

from kiosk import create_app, db
from kiosk.packs.check import load
from kiosk.packs.importer import import_pack
from tests.helpers.packbuilder import write_pack


def html(response) -> str:
    return response.get_data(as_text=True)


def app_with(tmp_path: Path, **pack_changes):
    """An app whose pack differs from the standard test pack as given (see write_pack)."""
    pack = write_pack(tmp_path / "pack", **pack_changes)
    data = tmp_path / "data"
    app = create_app({"DATA": str(data), "TESTING": True})
    conn = db.connect(data / db.DB_NAME)
    import_pack(conn, data, load(pack))
    conn.close()
    return app
