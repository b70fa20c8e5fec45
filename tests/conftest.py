"""Shared fixtures: an app on a fresh data directory with a small test pack imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import create_app, db
from kiosk.auth import limiter
from kiosk.packs.check import load
from kiosk.packs.importer import import_pack
from kiosk.reporting import usage
from tests.helpers.packbuilder import write_pack


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "pack")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def app(data_dir: Path, pack_dir: Path):
    """The app on the test pack; its usage recorder is closed (counts saved) at teardown."""
    app = create_app({"DATA": str(data_dir), "TESTING": True})
    limiter.reset()  # the login rate limit counts per process; each test starts afresh
    conn = db.connect(data_dir / db.DB_NAME)
    import_pack(conn, data_dir, load(pack_dir))
    conn.close()
    yield app
    usage.get_recorder(app).close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def kiosk_client(client):
    """A client that has seen the attract screen, as the touchscreen browser has."""
    client.get("/attract")
    return client


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium under Playwright, one per test module (see tests/helpers/browser.py)."""
    from playwright.sync_api import sync_playwright

    from tests.helpers.browser import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def shipped_server(tmp_path_factory):
    """The real server (run_kiosk.py) on a fresh data directory, one per test module: it imports
    the shipped content itself."""
    from bench.server import start

    server = start(tmp_path_factory.mktemp("shipped") / "data")
    yield server
    server.stop()


@pytest.fixture
def admin(app, client):
    """A client logged in with the admin role (settings, accounts, backups)."""
    from tests.helpers.admin import ADMIN, login, make_accounts

    make_accounts(app)
    login(client, ADMIN)
    return client


@pytest.fixture
def member(app, client):
    """A client logged in as a team member (members edit content and print)."""
    from tests.helpers.admin import MEMBER, login, make_accounts

    make_accounts(app)
    login(client, MEMBER)
    return client


@pytest.fixture
def english(member):
    """The team member's client, the account reading the admin in English."""
    from tests.helpers.admin import choose_admin_language

    choose_admin_language(member, "en")
    return member
