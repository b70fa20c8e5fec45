"""Làng Số kiosk: the Flask application factory (no work happens at import time)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from flask import Flask


def _source_version() -> str:
    """pyproject.toml's version for a tree that is not pip-installed: the kiosk installers put
    only the locked packages in the venv and find the app through a .pth file (deploy/)."""
    import tomllib

    try:
        with open(Path(__file__).resolve().parent.parent / "pyproject.toml", "rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, KeyError, ValueError):
        return "0+unknown"


try:  # one version, pyproject.toml's, as installed
    __version__ = metadata.version("langso")
except metadata.PackageNotFoundError:
    __version__ = _source_version()


def create_app(test_config: Mapping[str, Any] | None = None, data_dir: Path | None = None) -> Flask:
    """Build the app: settings from config.load() (a --data flag is passed as `data_dir`).

    Raises:
        config.ConfigError: a setting is unusable (the message names it).
    """
    from kiosk import atomic, config, db
    from kiosk.reporting import usage
    from kiosk.web import errors, security

    settings = config.load(data_dir, os.environ, test_config)
    data_dir = Path(settings["DATA"])

    app = Flask(__name__, static_folder=str(config.STATIC_DIR), static_url_path="/static")
    app.config.update(settings)
    app.config.update(
        SECRET_KEY=_secret_key(data_dir, atomic),
        MAX_CONTENT_LENGTH=settings["MAX_UPLOAD_MB"] * 1024 * 1024,
        MAX_FORM_MEMORY_SIZE=500 * 1024,
        MAX_FORM_PARTS=100,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=settings["SESSION_COOKIE_SECURE"],
        # Flask answers 400 to any other Host header; None (the default) accepts every host.
        # Host names are case-insensitive; werkzeug compares them as given, so lower-case once.
        TRUSTED_HOSTS=settings["TRUSTED_HOSTS"].lower().split() or None,
        JSON_AS_ASCII=False,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.json.ensure_ascii = False
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    # Nothing process-wide here (no atexit, no threads, no clean-up of files): serving.serve()
    # owns the process. The secret key is the one file written, since sessions need it.
    db.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    usage.init_app(app)

    from kiosk import admin, auth
    from kiosk.media import files as media
    from kiosk.web import guides, health, i18n, templating

    templating.init_app(app)
    i18n.init_app(app)
    app.register_blueprint(guides.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(media.bp)
    auth.init_app(app)
    admin.register_views()
    app.register_blueprint(admin.bp)

    from kiosk.media import photos
    from kiosk.web import heritage, shops

    app.register_blueprint(heritage.bp)
    app.register_blueprint(photos.bp)
    app.register_blueprint(shops.bp)
    from kiosk.web import practice

    app.register_blueprint(practice.bp)
    from kiosk.web import page_cache

    page_cache.init_app(app)  # last: its WSGI layer answers kept pages before Flask
    return app


def _secret_key(data_dir: Path, atomic) -> str:
    """The session-signing key: made once per installation, kept 0600 in the data dir."""
    path = data_dir / "secret_key"
    try:
        key = path.read_text(encoding="ascii").strip()
        if len(key) >= 32:
            return key
    except FileNotFoundError:
        pass
    key = secrets.token_hex(32)
    atomic.write_text(path, key + "\n", mode=0o600)
    return key
