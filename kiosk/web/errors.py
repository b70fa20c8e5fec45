"""Friendly error pages (errors/<code>.html, falling back to errors/error.html); never a traceback."""

from __future__ import annotations

import errno
import sqlite3

from flask import Flask, Response, current_app, has_request_context, render_template
from flask_babel import gettext
from jinja2 import TemplateNotFound
from werkzeug.exceptions import HTTPException, InternalServerError

from kiosk.problems import N_

# The last resort when the error page itself cannot be drawn.
PLAIN = N_("Lỗi %(code)s. Hãy quay lại trang đầu.")


def _render(code: int):
    try:
        try:
            return render_template(f"errors/{code}.html", code=code), code
        except TemplateNotFound:
            return render_template("errors/error.html", code=code), code
    except Exception:  # noqa: BLE001 — e.g. a refused Host leaves no URL adapter for links
        # The error page itself failed: a plain answer is still better than a traceback.
        return Response(plain_text(code), code, mimetype="text/plain")


def plain_text(code: int) -> str:
    """The last-resort sentence in the page's language, or in Vietnamese when the catalog cannot
    be read either (it may need the database, which may be what failed)."""
    if has_request_context():
        try:
            return gettext(PLAIN, code=code)
        except Exception:  # noqa: BLE001 — whatever broke the page may break this too
            pass
    return PLAIN % {"code": code}


def handle_http(exc: HTTPException):
    return _render(exc.code or 500)


# A full or read-only disk is not a bug: the person is told plainly, and since every write is a
# transaction or an atomic file replace, nothing half-written was kept.
_STORAGE_ERRNOS = {errno.ENOSPC, errno.EROFS, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EACCES,
                   errno.EPERM}
_STORAGE_SQLITE = ("database or disk is full", "readonly database", "disk i/o error")


def is_storage_error(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.OperationalError):
        return any(text in str(exc).lower() for text in _STORAGE_SQLITE)
    return isinstance(exc, OSError) and exc.errno in _STORAGE_ERRNOS


def handle_unexpected(exc: Exception):
    if is_storage_error(exc):
        current_app.logger.error("storage error: %s", exc)
        return _render(507)
    # The traceback goes to the log for the team; the resident sees a kind page.
    current_app.logger.exception("unhandled error", exc_info=exc)
    return _render(InternalServerError.code)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)
