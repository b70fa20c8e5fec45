"""Short codes, slugs, language codes, pack file names, the public address and accent-folding for
search: one rule each.

Packs, admin forms, backup row checks and the public /h/ and /s/ links all ask here, so a code or
slug one of them accepts is one every other accepts. The reasons are Messages (a Vietnamese msgid
and its values): str() for the CLI and packs, translated on admin pages (kiosk.web.i18n.problem_text).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection
from urllib.parse import urlsplit

from kiosk.problems import N_, Explained
from qr.messages import Message
from qr.text import holder_name

# Short codes (/h/<code>, /s/<code>): upper-case letters and digits without 0, O, 1, I, L, which
# people misread on a printed poster or type wrongly from one.
CODE_ALPHABET = frozenset("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
CODE_MIN, CODE_MAX = 3, 8
# Lower-case ASCII letters, digits and single hyphens, 2–60 characters (the lookahead is the bound).
SLUG_MIN, SLUG_MAX = 2, 60
SLUG_RULE = f"chữ thường không dấu, số và gạch nối, {SLUG_MIN}–{SLUG_MAX} ký tự"
SLUG = re.compile(rf"^(?=[a-z0-9-]{{{SLUG_MIN},{SLUG_MAX}}}$)[a-z0-9]+(?:-[a-z0-9]+)*$")
# 2–3 letters, then optional -subtags (vi, en, tay, hmn, th-nghean).
LANG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$")
# A file inside a pack folder: no path separators, no leading dot, at most 100 characters.
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def check_code(value: str) -> Message | None:
    """Why a short code (/h/<code>, /s/<code>) is not acceptable, or None when it is."""
    if not CODE_MIN <= len(value) <= CODE_MAX:
        return Message(N_("mã %(code)s phải dài %(min)s–%(max)s ký tự"), code=repr(value),
                       min=CODE_MIN, max=CODE_MAX)
    bad = sorted(set(value.upper()) - CODE_ALPHABET)
    if bad:
        return Message(N_("mã %(code)s có ký tự không dùng được: %(chars)s (chỉ chữ in hoa và số, "
                          "không dùng 0, O, 1, I, L để khỏi nhầm)"),
                       code=repr(value), chars=" ".join(bad))
    return None


def normalize_code(code: str) -> str | None:
    """A short code as stored (upper case), or None if it cannot be one (typed 0, O, 1, I, L…)."""
    wanted = code.strip().upper()
    return None if check_code(wanted) else wanted


def check_public_url(url: str) -> Message | None:
    """Why a public base URL cannot be put in QR codes, or None when it can."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Message(N_("phải là địa chỉ bắt đầu bằng http:// hoặc https://, ví dụ "
                          "http://192.168.1.10:8080"))
    if parts.query or parts.fragment:
        return Message(N_("không được có phần ? hay # trong địa chỉ gốc"))
    return None


_CODE_DIGITS = "23456789"
_PREFIX_MAX = 4


def _initials(name: str) -> str:
    """The first letter of each word, without diacritics, kept only if the code alphabet has it."""
    letters = (word[0] for word in holder_name(name).split())
    return "".join(ch for ch in letters if ch in CODE_ALPHABET)[:_PREFIX_MAX]


def suggest_code(name: str, taken: Collection[str], fallback: str = "CH") -> str:
    """A short code for a new shop or site, accepted by check_code and not in `taken`.

    The initials of the name (Quán Phở Bà Tư → QPBT; letters people misread are dropped) or
    `fallback`, then the first free number written with the digits 2–9 only (22, 23 … 99,
    222 …). The same name and the same taken codes always give the same code.
    """
    prefix = _initials(name) or fallback
    for width in range(2, CODE_MAX - len(prefix) + 1):
        for digits in itertools.product(_CODE_DIGITS, repeat=width):
            code = prefix + "".join(digits)
            if code not in taken:
                return code
    # 8⁴ numbers after a 4-letter prefix are all taken: shorten the prefix, which frees more.
    return suggest_code("", taken, prefix[:-1] or "C") if len(prefix) > 1 else _exhausted()


def _exhausted() -> str:
    raise Explained(N_("hết mã ngắn để tạo tự động; hãy tự gõ mã"))


# --- search folding: "bun pho" finds "Bún phở", "d" finds "đ" ---------------------------------
# The admin's search boxes fold both the stored text (shops keep a folded column; guides and sites
# are folded in SQL through the `langso_fold` function every connection registers) and the query.

MAX_QUERY = 100  # characters of a search box kept; longer input is cut before any work
MAX_TERMS = 8


def fold(text: str | None) -> str:
    """Lower case, no diacritics (NFD, marks dropped, đ→d), single spaces; NFC or NFD alike.

    The transliteration is the one bank apps' holder names follow (qr.text.holder_name), cased
    down: one rule for both.
    """
    if not text:
        return ""
    return holder_name(str(text)).casefold()


def terms(query: str) -> list[str]:
    """The folded words of a search box, each of which a match must contain (capped first)."""
    return fold(query[:MAX_QUERY]).split()[:MAX_TERMS]
