"""Friendly error pages (errors/<code>.html, falling back to errors/error.html); never a traceback."""

from __future__ import annotations

from flask import Flask, current_app, render_template
from jinja2 import TemplateNotFound
from werkzeug.exceptions import HTTPException, InternalServerError


def _render(code: int):
    try:
        return render_template(f"errors/{code}.html", code=code), code
    except TemplateNotFound:
        return render_template("errors/error.html", code=code), code


def handle_http(exc: HTTPException):
    return _render(exc.code or 500)


def handle_unexpected(exc: Exception):
    # The traceback goes to the log for the team; the resident sees a kind page.
    current_app.logger.exception("unhandled error", exc_info=exc)
    return _render(InternalServerError.code)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)
