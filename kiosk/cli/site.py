"""`langso export-site OUTDIR [--base-url URL]`: the static copy of the public phone pages."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from kiosk.cli.errors import UserError
from kiosk.cli.vietnamese import OneLineCommand
from kiosk.web.static_export import ExportError, export_site


@click.command("export-site", cls=OneLineCommand)
@click.argument("outdir", type=click.Path(path_type=Path))
@click.option("--base-url", metavar="URL",
              help="Nơi bản sao sẽ được đăng, ví dụ https://xa-an-hoa.vn/thon-dong-hoa "
                   "(mã chia sẻ trỏ về đó; mặc định: thiết lập public_base_url).")
@with_appcontext
def export_site_command(outdir: Path, base_url: str | None) -> None:
    """Xuất các trang di tích và cửa hàng thành tệp tĩnh để chép USB hoặc đăng lên web.

    OUTDIR/index.html là trang giới thiệu thôn. Chạy lại sẽ thay bản xuất trước trong một bước;
    thư mục đang chứa thứ khác sẽ bị từ chối.
    """
    try:
        result = export_site(outdir, base_url)
    except ExportError as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise UserError(f"không ghi được {outdir}: {exc.strerror or exc}") from exc
    click.echo(f"Đã xuất {result.pages} trang, {result.files} tệp "
               f"({result.bytes // 1024} KB) vào {outdir}")
