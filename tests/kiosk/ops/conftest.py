"""Fixtures for the ops tests (`langso doctor`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import db


@pytest.fixture
def migrated(tmp_path: Path) -> Path:
    """A data directory with a freshly migrated database."""
    data = tmp_path / "data"
    data.mkdir()
    db.open_database(data).close()
    return data
