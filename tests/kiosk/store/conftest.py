"""A connection to the test app's database, with the test pack imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import db


@pytest.fixture
def conn(app, data_dir: Path):
    connection = db.connect(data_dir / db.DB_NAME)
    yield connection
    connection.close()
