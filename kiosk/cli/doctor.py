"""`langso doctor`: one line per check (OK / CẢNH BÁO / LỖI) with what to fix; exit 2 on any LỖI."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime

import click

from kiosk.cli.options import given_data_dir
from kiosk.cli.vietnamese import OneLineCommand
from kiosk.ops import doctor


@click.command("doctor", cls=OneLineCommand)
@click.option("--port", type=click.IntRange(1, 65535), default=8080, metavar="PORT",
              help="Cổng máy chủ đang chạy (chỉ hỏi trên máy này; mặc định 8080).")
@click.option("--no-server", is_flag=True,
              help="Không hỏi máy chủ đang chạy (ví dụ trước lần chạy đầu tiên).")
def doctor_command(port: int, no_server: bool) -> None:
    """Kiểm tra phông chữ, thư mục dữ liệu, cơ sở dữ liệu, ổ đĩa, đồng hồ, địa chỉ công khai, máy chủ.

    Lệnh không ghi gì vào thư mục dữ liệu nên vẫn chạy được khi thư mục đó hỏng; hãy chạy bằng
    tài khoản của máy chủ (trên Pi: `sudo langso doctor`).
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
