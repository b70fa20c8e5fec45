"""Tap-to-explain words: the first use of a glossary term in a step becomes a button.

The explanation is written into the page in brackets right after the term, so a browser without
JavaScript (or a screen reader) reads "OTP (mã số dùng một lần…)"; static/js/glossary.js hides
the brackets and shows the explanation in a large popup when the word is tapped. Every piece of
text is escaped here: the markup is built with Markup.format, never by marking data safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from markupsafe import Markup, escape

from kiosk.models import GlossaryEntry, pick

_TERM = Markup('<button type="button" class="term" data-explain="{explain}">{word}</button>'
               '<span class="term-gloss"> ({explain})</span>')


@lru_cache(maxsize=512)
def _pattern(term: str) -> re.Pattern[str]:
    # Whole words only, any case: "OTP" is not found inside "OTPX", "Mã định danh" is "mã định danh".
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)


def explanations(entries: Iterable[GlossaryEntry], lang: str) -> list[tuple[str, str]]:
    """(term, explanation in `lang`, else Vietnamese), longest terms first so that a longer term
    wins over a shorter one it contains."""
    pairs = [(e.term, pick(e.explanation, lang)[0]) for e in entries]
    return sorted((p for p in pairs if p[1]), key=lambda p: (-len(p[0]), p[0].casefold()))


def mark(text: str, terms: Sequence[tuple[str, str]], seen: set[str]) -> Markup:
    """`text` escaped, with the first use of each term not yet in `seen` made a button.

    `seen` collects the terms explained, so a step's body, tip and warning explain each term once.
    """
    out = Markup()
    rest = text
    while True:
        found = None
        for term, explain in terms:
            if term in seen:
                continue
            match = _pattern(term).search(rest)
            if match and (found is None or match.start() < found[0].start()):
                found = (match, term, explain)
        if found is None:
            return out + escape(rest)
        match, term, explain = found
        seen.add(term)
        out += escape(rest[:match.start()]) + _TERM.format(word=match.group(), explain=explain)
        rest = rest[match.end():]
