"""`langso vietqr` and `langso banks`: payment QR codes and the bank list from the command line.

Thin click commands over qr/; they need no Flask app and no database. User errors become one
line on stderr and exit code 2.
"""

from __future__ import annotations

from pathlib import Path

import click

from kiosk import atomic
from qr import banks, render, vietqr
from qr.emv import PayloadError


class InputError(click.ClickException):
    """Bad user input: click prints "Error: <message>" on one line and exits with code 2."""

    exit_code = 2

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
            raise InputError(f"Thiếu {name} (xem --help).") from None
        except click.NoSuchOption as error:
            raise InputError(f"Không có tùy chọn {error.option_name} (xem --help).") from None
        except click.UsageError as error:
            raise InputError(
                f"Dòng lệnh không hợp lệ: {_one_line(error.format_message())} (xem --help)."
            ) from None


def _one_line(text: str) -> str:
    return " ".join(text.split())


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
        raise InputError("Chỉ chọn một trong hai: --png hoặc --svg.")
    try:
        found = banks.lookup(bank)
        text, changed = vietqr.normalize_purpose(purpose) if purpose else ("", False)
        code = vietqr.payload(found.bin, account, amount, text or None,
                              service="card" if card else "account")
    except PayloadError as error:
        raise InputError(_one_line(str(error))) from None
    target = png_path or svg_path
    if target:
        level = render.error_level("payment")
        data = (render.to_png(code, level) if png_path
                else render.to_svg(code, level).encode("utf-8"))
        try:
            atomic.write_bytes(target, data)  # temp file in the same folder, fsync, os.replace
        except OSError as error:
            raise InputError(
                _one_line(f"Không ghi được tệp '{target}': {error.strerror or error}.")
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
        raise InputError(f"Không có ngân hàng nào khớp với '{query}'.")
    for bank in found:
        click.echo(f"{bank.bin}  {bank.code:<10}  {bank.short_name:<17}  {bank.name}")
