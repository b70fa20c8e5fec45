"""Every word a template shows goes through gettext (issue 17): no bare text, no bare title,
placeholder, aria-label or alt attribute. Jinja expressions, tags, scripts and styles are left out;
what remains must be names that are the same in every language (commands, CSS classes, acronyms).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[3] / "kiosk" / "templates"

_JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->|<[^>]*>", re.S | re.I)
_SHOWN_ATTRS = re.compile(r"""\b(?:title|placeholder|aria-label|alt)\s*=\s*"([^"]*)\"""", re.I)
_WORD = re.compile(r"[^\W\d_][^\s<>{}]*")
# The same in every language: commands, file names, CSS classes, URLs, acronyms, the A−/A+ keys,
# paper sizes (A4).
_UNIVERSAL = re.compile(r"[a-z][a-z0-9./_:-]*|https?://\S+|[A-Z]{2,}|A[−+]|A\d|OK")

def bare_words(source: str) -> list[str]:
    """The words of a template that no gettext call covers."""
    outside_jinja = _JINJA.sub(" ", source)
    attributes = " ".join(_SHOWN_ATTRS.findall(outside_jinja))
    text = _TAGS.sub(" ", outside_jinja) + " " + attributes
    return [w for w in _WORD.findall(text) if not _UNIVERSAL.fullmatch(w)]


def _names() -> list[str]:
    return sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("name", _names())
def test_every_word_of_a_template_goes_through_gettext(name):
    words = bare_words((TEMPLATES / name).read_text(encoding="utf-8"))
    assert words == [], f"{name}: wrap these in _(): {words[:10]}"


def test_the_check_sees_text_attributes_and_ignores_what_is_not_words():
    assert bare_words('<p>Xin chào</p>') == ["Xin", "chào"]
    assert bare_words('<input placeholder="Tìm">') == ["Tìm"]
    assert bare_words('<p>{{ _("Xin chào") }}</p><input title="{{ _(\'Tìm\') }}">') == []
    assert bare_words('{% block body_class %}page-home{% endblock %}<b>QR</b> A+ A4') == []
    assert bare_words('<script>const a = "chữ";</script><!-- ghi chú -->') == []
