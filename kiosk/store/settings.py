"""The hamlet's settings: defaults, the one rule that checks them, reads and writes.

settings.yaml in a pack, the admin's settings page and a restored backup all meet check_settings;
the internal pack.* keys (the identity of the last imported pack) share the table but are read
apart, by get_pack_info.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from kiosk.codes import check_public_url
from kiosk.problems import N_, Problem, problem
from kiosk.timekeeping.localtime import DEFAULT_TIMEZONE, check_timezone

# What a fresh database answers before anything set them. The names in REQUIRED_SETTINGS are
# required whenever any is set.
REQUIRED_SETTINGS = ("hamlet", "commune", "province")
SETTING_DEFAULTS: dict[str, Any] = {
    "hamlet": "",
    "commune": "",
    "province": "",
    "public_base_url": "",
    "wifi_name": "",
    "wifi_password": "",
    "idle_timeout": 90,
    "voice_region": "bac",
    "speech_rate": 90,
    "households": 0,  # households living in the hamlet (0: not set); reports state coverage
    "timezone": DEFAULT_TIMEZONE,
}
# The kiosk's read-aloud voice when a step has no recording: Northern, Central or Southern.
VOICE_REGIONS = {"bac": N_("Giọng Bắc"), "trung": N_("Giọng Trung"), "nam": N_("Giọng Nam")}
TEXT_FIELDS = (*REQUIRED_SETTINGS, "wifi_name", "wifi_password")
MAX_TEXT = 80
MAX_HOUSEHOLDS = 100_000  # a hamlet has hundreds; more is a typo
FILE = "settings"  # where a settings problem is, for kiosk.problems


def public_base(settings: Mapping[str, Any]) -> str | None:
    """The address phones use to reach this kiosk, without a trailing slash (None if not set)."""
    base = (settings.get("public_base_url") or "").strip().rstrip("/")
    return base or None


def setting_problems(form: Mapping[str, str]
                     ) -> tuple[dict, dict[str, Problem], list[Problem]]:
    """(clean values, the problem of each wrong field, warnings) for settings given as text (a
    form, a backup). The problems keep their msgid, so the settings page can translate them."""
    values: dict = {}
    errors: dict[str, Problem] = {}
    warnings: list[Problem] = []

    def wrong(key: str, message: str, **params: object) -> None:
        errors[key] = problem(FILE, message, key, **params)

    for key in TEXT_FIELDS:
        value = unicodedata.normalize("NFC", form.get(key, "").strip())
        if key in REQUIRED_SETTINGS and not value:
            wrong(key, N_("không được để trống"))
        elif len(value) > MAX_TEXT:
            wrong(key, N_("dài quá %(max)s ký tự"), max=MAX_TEXT)
        values[key] = value
    url = form.get("public_base_url", "").strip().rstrip("/")
    if url and (reason := check_public_url(url)):
        wrong("public_base_url", reason.template, **dict(reason.params))
    elif url and (urlsplit(url).hostname or "") in ("127.0.0.1", "localhost", "::1"):
        warnings.append(problem(FILE, N_(
            "Địa chỉ công khai đang là máy này (127.0.0.1/localhost): điện thoại không mở được."
            " Hãy dùng địa chỉ Wi-Fi mà máy chủ in ra khi khởi động."), "public_base_url",
            level="warning"))
    values["public_base_url"] = url
    try:
        idle = int(form.get("idle_timeout", ""))
        if not 30 <= idle <= 900:
            raise ValueError
        values["idle_timeout"] = idle
    except ValueError:
        wrong("idle_timeout", N_("phải là số giây từ 30 đến 900"))
    # Older forms and backups have no voice fields: missing means the default.
    region = str(form.get("voice_region") or SETTING_DEFAULTS["voice_region"])
    if region in VOICE_REGIONS:
        values["voice_region"] = region
    else:
        wrong("voice_region", N_("chọn giọng Bắc, Trung hoặc Nam"))
    try:
        rate = int(form.get("speech_rate") or SETTING_DEFAULTS["speech_rate"])
        if not 50 <= rate <= 150:
            raise ValueError
        values["speech_rate"] = rate
    except ValueError:
        wrong("speech_rate", N_("phải là số phần trăm từ 50 đến 150"))
    # Older forms and backups have no households field: missing or empty means not set.
    households = str(form.get("households") or "0").strip()
    if households.isdigit() and len(households) <= 6 and int(households) <= MAX_HOUSEHOLDS:
        values["households"] = int(households)
    else:
        wrong("households", N_("phải là số hộ từ 0 đến %(max)s (0: chưa biết)"), max=MAX_HOUSEHOLDS)
    # Older forms, packs and backups have no time zone: missing means the default.
    zone = str(form.get("timezone") or DEFAULT_TIMEZONE).strip()
    values["timezone"] = zone  # kept as typed for the form; errors stop it from being saved
    if reason := check_timezone(zone):
        wrong("timezone", reason.template, **dict(reason.params))
    return values, errors, warnings


def check_settings(form: Mapping[str, str]) -> tuple[dict, dict[str, str], list[str]]:
    """setting_problems() with its messages in Vietnamese (a backup's check)."""
    values, errors, warnings = setting_problems(form)
    return values, {k: p.message for k, p in errors.items()}, [w.message for w in warnings]


def get_settings(db: sqlite3.Connection) -> dict[str, Any]:
    """Site settings with defaults filled in (internal pack.* keys left out)."""
    values = dict(SETTING_DEFAULTS)
    for row in db.execute("SELECT key, value FROM settings WHERE key NOT LIKE 'pack.%'"):
        values[row["key"]] = json.loads(row["value"])
    return values


def get_pack_info(db: sqlite3.Connection) -> dict[str, Any]:
    """The identity of the last imported pack: id, version, title (empty when none was)."""
    rows = db.execute("SELECT key, value FROM settings WHERE key LIKE 'pack.%'").fetchall()
    return {r["key"][5:]: json.loads(r["value"]) for r in rows}


def save_settings(db: sqlite3.Connection, values: Mapping[str, Any]) -> None:
    """Set each key to its value, stored as JSON (inside the caller's transaction)."""
    for key, value in values.items():
        db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key)"
                   " DO UPDATE SET value = excluded.value",
                   (key, json.dumps(value, ensure_ascii=False)))
