"""Stored in UTC, shown in the hamlet's time: the `timezone` setting and every conversion.

The database, backup manifests and logs keep UTC; what a person reads (the admin, reports,
backup names, CSV downloads) is local time with its offset. Every function takes the zone and,
where it matters, the moment (`now`), so tests pin the clock instead of waiting for it.
Windows has no system time-zone database: the `tzdata` package supplies it (pyproject.toml).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.problems import N_
from qr.messages import Message

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
MAX_NAME = 64  # the longest IANA name is 32 characters
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+){0,2}")


def check_timezone(name: str) -> Message | None:
    """Why `name` is not a time zone this machine knows (one phrase: str() is the Vietnamese, a
    page translates it), or None."""
    if len(name) > MAX_NAME or not _NAME.fullmatch(name):
        return Message(N_("phải là tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh"))
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return Message(N_("không có múi giờ %(name)s (ví dụ đúng: Asia/Ho_Chi_Minh)"),
                       name=repr(name))
    return None


@lru_cache(maxsize=16)
def _zone(name: str) -> tzinfo:
    return ZoneInfo(name)


# Vietnam's offset, for a machine with no time-zone database at all (Windows without tzdata):
# the country has kept UTC+7 all year since 1975.
VIETNAM = timezone(timedelta(hours=7), "ICT")


def zone_of(settings: Mapping[str, Any]) -> tzinfo:
    """The zone of the hamlet's `timezone` setting (the default if unset or unknown here)."""
    for name in (str(settings.get("timezone") or DEFAULT_TIMEZONE), DEFAULT_TIMEZONE):
        if check_timezone(name) is None:
            return _zone(name)
    return VIETNAM


def utc_now() -> datetime:
    return datetime.now(UTC)


def parse_utc(value: datetime | str) -> datetime:
    """An aware datetime from a stored UTC value: "2026-11-30T17:15:00Z", "2026-11-30 17:15:00"
    (SQLite's CURRENT_TIMESTAMP) or a datetime (naive means UTC).

    Raises:
        ValueError: the text is not a date and time.
    """
    if isinstance(value, str):
        value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def to_local(value: datetime | str, zone: tzinfo) -> datetime:
    """A stored UTC moment as the hamlet's wall-clock time (aware, with its offset)."""
    return parse_utc(value).astimezone(zone)


def local_now(zone: tzinfo, now: datetime | None = None) -> datetime:
    """The hamlet's wall-clock time now (or at `now`, an aware moment)."""
    return to_local(now or utc_now(), zone)


def local_today(zone: tzinfo, now: datetime | None = None) -> date:
    """The hamlet's calendar day now: 23:30 UTC is already tomorrow in Hà Nội."""
    return local_now(zone, now).date()


def offset(moment: datetime, colon: bool = True) -> str:
    """"+07:00" (or "+0700" with colon=False) for an aware moment."""
    text = moment.strftime("%z")
    return f"{text[:3]}:{text[3:]}" if colon else text


def format_local(value: datetime | str, zone: tzinfo) -> str:
    """"2026-12-01 06:30 (+07:00)": what the admin shows for a stored moment."""
    try:
        moment = to_local(value, zone)
    except ValueError:
        return str(value)  # an odd stored value is shown as it is rather than hidden
    return f"{moment:%Y-%m-%d %H:%M} ({offset(moment)})"


def iso_local(value: datetime | str, zone: tzinfo) -> str:
    """ISO 8601 with the offset, to the second, for CSV files: "2026-12-01T06:30:00+07:00"."""
    return to_local(value, zone).isoformat(timespec="seconds")


def file_stamp(moment: datetime, zone: tzinfo) -> str:
    """"2026-11-30-1715+0700": local time in a file name, sortable within one zone."""
    local = to_local(moment, zone)
    return f"{local:%Y-%m-%d-%H%M}{offset(local, colon=False)}"


def parse_file_stamp(text: str) -> datetime:
    """The aware moment a file_stamp() names.

    Raises:
        ValueError: `text` is not a file stamp.
    """
    return datetime.strptime(text, "%Y-%m-%d-%H%M%z")
