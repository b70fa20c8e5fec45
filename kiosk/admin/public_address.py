"""Admin: the warning about the public address printed in every QR code, and its one-step fix.

The rule is ops.checks.check_public_url, the one start-up and `langso doctor` use. A page draws
the warning from what is known at once (the address, this machine's addresses, the last answer
of /healthz); whether the address answers is asked by public_address.js through
/admin/public-address.json, at most once a minute per address and for at most a second, so no
page waits on the network.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from flask import flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kiosk import printing, users
from kiosk.admin import bp
from kiosk.admin.forms import require_csrf
from kiosk.db import get_db, transaction
from kiosk.ops import checks
from kiosk.ops.doctor import fetch_healthz
from kiosk.store import settings as setting_store
from kiosk.store import shops as shop_store
from kiosk.store import sites as site_store
from kiosk.web.i18n import problem_text

TTL = 60.0  # seconds an answer (and this machine's address list) is reused
TIMEOUT = 1.0  # seconds the server waits for its own /healthz at the public address


class _Remembered:
    """Values by key, each computed at most once per TTL (thread-safe; the work runs unlocked)."""

    def __init__(self) -> None:
        self._values: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: str, compute: Callable[[], Any] | None = None) -> Any:
        """The remembered value, or compute() it now (None when there is none and no compute)."""
        with self._lock:
            found = self._values.get(key)
        if found is not None and time.monotonic() - found[0] < TTL:
            return found[1]
        if compute is None:
            return None
        value = compute()
        with self._lock:
            self._values[key] = (time.monotonic(), value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


REMEMBERED = _Remembered()


def _own_addresses() -> list[str]:
    return REMEMBERED.get("own", checks.lan_addresses)


def _fetch_once_a_minute(url: str) -> bool:
    return REMEMBERED.get(f"answer {url}", lambda: fetch_healthz(url, timeout=TIMEOUT))


def _fetch_remembered(url: str) -> bool:
    """The last answer, or True (not asked yet: the page's script asks)."""
    answer = REMEMBERED.get(f"answer {url}")
    return True if answer is None else answer


def sample_link(settings: dict[str, Any]) -> str | None:
    """What a phone opens after scanning: a current site's poster link, else a shop's page."""
    base = setting_store.public_base(settings)
    if not base:
        return None
    db = get_db()
    sites = site_store.list_sites(db, include_retired=False)
    if sites:
        return printing.site_link(sites[0], settings)
    shops = shop_store.list_shops(db)
    return f"{base}/s/{shops[0].code}" if shops else f"{base}/"


def status(ask: bool = False) -> dict[str, Any]:
    """The check, the sample link and the addresses to offer, for the warning block.

    `ask`: fetch /healthz now if its last answer is over a minute old (the JSON endpoint only).
    """
    settings = setting_store.get_settings(get_db())
    base = setting_store.public_base(settings)
    # Heritage posters hang outdoors, where phones are on 4G rather than the hall's Wi-Fi.
    outdoor = bool(site_store.list_sites(get_db(), include_retired=False))
    own = _own_addresses()
    check = checks.check_public_url(base, own, _fetch_once_a_minute if ask else _fetch_remembered,
                                    outdoor=outdoor)
    host, _colon, port = request.host.rpartition(":")
    port = f":{port}" if host and port.isdigit() and port != "80" else ""
    suggestions = [f"http://{a}{port}" for a in own]
    return {"check": check, "base": base or "", "sample": sample_link(settings),
            "suggestions": [s for s in suggestions if s != base]}


@bp.app_template_global("public_address_status")
def public_address_status() -> dict[str, Any]:
    """status() for the include admin/_public_address.html (no network)."""
    return status()


@bp.get("/public-address.json")
def public_address_json():
    found = status(ask=True)
    check = found["check"]
    return jsonify({"level": check.level, "label": _(checks.LABELS[check.level]),
                    "message": problem_text(check.message), "fix": problem_text(check.fix),
                    "sample": found["sample"]})


def _back() -> str:
    """Where the form was: an admin page of this site only (never an outside address)."""
    target = request.form.get("next", "")
    return target if target.startswith("/admin") and "//" not in target \
        else url_for("admin.dashboard")


@bp.post("/public-address")
def save_public_address():
    """Admin only (ADMIN_ONLY): set the public address with the settings page's own rule."""
    require_csrf()
    db = get_db()
    url = (request.form.get("use") or request.form.get("public_base_url") or "").strip()
    form = {k: str(v) for k, v in setting_store.get_settings(db).items()}
    values, errors, warnings = setting_store.setting_problems({**form, "public_base_url": url})
    if not url or "public_base_url" in errors:
        wrong = errors.get("public_base_url")
        reason = problem_text(wrong) if wrong else _("hãy nhập một địa chỉ")
        flash(_("Chưa lưu địa chỉ công khai “%(url)s”: %(reason)s.", url=url, reason=reason),
              "error")
        return redirect(_back())
    with transaction(db):
        setting_store.save_settings(db, {"public_base_url": values["public_base_url"]})
        users.record(db, current_user.name, "sửa thiết lập", "",
                     f"public_base_url={values['public_base_url']}")
    for warning in warnings:
        flash(problem_text(warning), "error")
    flash(_("Đã lưu địa chỉ công khai %(url)s.", url=values["public_base_url"]), "info")
    return redirect(_back())
