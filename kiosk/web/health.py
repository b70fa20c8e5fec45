"""bp "health": /healthz for the launcher script, monitoring and `langso doctor`."""

from __future__ import annotations

import sqlite3

from flask import Blueprint, jsonify

from kiosk import __version__, store
from kiosk.db import get_db, schema_version

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 with version, database state and content counts; 503 if the database cannot be read."""
    try:
        db = get_db()
        # Not the number of accounts: anyone on the network can read this page.
        counts = {k: n for k, n in store.counts(db).items() if k != "users"}
        body = {"status": "ok", "version": __version__, "database": "ok",
                "schema": schema_version(db), "counts": counts}
        return jsonify(body)
    except sqlite3.Error as exc:
        return jsonify({"status": "error", "version": __version__, "database": str(exc)}), 503
