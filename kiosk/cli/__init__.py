"""The `langso` command: thin click commands over the kiosk's functions.

A plain click group, not Flask's FlaskGroup: `langso --help` lists our commands only (no `run`,
`shell`, `routes`, `--app`, `--debug`), all in Vietnamese. Commands that need the app keep Flask's
`with_appcontext`; the group hands them a ScriptInfo that builds the app from `--data`.
User errors end as one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import ScriptInfo, with_appcontext

from kiosk import __version__, db, store
from kiosk.cli.backup import backup_command, restore_command
from kiosk.cli.commune import commune_group, update_guides_command
from kiosk.cli.doctor import doctor_command
from kiosk.cli.errors import UserError
from kiosk.cli.options import data_option, given_data_dir
from kiosk.cli.printouts import print_group
from kiosk.cli.qr import banks_command, vietqr_command
from kiosk.cli.report import report_command, stats_command
from kiosk.cli.serve import serve_command
from kiosk.cli.site import export_site_command
from kiosk.cli.users import create_user_command, reset_password_command
from kiosk.cli.vietnamese import CommandGroup
from kiosk.packs.check import check, load
from kiosk.packs.export import export_pack
from kiosk.packs.importer import import_pack
from kiosk.problems import PackError


def _create_app():
    from kiosk import create_app

    return create_app(data_dir=given_data_dir())


class LangsoGroup(CommandGroup):
    """The top command: gives every subcommand a ScriptInfo that creates the app on first use."""

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        # Tests pass their own ScriptInfo (app.test_cli_runner()); otherwise the app comes from --data.
        extra.setdefault("obj", ScriptInfo(create_app=_create_app, set_debug_flag=False,
                                           load_dotenv_defaults=False))
        return super().make_context(info_name, args, parent=parent, **extra)


@click.group("langso", cls=LangsoGroup, params=[data_option])
@click.version_option(__version__, "--version", prog_name="langso", message="%(prog)s %(version)s",
                      help="Hiện phiên bản rồi thoát.")
def main() -> None:
    """Làng Số: kiosk hướng dẫn, trang di tích và mã QR thanh toán cho Tổ công nghệ số cộng đồng."""


@main.command("check-pack")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
def check_pack_command(path: Path) -> None:
    """Liệt kê mọi vấn đề của một gói nội dung (thư mục hoặc .zip); mã thoát 2 nếu có lỗi."""
    data, problems = check(path)
    for problem in problems:
        click.echo(str(problem))
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    if data is not None:
        notes = [(f"guides/{g.slug}/guide.yaml: steps[{i}]", s.check["vi"]) for g in data.guides
                 for i, s in enumerate(g.steps, 1) if s.check]
        practice_notes = [(f"guides/{p.slug}/practice.yaml: screens[{i}]", s.check)
                          for p in data.practices for i, s in enumerate(p.screens, 1) if s.check]
        for where, note in notes + practice_notes:
            click.echo(f"{where}: cần kiểm tra trên điện thoại thật: {note}")
        unsourced = [(g.slug, i) for g in data.guides for i, s in enumerate(g.steps, 1)
                     if not s.sources]
        for slug, i in unsourced:
            click.echo(f"guides/{slug}/guide.yaml: steps[{i}]: chưa dẫn nguồn (sources)")
        click.echo(f"{len(data.guides)} hướng dẫn, {len(data.sites)} di tích, {len(data.shops)} cửa hàng;"
                   f" {len(notes)} bước và {len(practice_notes)} màn hình thực hành cần kiểm tra"
                   " trên điện thoại thật;"
                   f" {len(unsourced)} bước chưa dẫn nguồn.")
    click.echo(f"{errors} lỗi, {warnings} cảnh báo.")
    if errors:
        sys.exit(2)


@main.command("import-pack")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@with_appcontext
def import_pack_command(path: Path) -> None:
    """Nhập một gói nội dung trọn vẹn (có gì sai thì không thay đổi gì)."""
    try:
        pack = load(path)
    except PackError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise UserError(f"gói không được nhập: {len(exc.problems)} vấn đề (xem ở trên)") from exc
    conn = db.connect(Path(current_app.config["DATA"]) / db.DB_NAME)
    try:
        counts = import_pack(conn, Path(current_app.config["DATA"]), pack)
    except PackError as exc:
        raise UserError(str(exc)) from exc
    except (OSError, sqlite3.OperationalError) as exc:
        raise UserError(f"không ghi được vào {current_app.config['DATA']} (ổ đĩa đầy hoặc chỉ "
                        f"đọc?): {exc}; chưa có gì thay đổi") from exc
    finally:
        conn.close()
    click.echo(f"Đã nhập {counts['guides']} hướng dẫn, {counts['sites']} di tích, "
               f"{counts['shops']} cửa hàng, {counts['media']} tệp ảnh/âm thanh.")


@main.command("export-pack")
@click.argument("out", type=click.Path(path_type=Path))
@with_appcontext
def export_pack_command(out: Path) -> None:
    """Xuất toàn bộ nội dung thành gói (một thư mục, hoặc tệp .zip nếu OUT có đuôi .zip)."""
    conn = db.connect(Path(current_app.config["DATA"]) / db.DB_NAME)
    try:
        count = export_pack(conn, Path(current_app.config["DATA"]), out)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise UserError(f"không ghi được {out}: {exc.strerror or exc}") from exc
    finally:
        conn.close()
    click.echo(f"Đã xuất {count} tệp vào {out}")


@main.command("status")
@with_appcontext
def status_command() -> None:
    """Cho biết thư mục dữ liệu, phiên bản lược đồ và cơ sở dữ liệu đang chứa gì."""
    conn = db.connect(Path(current_app.config["DATA"]) / db.DB_NAME)
    try:
        click.echo(f"data: {current_app.config['DATA']}")
        click.echo(f"schema: {db.schema_version(conn)}")
        for name, value in store.counts(conn).items():
            click.echo(f"{name}: {value}")
    finally:
        conn.close()


main.add_command(vietqr_command, "vietqr")
main.add_command(banks_command, "banks")
main.add_command(print_group)
main.add_command(create_user_command)
main.add_command(reset_password_command)
main.add_command(backup_command, "backup")
main.add_command(restore_command, "restore")
main.add_command(export_site_command, "export-site")
main.add_command(doctor_command)
main.add_command(serve_command)
main.add_command(report_command)
main.add_command(stats_command)
main.add_command(commune_group)
main.add_command(update_guides_command)
