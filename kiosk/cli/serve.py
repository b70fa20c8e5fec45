"""`langso serve`: the same server, flags and checks as run_kiosk.py (both call serving.serve)."""

from __future__ import annotations

from pathlib import Path

import click

from kiosk import serving
from kiosk.cli.errors import OneLineCommand, UserError
from kiosk.cli.options import given_data_dir


@click.command("serve", cls=OneLineCommand)
@click.option("--host", default="127.0.0.1", help=serving.HOST_HELP)
@click.option("--port", type=int, default=8080, help="port (default 8080)")
@click.option("--data", type=click.Path(path_type=Path), default=None, help=serving.DATA_HELP)
@click.option("--threads", type=int, default=8, help=serving.THREADS_HELP)
def serve_command(host: str, port: int, data: Path | None, threads: int) -> None:
    """Run the kiosk server (waitress) until stopped; what run_kiosk.py runs."""
    if problem := serving.flag_problem(port, threads):
        raise UserError(problem)
    code = serving.serve(data or given_data_dir(), host, port, threads)
    if code:
        raise SystemExit(code)
