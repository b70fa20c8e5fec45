"""CSS, JS and icons under fingerprinted URLs: kept by browsers for a year, gzipped once.

One url_defaults hook adds `?v=<content hash>` to every url_for("static", filename=…), so the
templates need no change and a changed file gets a new URL at once. A request carrying the
current hash is answered `Cache-Control: public, max-age=31536000, immutable`; one without it
(or with an old hash) gets `no-cache` and an ETag, so nothing is kept that could go stale.
Files are read, hashed and (text over 1 KB) gzipped once per version, then served from memory.
"""

from __future__ import annotations

import mimetypes
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, abort, current_app, request
from werkzeug.security import safe_join

from kiosk.web import http_caching

MAX_KEPT_BYTES = 512 * 1024  # larger files are read from disk each time (none ship today)


@dataclass(frozen=True)
class StaticFile:
    stamp: tuple[int, int]  # (mtime_ns, size): a changed file is read again
    version: str  # content hash: the ?v= of its URL and its ETag
    mimetype: str
    body: bytes | None  # None: too large to keep, read from `path`
    gz: bytes | None
    path: str


class StaticFiles:
    """The static folder's files by name, each read and hashed once per version."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._files: dict[str, StaticFile] = {}
        self._lock = threading.Lock()

    def get(self, filename: str) -> StaticFile | None:
        """The file's current version, or None if there is no such file inside the folder."""
        path = safe_join(self.root, filename)
        try:
            stat = os.stat(path) if path else None
        except (OSError, ValueError):  # ValueError: a NUL byte in the name
            stat = None
        if stat is None or not os.path.isfile(path):
            return None
        stamp = (stat.st_mtime_ns, stat.st_size)
        known = self._files.get(filename)
        if known is not None and known.stamp == stamp:
            return known
        with open(path, "rb") as handle:
            data = handle.read()
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        gz = http_caching.gzip_bytes(data) if http_caching.compressible(mimetype) else None
        found = StaticFile(stamp, http_caching.digest(data, 12), mimetype,
                           data if len(data) <= MAX_KEPT_BYTES else None, gz, path)
        with self._lock:
            self._files[filename] = found
        return found


def _files(app: Flask | None = None) -> StaticFiles:
    app = app or current_app
    return app.extensions["langso_static"]


def fingerprint(endpoint: str, values: dict) -> None:
    """url_defaults hook: static URLs carry the file's content hash."""
    if endpoint == "static" and "v" not in values and "filename" in values:
        found = _files().get(values["filename"])
        if found is not None:
            values["v"] = found.version


def serve(filename: str) -> Response:
    """The static view: from memory, gzipped when accepted, immutable when the hash is current."""
    found = _files().get(filename)
    if found is None:
        abort(404)
    use_gz = found.gz is not None and http_caching.accepts_gzip(
        request.headers.get("Accept-Encoding"))
    etag = f'"{found.version}-gz"' if use_gz else f'"{found.version}"'
    headers = {
        "Cache-Control": (http_caching.IMMUTABLE if request.args.get("v") == found.version
                          else http_caching.REVALIDATE),
        "ETag": etag,
    }
    if found.gz is not None:
        headers["Vary"] = "Accept-Encoding"
    if http_caching.matches(request.headers.get("If-None-Match"), etag):
        return Response(status=304, headers=headers)
    if use_gz:
        headers["Content-Encoding"] = "gzip"
        body = found.gz
    else:
        body = found.body if found.body is not None else Path(found.path).read_bytes()
    return Response(body, mimetype=found.mimetype, headers=headers)


FAVICON_CACHE = "public, max-age=2592000"  # 30 days: browsers ask for this fixed URL on every page


def favicon() -> Response:
    """/favicon.ico, which browsers fetch by themselves; pages link the fingerprinted URL."""
    response = serve("favicon.ico")
    response.headers["Cache-Control"] = FAVICON_CACHE
    return response


def init_app(app: Flask) -> None:
    app.extensions["langso_static"] = StaticFiles(app.static_folder)
    app.url_defaults(fingerprint)
    app.view_functions["static"] = serve
    app.add_url_rule("/favicon.ico", "favicon", favicon)
