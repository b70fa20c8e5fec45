"""The HTTP caching rules shared by pages, static files and the static export: ETags, gzip.

Phones on the cultural house's weak Wi-Fi should download a page or a stylesheet once: static
files carry their content hash in the URL and are kept for a year; pages carry a strong ETag
and are answered 304 when the phone already has them. Text over 1 KB goes out gzipped when the
client says it accepts gzip, compressed once per version rather than on every request.
"""

from __future__ import annotations

import gzip
import hashlib
from functools import lru_cache

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"  # may be kept, but asked about (ETag) before each use
MIN_GZIP_BYTES = 1024  # below this the gzip header and a round trip's worth of bytes cost more
COMPRESSIBLE = frozenset({"text/html", "text/css", "text/javascript", "application/javascript",
                          "image/svg+xml", "application/json", "text/plain"})


def digest(data: bytes, length: int = 20) -> str:
    """The content hash that names a version of some bytes (hex, `length` characters)."""
    return hashlib.sha256(data).hexdigest()[:length]


def compressible(mimetype: str | None) -> bool:
    return (mimetype or "").split(";", 1)[0].strip().lower() in COMPRESSIBLE


def gzip_bytes(data: bytes) -> bytes | None:
    """`data` gzipped, deterministically (no timestamp), or None when it is not worth it."""
    if len(data) <= MIN_GZIP_BYTES:
        return None
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    return packed if len(packed) < len(data) else None


@lru_cache(maxsize=64)
def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip (`gzip`, `x-gzip` or `*`, not with q=0)."""
    allowed = None
    for item in (accept_encoding or "").split(","):
        name, _, params = item.partition(";")
        name = name.strip().lower()
        if name not in ("gzip", "x-gzip", "*"):
            continue
        q = params.strip().lower()
        ok = not (q.startswith("q=") and q[2:].strip().rstrip("0").rstrip(".") in ("", "0"))
        if name == "*":
            allowed = ok if allowed is None else allowed
        else:
            return ok
    return bool(allowed)


def matches(if_none_match: str | None, *etags: str) -> str | None:
    """The first of `etags` (quoted) that If-None-Match names, or None; `*` matches any.

    If-None-Match uses the weak comparison (RFC 9110 13.1.2), so a W/ prefix is ignored.
    """
    if not if_none_match:
        return None
    sent = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    if "*" in sent:
        return etags[0] if etags else None
    return next((tag for tag in etags if tag in sent), None)
