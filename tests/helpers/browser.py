"""Headless Debian Chromium driven by Playwright (never a downloaded browser), and live servers."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync", "--disable-quic",
    # Without these Chromium phones home at start, which a closed network refuses.
    "--disable-background-networking", "--disable-component-update",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    message = "Debian's chromium is not installed (apt-get install chromium)"
    if os.environ.get("LANGSO_REQUIRE_BROWSER") or os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def serve_in_thread(app) -> Iterator[str]:
    """The app behind a real waitress server on a free loopback port."""
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=4, ident="langso-test",
                           asyncore_use_poll=True)  # select() fails past 1 024 open files
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=5)


@contextmanager
def phone_page(app, width: int = 390, height: int = 844, **context_options):
    """A touch page of the given size on the app behind a live server; `page.base` is its URL.
    `context_options` go to Playwright's new_context (is_mobile=True, …)."""
    from playwright.sync_api import sync_playwright

    with serve_in_thread(app) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True,
                                      accept_downloads=True, **context_options)
        page = context.new_page()
        page.base = url
        try:
            yield page
        finally:
            browser.close()


def log_in(page, path: str, account: tuple[str, str]) -> None:
    """Open an admin page, log in on the form it redirects to, and wait to be back on it."""
    page.goto(f"{page.base}{path}")
    page.fill("#name", account[0])
    page.fill("#password", account[1])
    page.get_by_role("button", name="Đăng nhập").tap()
    page.wait_for_url(f"{page.base}{path}")

