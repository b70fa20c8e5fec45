"""`langso backup OUT` and `langso restore FILE`: full backups of the data directory as one .zip."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from kiosk.backup import archive, restore
from kiosk.backup.accounts import AccountChanges
from kiosk.cli.errors import UserError
from kiosk.cli.vietnamese import OneLineCommand
from kiosk.timekeeping import localtime


def _data_dir() -> Path:
    return Path(current_app.config["DATA"])


def _summary(counts: dict[str, int]) -> str:
    return (f"{counts.get('guides', 0)} hướng dẫn, {counts.get('sites', 0)} di tích, "
            f"{counts.get('shops', 0)} cửa hàng, {counts.get('users', 0)} tài khoản")


@click.command("backup", cls=OneLineCommand)
@click.argument("out", type=click.Path(path_type=Path))
@with_appcontext
def backup_command(out: Path) -> None:
    """Sao lưu toàn bộ (cơ sở dữ liệu, ảnh, âm thanh) vào OUT: một tệp .zip hoặc một thư mục."""
    if out.is_dir():
        out = out / archive.new_backup_path(_data_dir(), "manual").name
    elif out.suffix.lower() != ".zip":
        raise UserError(f"{out}: tên tệp sao lưu phải có đuôi .zip (hoặc đưa một thư mục)")
    try:
        result = archive.create_backup(_data_dir(), out)
    except archive.BackupError as exc:
        raise UserError(str(exc)) from exc
    except sqlite3.Error as exc:
        raise UserError(f"không đọc được cơ sở dữ liệu: {exc}") from exc
    except OSError as exc:
        raise UserError(f"không ghi được {out}: {exc.strerror or exc}") from exc
    for name in result.missing_media:
        click.echo(f"cảnh báo: tệp media/{name[:2]}/{name} bị mất hoặc hỏng trên đĩa, "
                   "không có trong bản sao lưu", err=True)
    out = result.path  # another name if a backup already had this one
    size = out.stat().st_size
    click.echo(f"Đã sao lưu vào {out} ({size // 1024} KB): {_summary(result.counts)}, "
               f"{result.media_files} tệp ảnh/âm thanh.")


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _ask_about_accounts(yes: bool):
    """The restore's question before accounts change: list them, then --yes, a y/N, or refuse."""

    def ask(changes: AccountChanges) -> bool:
        click.echo("Bản sao lưu này sẽ thay đổi tài khoản đăng nhập:")
        for line in changes.lines():
            click.echo(f"  {line}")
        if yes:
            return True
        if not _stdin_is_terminal():
            raise UserError("khôi phục sẽ thay đổi tài khoản (xem ở trên) mà không có ai để hỏi; "
                            "kiểm tra rồi chạy lại với --yes; dữ liệu chưa thay đổi")
        return click.confirm("Vẫn khôi phục?", default=False)

    return ask


@click.command("restore", cls=OneLineCommand)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True,
              help="Không hỏi lại khi tài khoản bị thêm, xóa hay đổi (dùng trong script).")
@with_appcontext
def restore_command(file: Path, yes: bool) -> None:
    """Thay toàn bộ nội dung bằng bản sao lưu FILE sau khi kiểm tra; dữ liệu hiện có được lưu trước.

    Nếu bản sao lưu thêm, xóa hay đổi tài khoản đăng nhập, các tài khoản đó được liệt kê và bạn
    được hỏi lại; khi không có màn hình dòng lệnh để hỏi, lệnh từ chối trừ khi có --yes.
    """
    if not file.is_file():
        raise UserError(f"không có tệp {file}")
    try:
        result = restore.restore_backup(_data_dir(), file,
                                       confirm_accounts=_ask_about_accounts(yes))
    except archive.BackupError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        raise UserError(f"không khôi phục {file.name}: {len(exc.problems)} vấn đề (xem ở trên); "
                        "dữ liệu chưa thay đổi") from exc
    except (sqlite3.Error, OSError) as exc:
        # The database is wholly old or wholly restored (one SQLite transaction); say how to tell.
        reason = getattr(exc, "strerror", None) or exc
        raise UserError(f"khôi phục dừng giữa chừng ({reason}); dữ liệu cũ vẫn ở "
                        f"{archive.backups_dir(_data_dir())}; xem `langso status`") from exc
    made = localtime.format_local(result.created_at, archive.hamlet_zone(_data_dir()))
    click.echo(f"Đã khôi phục bản sao lưu lúc {made}: {_summary(result.counts)}; "
               f"chép thêm {result.media_copied} tệp ảnh/âm thanh.")
    if result.before_restore is not None:
        click.echo(f"Dữ liệu trước khi khôi phục được lưu ở {result.before_restore}")
