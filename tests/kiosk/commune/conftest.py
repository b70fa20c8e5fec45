"""A fresh, migrated database for the commune tests (the commune machine's or a hamlet's)."""

from __future__ import annotations

import pytest

from kiosk import db


@pytest.fixture
def conn(tmp_path):
    conn = db.open_database(tmp_path)
    yield conn
    conn.close()
