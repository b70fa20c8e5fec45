"""How the `langso` commands report bad input: one Vietnamese line on stderr, exit code 2."""

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


class OneLineCommand(click.Command):
    """A click command whose usage errors are one Vietnamese line too, not usage + hint."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.MissingParameter as error:
            name = error.param.opts[0] if error.param and error.param.opts else error.param_hint
            raise UserError(f"Thiếu {name} (xem --help).") from None
        except click.NoSuchOption as error:
            raise UserError(f"Không có tùy chọn {error.option_name} (xem --help).") from None
        except click.UsageError as error:
            raise UserError(
                f"Dòng lệnh không hợp lệ: {error.format_message()} (xem --help)."
            ) from None
