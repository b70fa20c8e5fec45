"""Sound files for tests, written by the standard library."""

from __future__ import annotations

import io
import math
import struct
import wave


def wav(seconds: float, rate: int = 8000) -> bytes:
    """A mono 16-bit tone written by the standard library's wave module."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        frames = int(seconds * rate)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 5)))
                               for i in range(frames)))
    return out.getvalue()
