"""Markdown → safe HTML for stories and intros: CommonMark with raw HTML shown as text."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

# "js-default" is CommonMark with html=False (tags are escaped, not rendered) and linkify off;
# link validation refuses javascript:, vbscript:, file: and most data: URLs.
_md = MarkdownIt("js-default")


@lru_cache(maxsize=256)
def render(text: str) -> Markup:
    """The HTML of a Markdown text; safe to insert in a page as is."""
    return Markup(_md.render(text or ""))
