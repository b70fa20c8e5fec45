"""The one rule for accent-insensitive matching: "bun pho" finds "Bún phở", "d" finds "đ".

The admin's search boxes fold both the stored text (shops keep a folded column; guides and sites
are folded in SQL through the `langso_fold` function every connection registers) and the query.
"""

from __future__ import annotations

from qr.vietqr import holder_name

MAX_QUERY = 100  # characters of a search box kept; longer input is cut before any work
MAX_TERMS = 8


def fold(text: str | None) -> str:
    """Lower case, no diacritics (NFD, marks dropped, đ→d), single spaces; NFC or NFD alike.

    The transliteration is the one bank apps' holder names follow (qr.vietqr.holder_name), cased
    down: one rule for both.
    """
    if not text:
        return ""
    return holder_name(str(text)).casefold()


def terms(query: str) -> list[str]:
    """The folded words of a search box, each of which a match must contain (capped first)."""
    return fold(query[:MAX_QUERY]).split()[:MAX_TERMS]
