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
from kiosk.web.templating import KIOSK_COOKIE, current_lang, is_kiosk, kiosk_mark

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
    (`langso import-pack` on the same data) shows within VERSION_SECONDS (the Front answers from
    memory while one request reads it again: under load, at most one request's time more).
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
        request.environ[KEPT] = (version, request.endpoint, request.view_args or {})
        return page.response()

    return wrapper


# --- Before Flask: a repeat GET for a kept page, answered from memory ----------------------------

KEPT = "langso.kept"  # set in the WSGI environ when a kept page answered: (version, endpoint, args)


@dataclass(frozen=True)
class _Answer:
    """A kept page's whole 200 as Flask sent it (security headers and all), for one variant."""

    version: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    endpoint: str | None  # counted in usage, or None
    args: dict
    needs_visit: bool  # guide pages count per visit: only a known visit skips Flask


def _cookie(header: str, name: str) -> str | None:
    """The first value of cookie `name` in a Cookie header, or None (no quoting: our values
    are hex and URL-safe tokens)."""
    key, start = name + "=", 0
    while (i := header.find(key, start)) >= 0:
        if i == 0 or header[i - 1] in "; ":
            end = header.find(";", i)
            return header[i + len(key):end if end >= 0 else None].strip()
        start = i + 1
    return None


class Front:
    """The app's outermost WSGI layer: a GET that Flask answered from a kept page is answered
    the next time from here, with the same status, headers and bytes.

    On a kept page Flask's own work (request context, routing, the cookie and session parsing,
    nine hooks, a Response object) was ~140 µs of ~190 µs in-process. Here a repeat answer costs
    a dictionary lookup: no database read, no settings, no session, no limiter, no cookie parsing
    beyond finding two names, headers built once, and the view queued for the usage counts.

    Only what cannot differ from Flask's answer is answered here: GET without If-None-Match (a
    304 goes through Flask), no session cookie (the team's own browser), a kiosk cookie either
    absent or exactly the mark, the same Host, path, query and gzip choice, while the content
    version Flask last read is still trusted (page_cache.content_version) and unchanged. A guide
    page needs a visit the usage counter knows, since a new visit is given a cookie.
    """

    MAX_ANSWERS = 4 * MAX_PAGES  # plain and gzip, phone and kiosk

    def __init__(self, app, wsgi_app) -> None:
        from kiosk.reporting import usage

        self.app, self.wsgi_app = app, wsgi_app
        self.answers: dict[tuple, _Answer] = {}
        self.recorder = usage.get_recorder(app)
        self.counted = usage.counted
        self.visit_cookie = usage.VISIT_COOKIE
        self.mark = kiosk_mark(app)
        self.session_cookie = app.config["SESSION_COOKIE_NAME"]
        self._rereading = threading.Lock()  # held by the request that re-reads the version

    def _key(self, environ: dict) -> tuple[tuple, str | None] | None:
        """(the answer's key, the visit token), or None when Flask must answer."""
        if environ.get("REQUEST_METHOD") != "GET" or "HTTP_IF_NONE_MATCH" in environ:
            return None
        cookie = environ.get("HTTP_COOKIE", "")
        kiosk, token = False, None
        if cookie:
            if self.session_cookie in cookie:
                return None
            if KIOSK_COOKIE in cookie:
                if _cookie(cookie, KIOSK_COOKIE) != self.mark:
                    return None  # forged, old or oddly written: Flask decides
                kiosk = True
            if self.visit_cookie in cookie and (token := _cookie(cookie, self.visit_cookie)) is None:
                return None
        return (environ.get("HTTP_HOST"), environ.get("PATH_INFO"), environ.get("QUERY_STRING", ""),
                kiosk, http_caching.accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING"))), token

    def __call__(self, environ: dict, start_response):
        found = self._key(environ)
        if found is None:
            return self.wsgi_app(environ, start_response)
        key, token = found
        answer = self.answers.get(key)
        if answer is not None:
            now = time.monotonic()
            state = self.app.extensions.get("langso_version")
            if (state is not None and state[1] == db.write_generation
                    and state[2] == answer.version
                    and (not answer.needs_visit or self.recorder.knows(token))):
                if state[0] > now:
                    return self._answer(answer, now, token, environ, start_response)
                # The trust ran out. Under load every request in flight used to go through Flask
                # at once, each second (the 32-client p99 tail); now the first one re-reads the
                # version and the others answer from memory meanwhile, for at most
                # VERSION_SECONDS more. After an idle while, everyone asks Flask, as at start.
                if now - state[0] <= VERSION_SECONDS:
                    if not self._rereading.acquire(blocking=False):
                        return self._answer(answer, now, token, environ, start_response)
                    try:
                        return self._through_flask(key, environ, start_response)
                    finally:
                        self._rereading.release()
        return self._through_flask(key, environ, start_response)

    def _answer(self, answer: _Answer, now: float, token: str | None, environ: dict,
                start_response):
        if answer.endpoint is not None:
            self.recorder.queue((now, answer.endpoint, answer.args, 200,
                                 environ.get("REMOTE_ADDR") or "", token))
        start_response("200 OK", list(answer.headers))
        return [answer.body]

    def _through_flask(self, key: tuple, environ: dict, start_response):
        sent: list = []

        def keep_status(status, headers, exc_info=None):
            sent[:] = [status, headers]
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, keep_status)
        kept = environ.get(KEPT)
        if kept is None or not sent or sent[0] != "200 OK" or any(
                name.lower() == "set-cookie" for name, _ in sent[1]):
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        version, endpoint, args = kept
        counted, needs_visit = self.counted(endpoint)
        if len(self.answers) >= self.MAX_ANSWERS:
            self.answers.clear()
        self.answers[key] = _Answer(version, tuple(sent[1]), data, endpoint if counted else None,
                                    args, needs_visit)
        return [data]


def init_app(app) -> None:
    """Put the Front before everything else (call last in create_app)."""
    app.wsgi_app = Front(app, app.wsgi_app)
