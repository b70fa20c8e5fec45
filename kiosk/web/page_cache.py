"""Rendered kiosk pages kept in memory until the content changes.

A kiosk page depends only on the database content, the page language and whether the browser is
the touchscreen; the database's content_version (bumped by triggers on every write, whoever
writes) tells when a kept page is stale. This is what lets a Raspberry Pi answer a festival crowd.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import wraps

from flask import Response, current_app

from kiosk.db import get_db
from kiosk.web.templating import current_lang, is_kiosk

MAX_PAGES = 4000  # ~10 KB each: a bound on memory, far above what a hamlet's content produces

_lock = threading.Lock()


def _pages() -> dict[tuple, tuple[int, str]]:
    # One store per app, so two apps in one process (tests) never share pages.
    return current_app.extensions.setdefault("langso_pages", {})


def content_version() -> int:
    return get_db().execute("SELECT n FROM content_version WHERE id = 1").fetchone()[0]


def cached(view: Callable[..., str]) -> Callable[..., Response]:
    """Serve the view's HTML from memory while the content is unchanged (errors are never kept)."""

    @wraps(view)
    def wrapper(**kwargs):
        version = content_version()
        key = (view.__module__, view.__qualname__, tuple(sorted(kwargs.items())), current_lang(),
               is_kiosk())
        pages = _pages()
        hit = pages.get(key)
        if hit is not None and hit[0] == version:
            return Response(hit[1], mimetype="text/html")
        html = view(**kwargs)
        with _lock:
            if len(pages) >= MAX_PAGES:
                pages.clear()
            pages[key] = (version, html)
        return Response(html, mimetype="text/html")

    return wrapper

