"""A wall clock that may jump: a Pi without a clock battery boots at the last saved time (hours
behind) and jumps forward when it meets the network or a team member sets it. Elapsed times
that must survive that (session idle and absolute limits) use the monotonic clock while it is
the same boot; a day counter never goes back; rate-limit windows are reset on a jump."""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

# A jump is a change of this much between the wall clock and the monotonic clock; NTP slews
# smaller differences slowly, which is not a jump.
JUMP_SECONDS = 120.0
# A phone this far ahead of the server means the server's clock is behind (Break 1).
PHONE_AHEAD_SECONDS = 600.0
# Times outside these years are no clock at all (a phone set to 1970, a typo).
EARLIEST = 1735689600.0  # 2025-01-01T00:00:00Z
LATEST = 4102444800.0  # 2100-01-01T00:00:00Z


def _boot_id() -> str:
    """Names this boot's monotonic clock: Linux's boot id (the same for every process since
    boot, so a restarted server still trusts a session's monotonic stamps), else this process."""
    try:
        raw = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        raw = uuid.uuid4().hex
    return hashlib.sha256(raw.encode()).hexdigest()[:12]


BOOT = _boot_id()


def anchor(wall: float) -> list:
    """What to keep beside a wall-clock stamp so age() can measure it on the monotonic clock."""
    return [wall, time.monotonic(), BOOT]


def age(wall: float, anchored: object = None) -> float | None:
    """Seconds since `wall` (a time.time() stamp), or None when the wall clock now says it is
    earlier than the stamp (the clock moved back: the caller stamps again).

    While it is the same boot and `anchored` is anchor(wall), the monotonic clock measures it,
    so a jump of the wall clock in between neither ends nor prolongs anything.
    """
    if (isinstance(anchored, list) and len(anchored) == 3 and anchored[0] == wall
            and anchored[2] == BOOT and isinstance(anchored[1], (int, float))):
        return max(0.0, time.monotonic() - anchored[1])
    elapsed = time.time() - wall
    return None if elapsed < 0 else elapsed


class JumpWatch:
    """Tells whether the wall clock jumped since the last look (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset = time.time() - time.monotonic()

    def jumped(self) -> bool:
        offset = time.time() - time.monotonic()
        with self._lock:
            moved = abs(offset - self._offset) > JUMP_SECONDS
            self._offset = offset
        return moved


class DayCounter:
    """Today's date for counters, never earlier than a day already counted in this process: a
    clock that moved back keeps counting into the newest day instead of reopening an old one."""

    def __init__(self, source: Callable[[], date] | None = None) -> None:
        self._newest = ""
        self._source = source  # the calendar day now; usage passes the hamlet's (kiosk.timekeeping.localtime)

    def today(self) -> str:
        day = (self._source() if self._source else date.today()).isoformat()
        if day < self._newest:
            return self._newest
        self._newest = day
        return day


def phone_ahead(phone_ms: object, now: float | None = None) -> float | None:
    """How many seconds a phone's Date.now() (milliseconds) is ahead of this server, or None if
    it is no plausible time (not a whole number, before 2025 or after 2099)."""
    if isinstance(phone_ms, str):
        if not phone_ms.isascii() or not phone_ms.isdigit() or len(phone_ms) > 15:
            return None
        phone_ms = int(phone_ms)
    if not isinstance(phone_ms, int) or isinstance(phone_ms, bool):
        return None
    phone = phone_ms / 1000
    if not EARLIEST <= phone < LATEST:
        return None
    return phone - (time.time() if now is None else now)
