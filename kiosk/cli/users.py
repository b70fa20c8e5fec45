"""`langso create-user` and `langso reset-password`: accounts are made here, never by default."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from kiosk import db, users
from kiosk.cli.errors import UserError
from kiosk.cli.vietnamese import OneLineCommand


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _read_password() -> str:
    """Twice at a terminal; one line from standard input otherwise (for scripts)."""
    if _stdin_is_terminal():
        # Asked twice here rather than with click's confirmation_prompt, whose mismatch message
        # is English.
        first = click.prompt("Mật khẩu", hide_input=True)
        if click.prompt("Nhập lại mật khẩu", hide_input=True) != first:
            raise UserError("hai lần nhập mật khẩu không khớp; chưa có gì thay đổi")
        return first
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise UserError("không đọc được mật khẩu từ đầu vào chuẩn")
    return line


def _connect():
    return db.connect(Path(current_app.config["DATA"]) / db.DB_NAME)


@click.command("create-user", cls=OneLineCommand)
@click.argument("name")
@click.option("--role", type=click.Choice(users.ROLES), required=True,
              help="admin: quản lý cả tài khoản và thiết lập; member: sửa nội dung và in.")
@with_appcontext
def create_user_command(name: str, role: str) -> None:
    """Tạo tài khoản cho thành viên Tổ; mật khẩu được hỏi hai lần (hoặc đọc từ đầu vào chuẩn)."""
    password = _read_password()
    conn = _connect()
    try:
        with db.transaction(conn):
            user = users.create_user(conn, name, password, role)
            users.record(conn, "langso (dòng lệnh)", "thêm tài khoản", user.name,
                         users.ROLE_LABELS[user.role])
    except users.AccountError as exc:
        raise UserError(str(exc)) from exc
    finally:
        conn.close()
    click.echo(f"Đã tạo tài khoản {user.name} ({user.role}).")


@click.command("reset-password", cls=OneLineCommand)
@click.argument("name")
@with_appcontext
def reset_password_command(name: str) -> None:
    """Đặt mật khẩu mới cho một tài khoản (hỏi hai lần, hoặc đọc từ đầu vào chuẩn)."""
    password = _read_password()
    conn = _connect()
    try:
        with db.transaction(conn):
            users.set_password(conn, name, password)
            users.record(conn, "langso (dòng lệnh)", "đặt lại mật khẩu", name)
    except users.AccountError as exc:
        raise UserError(str(exc)) from exc
    finally:
        conn.close()
    click.echo(f"Đã đặt mật khẩu mới cho {name}.")
