"""`langso report --month YYYY-MM (--out FILE.pdf | --bundle FILE)` and `langso stats --csv OUT.csv`.

Both read the database; counts the running server still holds in memory (at most the last
half minute) appear after its next write.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from kiosk import __version__, atomic, db, printing
from kiosk.cli.errors import UserError
from kiosk.cli.vietnamese import OneLineCommand
from kiosk.commune import bundle, identity
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
@click.option("--month", required=True, metavar="YYYY-MM", help="Tháng, ví dụ 2026-11.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp PDF để in.")
@click.option("--bundle", "bundle_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp báo cáo có chữ ký để gửi xã (USB, Zalo, thư điện tử).")
@with_appcontext
def report_command(month: str, out: Path | None, bundle_out: Path | None) -> None:
    """Báo cáo tháng gửi xã: PDF để in (--out) và/hoặc tệp có chữ ký của thôn (--bundle)."""
    if out is None and bundle_out is None:
        raise UserError("cần --out TỆP.pdf hoặc --bundle TỆP (hoặc cả hai)")
    conn = _connect()
    try:
        spec = activity.report_spec(conn, month)
        if bundle_out is not None:
            key = identity.load_or_create(Path(current_app.config["DATA"]))
            signed = bundle.sign_bundle(bundle.build_payload(conn, month, key, __version__), key)
    except (ValueError, OSError) as exc:  # a bad month, a damaged or unwritable key file
        raise UserError(str(exc)) from exc
    finally:
        conn.close()
    if bundle_out is not None:
        _write(bundle_out, signed)
        click.echo(f"Đã ghi {bundle_out} — mã nhận diện của thôn: "
                   f"{identity.fingerprint(key.verify_key)}")
    if out is None:
        return
    try:
        pdf = monthly_report_pdf(spec, printing.fonts_for(current_app.config))
    except (LayoutError, FontError) as exc:
        raise UserError(str(exc)) from exc
    _write(out, pdf)
    click.echo(f"Đã ghi {out} ({len(pdf) // 1024} KB)")


@click.command("stats", cls=OneLineCommand)
@click.option("--csv", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp CSV sẽ ghi (số liệu từng ngày, UTF-8 mở được bằng Excel).")
@with_appcontext
def stats_command(out: Path) -> None:
    """Số liệu dùng từng ngày ra CSV: lượt dùng kiosk, mở và xem hết hướng dẫn, lượt quét, xem cửa hàng."""
    conn = _connect()
    try:
        data = activity.stats_csv(conn)
    finally:
        conn.close()
    _write(out, data)
    click.echo(f"Đã ghi {out}")
