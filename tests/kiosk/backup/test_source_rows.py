"""A restored database's sources, citations and glossary meet the pack rules (issue 13)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from kiosk import db
from kiosk.backup import rows


@pytest.fixture
def copy(app, data_dir: Path, tmp_path: Path):
    """A copy of the app's database (the test pack imported) to tamper with."""
    target = tmp_path / "copy.sqlite3"
    conn = db.connect(data_dir / db.DB_NAME)
    db.backup(conn, tmp_path / "b", reason="test")
    conn.close()
    (made,) = (tmp_path / "b").glob("*.sqlite3")
    shutil.move(made, target)
    conn = sqlite3.connect(target, isolation_level=None)
    yield conn
    conn.close()


def test_the_imported_pack_passes(copy):
    assert rows.row_problems(copy) == []


@pytest.mark.parametrize(("statement", "expected"), [
    ("UPDATE sources SET url = 'javascript:alert(1)' WHERE id = 'S1'",
     "(id 'S1'): phải là địa chỉ bắt đầu bằng http:// hoặc https://"),
    ("UPDATE sources SET checked = '1/5/2019' WHERE id = 'S2'", "sources.checked"),
    ("UPDATE sources SET published = 'hôm qua' WHERE id = 'S2'", "sources.published"),
    ("UPDATE sources SET id = '<b>' WHERE id = 'S2'", "sources.id"),
    ("UPDATE sources SET title = '' WHERE id = 'S2'", "sources.title"),
    ("UPDATE sources SET publisher = hex(randomblob(100)) WHERE id = 'S2'", "sources.publisher"),
    ("UPDATE steps SET sources = '[\"../x\"]' WHERE position = 1", "steps.sources"),
    ("UPDATE steps SET sources = 'S1' WHERE position = 1", "steps.sources"),
    ("UPDATE guides SET sources = '{\"a\": 1}'", "guides.sources"),
    ("INSERT INTO glossary (term, explanation) VALUES ('', '{\"vi\": \"x\"}')", "glossary.term"),
    ("UPDATE glossary SET explanation = '{\"en\": \"only English\"}'", "glossary.explanation"),
])
def test_bad_rows_are_named(copy, statement, expected):
    copy.execute("PRAGMA foreign_keys = OFF")
    copy.execute(statement)
    problems = [str(p) for p in rows.row_problems(copy)]
    assert any(expected in p for p in problems), problems


def test_a_database_from_before_sources_is_checked_without_them(copy):
    copy.execute("DROP TABLE sources")
    copy.execute("DROP TABLE glossary")
    copy.execute("ALTER TABLE steps DROP COLUMN sources")
    assert rows.row_problems(copy) == []
