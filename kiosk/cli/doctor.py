"""`langso doctor`: one line per check (OK / CẢNH BÁO / LỖI) with what to fix; exit 2 on any LỖI."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime

import click

from kiosk.cli.errors import OneLineCommand
from kiosk.cli.options import given_data_dir
from kiosk.ops import doctor


@click.command("doctor", cls=OneLineCommand)
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True,
              help="Port the server should answer on (this machine only).")
@click.option("--no-server", is_flag=True,
              help="Do not ask the running server (e.g. before the first start).")
def doctor_command(port: int, no_server: bool) -> None:
    """Check fonts, data directory, database, free disk, clock, public address and the server.

    It does not create the app (which would write to the data directory), so it also works when
    the data directory is broken; run it as the server's account (on a Pi: `sudo langso doctor`).
    """
    checks = doctor.run_checks(os.environ, datetime.now(UTC).astimezone(),
                               None if no_server else port, data_dir=given_data_dir())
    for check in checks:
        click.echo(check.line())
    failed = sum(c.level == doctor.FAIL for c in checks)
    warned = sum(c.level == doctor.WARN for c in checks)
    click.echo(f"{failed} lỗi, {warned} cảnh báo.")
    if failed:
        sys.exit(2)
