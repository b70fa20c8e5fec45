"""`langso export-site OUTDIR [--base-url URL]`: the static copy of the public phone pages."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from kiosk.cli.errors import OneLineCommand, UserError
from kiosk.web.static_export import ExportError, export_site


@click.command("export-site", cls=OneLineCommand)
@click.argument("outdir", type=click.Path(path_type=Path))
@click.option("--base-url", metavar="URL",
              help="Where the copy will be published, e.g. https://xa-an-hoa.vn/thon-dong-hoa "
                   "(share codes point there; default: the public_base_url setting).")
@with_appcontext
def export_site_command(outdir: Path, base_url: str | None) -> None:
    """Write the heritage and shop pages as static files for a USB stick or any web host.

    OUTDIR/index.html is the hamlet overview. Re-running replaces a previous export in one step;
    a folder holding anything else is refused.
    """
    try:
        result = export_site(outdir, base_url)
    except ExportError as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise UserError(f"không ghi được {outdir}: {exc.strerror or exc}") from exc
    click.echo(f"Đã xuất {result.pages} trang, {result.files} tệp "
               f"({result.bytes // 1024} KB) vào {outdir}")
