"""bp "health": /healthz for the launcher script, monitoring and `langso doctor`."""

from __future__ import annotations

import sqlite3

from flask import Blueprint, jsonify

from . import __version__, content
from .db import get_db, schema_version

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 with version, database state and counts; 503 if the database cannot be read."""
    try:
        db = get_db()
        body = {"status": "ok", "version": __version__, "database": "ok",
                "schema": schema_version(db), "counts": content.counts(db)}
        return jsonify(body)
    except sqlite3.Error as exc:
        return jsonify({"status": "error", "version": __version__, "database": str(exc)}), 503
