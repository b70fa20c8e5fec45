"""The group's `--data DIR` flag: kept on the click context, never written to os.environ.

Every command reads it here (given_data_dir) and hands it on as an argument, so the settings
layering in kiosk.config sees it as the --data flag, above LANGSO_DATA.
"""

from __future__ import annotations

from pathlib import Path

import click

_KEY = "langso.data"


def set_data(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    """Remember `langso --data DIR` for the command that runs (click shares meta with it)."""
    if value:
        ctx.meta[_KEY] = Path(value)


def given_data_dir() -> Path | None:
    """The --data given to `langso` (None: none, or no command is running)."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(_KEY) if ctx is not None else None


data_option = click.Option(["--data"], metavar="DIR", expose_value=False, is_eager=True,
                           callback=set_data,
                           help="Thư mục dữ liệu (mặc định ./data hoặc $LANGSO_DATA).")
