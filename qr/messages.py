"""Words qr/ makes for people: a Vietnamese msgid marked with N_() and its values kept apart.

qr/ runs without Flask and without a page language, so it cannot translate; it keeps the msgid
and the values, so a page can translate first and fill in after (kiosk.web.i18n.problem_text),
while str() is the Vietnamese sentence the CLI prints.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 — gettext's conventional name for "mark, do not translate"
    """Mark `message` for extraction into the catalog (pybabel -k N_) and return it unchanged.

    kiosk.problems re-exports it (qr/ never imports kiosk, so the one marker lives here).
    """
    return message


def fill(template: str, params: tuple[tuple[str, object], ...]) -> str:
    """The msgid with its values filled in; without values it is used as written (a literal %
    needs no doubling), as kiosk.problems.problem does."""
    return template % dict(params) if params else template


class Message:
    """A sentence for people that a page may translate: `template` (msgid) and `params` (values)."""

    __slots__ = ("params", "template")

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = tuple(params.items())

    @property
    def message(self) -> str:
        """The Vietnamese sentence, values filled in."""
        return fill(self.template, self.params)

    def __str__(self) -> str:
        return self.message

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return (self.template, self.params) == (other.template, other.params)

    def __hash__(self) -> int:
        return hash((self.template, self.params))

    def __repr__(self) -> str:
        return f"Message({self.message!r})"
