"""Sources and the glossary in the database: migration 0006 on an older database, reads, writes."""

from __future__ import annotations

from kiosk import db
from kiosk.models import GlossaryEntry, Source, Step
from kiosk.store import glossary as glossary_store
from kiosk.store import guides as guide_store
from kiosk.store import sources as source_store


def test_migration_6_upgrades_a_database_holding_guides(tmp_path, monkeypatch):
    real = db.migration_steps()
    monkeypatch.setattr(db, "migration_steps", lambda: [s for s in real if s[0] < 6])
    conn = db.open_database(tmp_path)
    assert db.schema_version(conn) == 5
    conn.execute("INSERT INTO guides (slug, category, title, summary, sources) VALUES"
                 " ('thu', 'vneid', '{\"vi\": \"Thử\"}', '{\"vi\": \"Tóm tắt\"}', '[\"S1\"]')")
    conn.execute("INSERT INTO steps (guide_id, position, title, body, check_note) VALUES"
                 " (1, 1, '{\"vi\": \"Bước\"}', '{\"vi\": \"Làm\"}', 'xem lại')")
    monkeypatch.setattr(db, "migration_steps", lambda: real)
    assert 6 in db.migrate(conn, tmp_path / "backups")
    guide = guide_store.get_guide(conn, "thu")
    assert guide.sources == ("S1",)
    assert [(s.check_note, s.sources) for s in guide.steps] == [({"vi": "xem lại"}, ())]
    assert source_store.list_sources(conn) == []
    assert glossary_store.list_glossary(conn) == []


def test_save_sources_updates_by_id_and_keeps_the_order(tmp_path):
    conn = db.open_database(tmp_path)
    a = Source("A1", "Tiêu đề", "https://a.vn/", "Bộ", "2025", "2026-01-02")
    b = Source("B1", "Khác", "https://b.vn/", "", "", "2025-01-02")
    with db.transaction(conn):
        source_store.save_sources(conn, [b, a])
    with db.transaction(conn):
        source_store.save_sources(conn, [Source("A1", "Mới", "https://a.vn/2", "", "", "2026-02-03")])
    assert [s.id for s in source_store.list_sources(conn)] == ["A1", "B1"]
    assert source_store.get_sources(conn, ["A1", "Z9"]) == {
        "A1": Source("A1", "Mới", "https://a.vn/2", "", "", "2026-02-03")}


def test_saving_a_source_changes_the_content_version(tmp_path):
    conn = db.open_database(tmp_path)

    def version() -> int:
        return conn.execute("SELECT n FROM content_version").fetchone()[0]

    before = version()
    with db.transaction(conn):
        source_store.save_sources(conn, [Source("A1", "T", "https://a.vn/", "", "", "2026-01-02")])
    with db.transaction(conn):
        glossary_store.replace_glossary(conn, [GlossaryEntry("OTP", {"vi": "Mã một lần."})])
    assert version() == before + 2


def test_step_sources_survive_a_save(tmp_path):
    conn = db.open_database(tmp_path)
    conn.execute("INSERT INTO guides (slug, category, title, summary) VALUES"
                 " ('thu', 'vneid', '{\"vi\": \"Thử\"}', '{\"vi\": \"Tóm tắt\"}')")
    with db.transaction(conn):
        guide_store.save_step(conn, "thu", Step(1, {"vi": "B"}, {"vi": "L"}, sources=("A1", "B2")))
    assert guide_store.get_step(conn, "thu", 1).sources == ("A1", "B2")
    row = conn.execute("SELECT sources FROM steps").fetchone()
    assert row[0] == '["A1", "B2"]'
