"""`langso serve`: the same server, flags and checks as run_kiosk.py (both call serving.serve)."""

from __future__ import annotations

from pathlib import Path

import click

from kiosk import serving
from kiosk.cli.errors import UserError
from kiosk.cli.options import given_data_dir
from kiosk.cli.vietnamese import OneLineCommand


@click.command("serve", cls=OneLineCommand)
@click.option("--host", default="127.0.0.1", metavar="HOST", help=serving.HOST_HELP)
@click.option("--port", type=int, default=8080, metavar="PORT", help=serving.PORT_HELP)
@click.option("--data", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help=serving.DATA_HELP)
@click.option("--threads", type=int, default=8, metavar="N", help=serving.THREADS_HELP)
def serve_command(host: str, port: int, data: Path | None, threads: int) -> None:
    """Chạy máy chủ kiosk (waitress) cho tới khi dừng; đúng như run_kiosk.py."""
    if problem := serving.flag_problem(port, threads):
        raise UserError(problem)
    code = serving.serve(data or given_data_dir(), host, port, threads)
    if code:
        raise SystemExit(code)
