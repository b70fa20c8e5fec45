"""Passwords anyone would try first: a shipped list of common ones, repeats and keyboard runs.

Pure functions over the password text (no database, no Flask); kiosk.users turns a weakness into
an AccountError.
"""

from __future__ import annotations

import functools
import string
import unicodedata
from importlib import resources

from kiosk.problems import N_

# Rows of characters people type in order. A password that is a stretch of one of these, forwards
# or backwards, is among the first things a guessing program tries.
RUNS = (
    "01234567890123456789",
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertyuiop[]asdfghjkl;'zxcvbnm,./",
    "1234567890-=",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "qazwsxedcrfvtgbyhnujmikolp",
    "1q2w3e4r5t6y7u8i9o0p",
    "q1w2e3r4t5y6u7i8o9p0",
    "a1b2c3d4e5f6g7h8i9j0",
)


@functools.cache
def load_common() -> frozenset[str]:
    """The shipped list of common passwords, lower-cased (kiosk/data/common-passwords.txt)."""
    text = resources.files("kiosk").joinpath("data/common-passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def _is_repeat(text: str) -> bool:
    """'aaaaaaaaaa', '12341234123', 'abcabcabcabc': one short block typed again and again."""
    return any(text == (text[:size] * (len(text) // size + 1))[:len(text)]
               for size in range(1, len(text) // 2 + 1))


def _is_run(text: str) -> bool:
    return any(text in run or text in run[::-1] for run in RUNS)


def get_weakness(password: str) -> str | None:
    """Why the password would be guessed early (a Vietnamese sentence), or None if no reason."""
    text = unicodedata.normalize("NFC", password).lower()
    squeezed = "".join(text.split())
    # "qwertyuiop2026!" is still qwertyuiop: judge the password without a tail of digits/symbols.
    stem = squeezed.rstrip(string.digits + string.punctuation) or squeezed
    if {text, squeezed, stem} & load_common():
        return N_("mật khẩu này nằm trong danh sách mật khẩu hay dùng nhất, kẻ gian thử nó đầu tiên;"
                " hãy chọn một câu của riêng mình")
    if _is_repeat(squeezed) or (len(stem) >= 4 and _is_repeat(stem)):
        return N_("mật khẩu chỉ là một đoạn ngắn lặp lại (như abcabcabc), rất dễ đoán")
    if _is_run(squeezed) or (len(stem) >= 4 and _is_run(stem)):
        return N_("mật khẩu là một dãy phím hoặc chữ số liền nhau (như 1234567890, qwertyuiop),"
                " rất dễ đoán")
    return None
