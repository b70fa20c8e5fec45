"""A pack's glossary.yaml: words residents may not know, each with a short plain explanation.

    OTP:
      vi: Mã số ngân hàng hay ứng dụng gửi qua tin nhắn…
      en: A one-time code a bank or app sends by text message…

The kiosk turns the first use of a term in a step into a tap-to-explain word (kiosk.web.glossary).
"""

from __future__ import annotations

from typing import Any

from kiosk.models import GlossaryEntry
from kiosk.packs.fields import FieldChecker, line_of
from kiosk.packs.shapes import BIDI_CONTROLS

FILE = "glossary.yaml"
MAX_TERMS = 300
MAX_TERM = 40
MAX_EXPLANATION = 250


def check_term(value: Any) -> str | None:
    """Why `value` cannot be a glossary term, or None."""
    if not isinstance(value, str) or not value.strip():
        return "thuật ngữ phải là chữ, không để trống"
    if value != value.strip() or "  " in value:
        return "thuật ngữ không có dấu cách thừa"
    if len(value) > MAX_TERM:
        return f"thuật ngữ quá dài ({len(value)} ký tự, tối đa {MAX_TERM})"
    if BIDI_CONTROLS.intersection(value) or not any(ch.isalnum() for ch in value):
        return "thuật ngữ phải có chữ hoặc số, không có ký tự điều khiển"
    return None


def load_glossary(checker: FieldChecker) -> list[GlossaryEntry] | None:
    """glossary.yaml checked, in file order; None when the pack has no such file."""
    report = checker.report
    present, data = checker.optional_yaml(FILE, dict, "phải là bảng thuật ngữ: {vi: …, en: …}")
    if not present:
        return None
    if data is None:
        return []
    if len(data) > MAX_TERMS:
        report.error(FILE, f"có {len(data)} thuật ngữ, tối đa {MAX_TERMS}")
    entries: list[GlossaryEntry] = []
    seen: dict[str, str] = {}
    for term, raw in data.items():
        line = line_of(data, term)
        if reason := check_term(term):
            report.error(FILE, reason, str(term), line)
            continue
        term = checker.nfc(FILE, term, term, line)
        if term.casefold() in seen:
            report.error(FILE, f"trùng với thuật ngữ {seen[term.casefold()]!r} (không phân biệt "
                               "chữ hoa, chữ thường)", term, line)
            continue
        seen[term.casefold()] = term
        explanation = checker.i18n(FILE, raw, term, line, limit=MAX_EXPLANATION)
        if explanation:
            entries.append(GlossaryEntry(term, explanation))
    return entries
