"""`langso report --month YYYY-MM --out FILE.pdf` and `langso stats --csv OUT.csv`.

Both read the database; counts the running server still holds in memory (at most the last
half minute) appear after its next write.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from kiosk import atomic, db, printing
from kiosk.cli.errors import OneLineCommand, UserError
from kiosk.reporting import activity
from printables import FontError, LayoutError
from printables.report import monthly_report_pdf


def _connect():
    return db.connect(Path(current_app.config["DATA"]) / db.DB_NAME)


def _write(out: Path, data: bytes) -> None:
    try:
        atomic.write_bytes(out, data)
    except OSError as exc:
        raise UserError(f"không ghi được {out}: {exc.strerror or exc}") from exc


@click.command("report", cls=OneLineCommand)
@click.option("--month", required=True, metavar="YYYY-MM", help="The month, e.g. 2026-11.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="PDF file to write.")
@with_appcontext
def report_command(month: str, out: Path) -> None:
    """The monthly report for the commune: help given by skill, payment QR shops, scans, kiosk."""
    conn = _connect()
    try:
        spec = activity.report_spec(conn, month)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    finally:
        conn.close()
    try:
        pdf = monthly_report_pdf(spec, printing.fonts_for(current_app.config))
    except (LayoutError, FontError) as exc:
        raise UserError(str(exc)) from exc
    _write(out, pdf)
    click.echo(f"Đã ghi {out} ({len(pdf) // 1024} KB)")


@click.command("stats", cls=OneLineCommand)
@click.option("--csv", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="CSV file to write (daily counts, UTF-8 for Excel).")
@with_appcontext
def stats_command(out: Path) -> None:
    """Daily usage counts as CSV: kiosk sessions, guide opens and completions, scans, shop views."""
    conn = _connect()
    try:
        data = activity.stats_csv(conn)
    finally:
        conn.close()
    _write(out, data)
    click.echo(f"Đã ghi {out}")
