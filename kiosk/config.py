"""Every setting the server reads, with its default and help, in one table.

Layering (later wins), done once in load(): defaults → the data directory's `settings.json` →
`LANGSO_<NAME>` environment variables → overrides (a test mapping given to create_app()). The
README settings table is tested against SETTINGS, so a setting that is not here does not exist.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """A setting has a value the server cannot use; the message says which and why."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError("must be a positive whole number")
    return value


def _bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("must be true or false")


SETTINGS: tuple[Setting, ...] = (
    Setting("DATA", "./data", "Data directory: database, media, secret key, backups."),
    Setting("FONT_REGULAR", "", "Path of a TrueType font with Vietnamese coverage for PDFs "
            "(empty: find DejaVu Sans / Noto Sans / Arial)."),
    Setting("FONT_BOLD", "", "Path of the bold variant of FONT_REGULAR."),
    Setting("MAX_UPLOAD_MB", 20, "Largest request body accepted, in MB (photos, audio, packs).",
            _positive_int),
    Setting("SESSION_COOKIE_SECURE", False, "Send the admin cookie over HTTPS only; turn on when "
            "the kiosk is published behind HTTPS.", _bool),
    Setting("ADMIN_IDLE_MINUTES", 15, "Minutes without a click before a team member is logged out "
            "of the admin (at most 8 hours after login in any case).", _positive_int),
    Setting("ADMIN_NETWORKS", "127.0.0.0/8 ::1/128 10.0.0.0/8 172.16.0.0/12 192.168.0.0/16 "
            "fc00::/7", "Addresses allowed to open the admin, separated by spaces (default: this "
            "machine and private LANs; empty: anywhere)."),
    Setting("TRUSTED_HOSTS", "", "Host names the server answers to, separated by spaces (empty: "
            "any). Set it when the pages are published on the Internet, e.g. thon.example.vn."),
    Setting("IMPORT_DEMO", True, "Import the shipped content/ pack on first start with an empty "
            "data directory.", _bool),
    Setting("CONNECTIONS_PER_ADDRESS", 20, "Connections one address may hold at once (a phone "
            "needs a few; raise it when a reverse proxy makes every visitor one address).",
            _positive_int),
    Setting("COMMUNE_MODE", False, "This machine is the commune's: the admin gets the \"Xã\" "
            "section that gathers the hamlets' signed monthly files (`langso commune init`).",
            _bool),
)

SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}


def defaults() -> dict[str, Any]:
    """The default value of every setting."""
    return {s.name: s.default for s in SETTINGS}


def from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    """Settings given as LANGSO_<NAME> environment variables, parsed.

    Raises:
        ConfigError: a variable's value does not parse.
    """
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = environ.get(f"LANGSO_{setting.name}")
        if raw is None:
            continue
        values[setting.name] = _parse(setting, raw, f"LANGSO_{setting.name}")
    return values


def from_file(path: Path) -> dict[str, Any]:
    """Settings saved in the data directory's settings.json (absent file: none).

    Raises:
        ConfigError: the file is not a JSON object of known settings.
    """
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: không đọc được ({exc})") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: phải là một đối tượng JSON")
    values: dict[str, Any] = {}
    for name, value in raw.items():
        setting = SETTINGS_BY_NAME.get(name)
        if setting is None:
            raise ConfigError(f"{path}: không có thiết lập tên {name!r}")
        values[name] = _parse(setting, str(value), f"{path}: {name}")
    return values


def load(data_dir: Path | None, environ: Mapping[str, str],
         overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Every setting, layered: defaults → data_dir/settings.json → LANGSO_* → overrides.

    The data directory is the first given of overrides["DATA"], `data_dir` (a --data flag),
    LANGSO_DATA and the default; DATA comes back as an absolute path. Nothing is created on disk.

    Raises:
        ConfigError: settings.json or a LANGSO_* variable is unusable (the message names it).
    """
    overrides = overrides or {}
    settings = defaults()
    env = from_env(environ)
    chosen = data_dir_of(data_dir, environ, overrides)
    settings.update(from_file(chosen / "settings.json"))
    settings.update(env)
    settings.update(overrides)
    settings["DATA"] = str(chosen.resolve())
    return settings


def data_dir_of(data_dir: Path | None, environ: Mapping[str, str],
                overrides: Mapping[str, Any] | None = None) -> Path:
    """The data directory load() reads: overrides["DATA"], `data_dir`, LANGSO_DATA, the default.

    Apart from load() so the server can check the directory before reading anything in it.
    """
    chosen = (overrides or {}).get("DATA") or data_dir or environ.get("LANGSO_DATA")
    return Path(chosen or SETTINGS_BY_NAME["DATA"].default)


def _parse(setting: Setting, raw: str, where: str) -> Any:
    try:
        return setting.parse(raw)
    except ValueError as exc:
        raise ConfigError(f"{where}={raw!r}: {exc}") from exc


PROJECT_ROOT = Path(__file__).resolve().parent.parent
# An installed wheel carries static/ and content/ as kiosk/_shipped/ (see setup.py); a checkout
# (or an editable install) has them at its top. The wheel's copy wins where both could exist.
SHIPPED_DIR = Path(__file__).resolve().parent / "_shipped"


def _shipped(name: str) -> Path:
    installed = SHIPPED_DIR / name
    return installed if installed.is_dir() else PROJECT_ROOT / name


STATIC_DIR = _shipped("static")
DEFAULT_PACK_DIR = _shipped("content")
