"""Rendered kiosk pages kept in memory until the content changes, with their ETag and gzip.

A kiosk page depends only on the database content, the page language (in the URL) and whether
the browser is the touchscreen (the kiosk cookie); the database's content_version (bumped by
triggers on every write, whoever writes, even another process) tells when a kept page is stale.
This is what lets a Raspberry Pi answer a festival crowd.

Each kept page also holds its strong ETag (the hash of its bytes, so it changes exactly when the
content, language or kiosk variant makes different bytes) and its gzipped copy, made once. The
text size is chosen in the browser (sessionStorage), so no page varies on it. A phone that
already has the page gets a 304; `Vary: Cookie, Accept-Encoding` keeps a shared cache from
handing the touchscreen's page to a phone, or gzip to a client that did not ask for it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import Response, current_app, request

from kiosk import db
from kiosk.db import get_db
from kiosk.web import http_caching
from kiosk.web.templating import current_lang, is_kiosk

MAX_PAGES = 4000  # ~10 KB each: a bound on memory, far above what a hamlet's content produces
VARY = "Cookie, Accept-Encoding"

_lock = threading.Lock()


@dataclass(frozen=True)
class Page:
    version: int
    body: bytes
    gz: bytes | None
    etag: str  # quoted, for the plain body; the gzipped body's ends in -gz

    @classmethod
    def make(cls, version: int, html: str) -> Page:
        body = html.encode("utf-8")
        return cls(version, body, http_caching.gzip_bytes(body), f'"{http_caching.digest(body)}"')

    @property
    def gz_etag(self) -> str:
        return self.etag[:-1] + '-gz"'

    def response(self) -> Response:
        """200 with the body (gzipped if accepted), or 304 if the client has this version."""
        environ = request.environ
        use_gz = self.gz is not None and http_caching.accepts_gzip(
            environ.get("HTTP_ACCEPT_ENCODING"))
        etag = self.gz_etag if use_gz else self.etag
        headers = [("Cache-Control", http_caching.REVALIDATE), ("Vary", VARY), ("ETag", etag)]
        seen = http_caching.matches(environ.get("HTTP_IF_NONE_MATCH"), self.etag, self.gz_etag)
        if seen is not None:
            headers[2] = ("ETag", seen)
            return Response(status=304, headers=headers)
        if use_gz:
            headers.append(("Content-Encoding", "gzip"))
            return Response(self.gz, headers=headers, content_type="text/html; charset=utf-8")
        return Response(self.body, headers=headers, content_type="text/html; charset=utf-8")


def _pages() -> dict[tuple, Page]:
    # One store per app, so two apps in one process (tests) never share pages.
    return current_app.extensions.setdefault("langso_pages", {})


# How long a content version read from the database is trusted while this process has not
# written. Reading it per request cost ~45 % of a cached page under 32 clients: every read is a
# WAL read transaction, and concurrent readers contend (and back off) on SQLite's read marks.
VERSION_SECONDS = 1.0


def content_version() -> int:
    """The database's content_version, read at most once a second unless this process wrote.

    Writes here (admin edits, pack import through the server) go through db.transaction, which
    bumps db.write_generation, so they show on the next request; a write by another process
    (`langso import-pack` on the same data) shows within VERSION_SECONDS.
    """
    state = current_app.extensions.get("langso_version")
    now = time.monotonic()
    generation = db.write_generation
    if state is not None and state[0] > now and state[1] == generation:
        return state[2]
    version = get_db().execute("SELECT n FROM content_version WHERE id = 1").fetchone()[0]
    current_app.extensions["langso_version"] = (now + VERSION_SECONDS, generation, version)
    return version


def cached(view: Callable[..., str]) -> Callable[..., Response]:
    """Serve the view's HTML from memory while the content is unchanged.

    Only HTML (a str) is kept: a view may also return a redirect or another response, which
    passes through as it is, and errors are never kept.
    """
    name = (view.__module__, view.__qualname__)

    @wraps(view)
    def wrapper(**kwargs):
        version = content_version()
        key = (name, tuple(sorted(kwargs.items())) if kwargs else (), current_lang(), is_kiosk())
        pages = _pages()
        page = pages.get(key)
        if page is None or page.version != version:
            html = view(**kwargs)
            if not isinstance(html, str):
                return html
            page = Page.make(version, html)
            with _lock:
                if len(pages) >= MAX_PAGES:
                    pages.clear()
                pages[key] = page
        return page.response()

    return wrapper
