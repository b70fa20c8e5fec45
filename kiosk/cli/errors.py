"""How the `langso` commands report bad input: one Vietnamese line on stderr, exit code 2.

kiosk.cli.vietnamese turns click's own usage errors into this one too.
"""

from __future__ import annotations

import click


class UserError(click.ClickException):
    """Bad input from the person at the keyboard: one line "Lỗi: …" on stderr, exit code 2."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        # A message from a library may span lines; the terminal gets exactly one.
        super().__init__(" ".join(message.split()))

    def show(self, file=None) -> None:
        """Print "Lỗi: <message>" on stderr (click's own prefix would be English)."""
        click.echo(f"Lỗi: {self.format_message()}", err=True, file=file)

