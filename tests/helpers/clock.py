"""A fake clock for tests of time passing and of clock jumps (issue 19)."""

from __future__ import annotations

import time


class FakeClock:
    """Shifts time.time() (the wall clock) and time.monotonic() by offsets the test sets."""

    def __init__(self, monkeypatch) -> None:
        self.wall = 0.0
        self.mono = 0.0
        real_time, real_mono = time.time, time.monotonic
        monkeypatch.setattr(time, "time", lambda: real_time() + self.wall)
        monkeypatch.setattr(time, "monotonic", lambda: real_mono() + self.mono)

    def sleep(self, seconds: float) -> None:
        """Time passes: both clocks move on together."""
        self.wall += seconds
        self.mono += seconds
