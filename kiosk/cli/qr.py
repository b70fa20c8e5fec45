"""`langso vietqr` and `langso banks`: payment QR codes and the bank list from the command line.

Thin click commands over qr/; they need no Flask app and no database. User errors become one
line on stderr and exit code 2.
"""

from __future__ import annotations

from pathlib import Path

import click

from kiosk import atomic
from kiosk.cli.errors import UserError
from kiosk.cli.vietnamese import OneLineCommand
from qr import banks, render, vietqr
from qr.emv import PayloadError


@click.command("vietqr", cls=OneLineCommand)
@click.option("--bank", required=True, metavar="BANK",
              help="Ngân hàng: mã BIN (970436), tên viết tắt (VCB) hoặc tên thường gọi"
                   " (Vietcombank).")
@click.option("--account", required=True, metavar="ACCT",
              help="Số tài khoản (hoặc số thẻ với --card).")
@click.option("--name", metavar="HOLDER",
              help="Tên chủ tài khoản, chỉ để đối chiếu; không ghi vào mã.")
@click.option("--amount", metavar="VND", help="Số tiền (đồng), ví dụ 150000 hoặc 150.000.")
@click.option("--purpose", metavar="TEXT",
              help="Nội dung chuyển khoản (tối đa 25 ký tự, sẽ được bỏ dấu).")
@click.option("--card", is_flag=True, help="Chuyển vào số thẻ thay vì số tài khoản.")
@click.option("--png", "png_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Ghi mã QR ra tệp PNG.")
@click.option("--svg", "svg_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Ghi mã QR ra tệp SVG.")
def vietqr_command(bank: str, account: str, name: str | None, amount: str | None,
                   purpose: str | None, card: bool, png_path: Path | None,
                   svg_path: Path | None) -> None:
    """In mã VietQR chuyển khoản (payload) ra màn hình; tùy chọn ghi ảnh PNG hoặc SVG."""
    if png_path and svg_path:
        raise UserError("Chỉ chọn một trong hai: --png hoặc --svg.")
    try:
        found = banks.lookup(bank)
        text, changed = vietqr.normalize_purpose(purpose) if purpose else ("", False)
        code = vietqr.payload(found.bin, account, amount, text or None,
                              service="card" if card else "account")
    except PayloadError as error:
        raise UserError(str(error)) from None
    target = png_path or svg_path
    if target:
        level = render.error_level("payment")
        data = (render.to_png(code, level) if png_path
                else render.to_svg(code, level).encode("utf-8"))
        try:
            atomic.write_bytes(target, data)  # temp file in the same folder, fsync, os.replace
        except OSError as error:
            raise UserError(
                f"Không ghi được tệp '{target}': {error.strerror or error}."
            ) from None
    # Notes go to stderr only after everything succeeded, so an error stays a single line.
    if changed:
        click.echo(f"Lưu ý: nội dung chuyển khoản đã được bỏ dấu thành '{text}'.", err=True)
    warning = vietqr.amount_warning(vietqr.parse(code).amount)
    if warning:
        click.echo(f"Lưu ý: {warning}", err=True)
    holder = f", chủ tài khoản {name.strip()}" if name and name.strip() else ""
    click.echo(f"{found.short_name} ({found.bin}) – {account.strip()}{holder}", err=True)
    if target:
        click.echo(f"Đã ghi {target}", err=True)
    click.echo(code)


@click.command("banks", cls=OneLineCommand)
@click.argument("query", required=False, default="")
def banks_command(query: str) -> None:
    """Liệt kê ngân hàng khớp QUERY (mã BIN, mã viết tắt, tên ngắn, tên đầy đủ)."""
    found = banks.search(query)
    if not found:
        raise UserError(f"Không có ngân hàng nào khớp với '{query}'.")
    for bank in found:
        click.echo(f"{bank.bin}  {bank.code:<10}  {bank.short_name:<17}  {bank.name}")
