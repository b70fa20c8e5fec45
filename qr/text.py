"""Vietnamese written the way banks' systems take it: without diacritics (one rule for holder
names, transfer messages, and the kiosk's search folding and short codes)."""

from __future__ import annotations

import unicodedata


def transliterate(text: str) -> str:
    """NFD with the marks dropped, and đ→d, Đ→D; everything else as it was."""
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # đ/Đ are letters of their own, not d + a mark, so NFD leaves them.
    return plain.replace("đ", "d").replace("Đ", "D")


def holder_name(text: str) -> str:
    """An account holder's name as bank apps show it after a scan: upper case, no diacritics.

    "Nguyễn Văn An" → "NGUYEN VAN AN" (runs of spaces become one), so a card shows what the payer
    will see and can compare.
    """
    return " ".join(transliterate(text).upper().split())
